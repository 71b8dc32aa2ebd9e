// The HTTP edge's own defences, for every request the hub serves (API, screens, HLS):
// - a state-changing request (POST, PUT, PATCH, DELETE) from a page on another origin is refused
//   (ORIGIN_REFUSED), and one whose body is a CORS "simple" type (text/plain, a form) too: those are
//   how another site makes a signed-in browser send a request without a preflight. SameSite cookies
//   already guard the session; this holds where a browser or an old kiosk does not honour them.
// - security headers: CSP (frame-ancestors 'none'), nosniff, no referrer (follow links carry their
//   token in the URL), no framing.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from './api.ts';

/**
 * What the screens need: their own scripts and styles (Svelte sets inline style attributes), hls.js
 * plays through blob: media and may start a blob: worker, socket.io and MQTT-over-WebSocket connect
 * back to the hub, QR codes are inline SVG, pictures may be data: URLs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' ws: wss:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SIMPLE_TYPES = /^\s*(text\/plain|application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** Whether an Origin header names this very hub (scheme ignored: TLS may end in front of it). */
function sameOrigin(req: FastifyRequest, origin: string): boolean {
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function installEdgeGuards(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if (!CHANGES.has(req.method)) return;
    const origin = req.headers.origin;
    if (origin !== undefined && !sameOrigin(req, origin))
      return reply
        .status(403)
        .send(errorBody('ORIGIN_REFUSED', 'this request came from a page of another site; use the hub’s own screens'));
    const type = req.headers['content-type'];
    if (type !== undefined && SIMPLE_TYPES.test(type))
      return reply
        .status(415)
        .send(errorBody('UNSUPPORTED_MEDIA_TYPE', 'send JSON with Content-Type: application/json'));
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    void reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('x-frame-options', 'DENY');
    return payload;
  });
}

/** A scraper's bearer token matches the configured one (compared in constant time). */
export function scrapeTokenOk(req: FastifyRequest, expected: string | undefined): boolean {
  if (!expected) return false;
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
