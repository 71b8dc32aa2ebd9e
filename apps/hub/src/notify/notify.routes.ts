// The notifier's REST edge: the console's status and gateway setting, and the two opt-outs (the
// customer's follow page, and the gateway relaying a STOP reply, signed like a delivery).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  NOTIFY_HEADERS,
  NOTIFY_SIGNATURE_TOLERANCE_MS,
  notifyPaths,
  notifyRoutes,
  notifySignedText,
  parseNotifySignature,
} from '@glassbay/protocol';
import { AppError } from '../domain/errors.ts';
import type { Mount } from '../http/api.ts';
import type { NotifyService } from './notify.service.ts';

/** The opt-out's body is tiny: a phone number. */
const OPT_OUT_MAX_BYTES = 1024;

/**
 * Keep the raw bytes of the gateway's opt-out: its signature covers them exactly as sent (a
 * re-serialised body could differ in spacing or key order).
 */
export function keepRawOptOutBodies(app: FastifyInstance): WeakMap<FastifyRequest, string> {
  const raw = new WeakMap<FastifyRequest, string>();
  app.addHook('preParsing', async (req, _reply, payload) => {
    if (req.routeOptions.url !== notifyPaths.gatewayOptOut) return payload;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of payload as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > OPT_OUT_MAX_BYTES)
        throw new AppError(413, 'BODY_TOO_LARGE', 'the request body is larger than this endpoint accepts');
      chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    raw.set(req, bytes.toString('utf8'));
    return Object.assign(Readable.from([bytes]), { receivedEncodedLength: bytes.length });
  });
  return raw;
}

/** The signature header checks out against the shared secret, within the replay window. */
export function signatureValid(secret: string, header: string | undefined, rawBody: string, now: number): boolean {
  const sig = parseNotifySignature(header);
  if (!sig || Math.abs(now - sig.t) > NOTIFY_SIGNATURE_TOLERANCE_MS) return false;
  const expected = createHmac('sha256', secret).update(notifySignedText(sig.t, rawBody)).digest();
  return timingSafeEqual(expected, Buffer.from(sig.v1, 'hex'));
}

export function mountNotifyRoutes(
  mount: Mount,
  deps: { service: NotifyService; rawBodies: WeakMap<FastifyRequest, string>; hashToken: (token: string) => string },
): void {
  const { service } = deps;
  mount(notifyRoutes.notifyStatus, () => service.status());

  mount(notifyRoutes.notifySettings, ({ body }) => {
    if (body.webhookUrl !== null && !body.secret && !service.gateway())
      throw new AppError(400, 'NOTIFY_SECRET_REQUIRED', 'set a signing secret (16+ characters) with the gateway URL');
    service.saveGateway(body.webhookUrl, body.secret, Date.now());
    return service.status();
  });

  mount(notifyRoutes.notifyGatewayOptOut, ({ body, req }) => {
    const gateway = service.gateway();
    if (!gateway) throw new AppError(409, 'NOTIFY_NOT_CONFIGURED', 'no message gateway is set up on this hub');
    const header = req.headers[NOTIFY_HEADERS.signature.toLowerCase()];
    if (
      !signatureValid(
        gateway.secret,
        typeof header === 'string' ? header : undefined,
        deps.rawBodies.get(req) ?? '',
        Date.now(),
      )
    )
      throw new AppError(
        401,
        'NOTIFY_SIGNATURE_INVALID',
        `sign the request as deliveries are signed (${NOTIFY_HEADERS.signature}: t=…,v1=…), with a current timestamp`,
      );
    return { optedOut: service.optOutPhone(body.phone, Date.now()) };
  });

  mount(notifyRoutes.followOptOut, ({ params }) => ({
    optedOut: service.optOutVisit(deps.hashToken(params.token), Date.now()),
  }));
}
