// Per-source rate limits on the public doors that write or look things up: the check-in, the
// returning-customer and booking lookups, a new screen's pairing announcement, the messages' opt-outs. A token bucket per
// door and source address: a burst a busy kiosk never reaches, then a steady rate. Kept in memory
// (a restart resets it, which only helps a real customer) and bounded in size. Written here rather
// than with @fastify/rate-limit: four doors, one rule, no store to configure.
import type { FastifyInstance } from 'fastify';
import { kioskRoutes, notifyRoutes, queueRoutes } from '@glassbay/protocol';
import { errorBody } from './api.ts';

interface Bucket {
  burst: number;
  /** Milliseconds to earn back one request. */
  refillMs: number;
}

/** A kiosk takes a ticket a minute on a busy morning; a screen announces a code every 10 minutes. */
export const RATE_LIMITS: Record<string, Bucket> = {
  [`POST ${queueRoutes.checkIn.path}`]: { burst: 30, refillMs: 2_000 },
  [`POST ${queueRoutes.lookupCustomer.path}`]: { burst: 30, refillMs: 2_000 },
  [`POST ${queueRoutes.findBooking.path}`]: { burst: 30, refillMs: 2_000 },
  [`POST ${kioskRoutes.requestScreenPairing.path}`]: { burst: 10, refillMs: 10_000 },
  // The messages' two public opt-outs (a follow link's, and the gateway's signed one): each costs a
  // hash or an HMAC and a SQLite lookup; a phone or a gateway sends a handful.
  [`POST ${notifyRoutes.followOptOut.path}`]: { burst: 30, refillMs: 2_000 },
  [`POST ${notifyRoutes.notifyGatewayOptOut.path}`]: { burst: 30, refillMs: 2_000 },
};
const MAX_KEYS = 20_000;

export function installRateLimits(app: FastifyInstance, limits = RATE_LIMITS): void {
  const buckets = new Map<string, { tokens: number; at: number }>();
  app.addHook('onRequest', async (req, reply) => {
    const door = `${req.method} ${req.routeOptions.url ?? ''}`;
    const rule = limits[door];
    if (!rule) return;
    const key = `${door} ${req.ip}`;
    const now = Date.now();
    const b = buckets.get(key) ?? { tokens: rule.burst, at: now };
    b.tokens = Math.min(rule.burst, b.tokens + (now - b.at) / rule.refillMs);
    b.at = now;
    buckets.delete(key);
    if (buckets.size >= MAX_KEYS) buckets.delete(buckets.keys().next().value!);
    buckets.set(key, b);
    if (b.tokens < 1) {
      const retry = Math.ceil(((1 - b.tokens) * rule.refillMs) / 1000);
      return reply
        .status(429)
        .header('retry-after', String(retry))
        .send(errorBody('RATE_LIMITED', `too many requests from this device; try again in ${retry} s`));
    }
    b.tokens -= 1;
  });
}
