// Limits on the relay's public door. One anonymous socket sending `state:resync` 5,000 times made the
// hub build 5,000 snapshots and pushed a device's PUBACK from 2 ms to 8 s. Now:
// - resyncs are coalesced: every socket that asks within the same turn gets the one snapshot built
//   for its audience, and a socket is answered at most once per `resyncEveryMs`; a request while one
//   is pending is dropped (the pending answer covers it);
// - one source (address) may hold at most `perSource` connections, across every namespace (checked
//   at the engine.io handshake, before any namespace code runs);
// - a socket that sends more than `eventBurst` events, refilled at `eventsPerSecond`, is cut off:
//   a screen sends a resync now and then, never thousands a second, and each event it sends costs
//   the hub's one thread a parse and a dispatch even when its answer is coalesced away.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';

export const SOCKET_LIMITS = { resyncEveryMs: 1000, perSource: 64, eventBurst: 30, eventsPerSecond: 2 } as const;

/**
 * Per-socket event budget (a token bucket): `spend()` is false once the socket sent more than
 * `burst` events faster than `perSecond` refills them.
 */
export function createEventBudget(limits: { burst: number; perSecond: number }, now = Date.now) {
  let tokens = limits.burst;
  let at = now();
  return {
    spend(): boolean {
      const t = now();
      tokens = Math.min(limits.burst, tokens + ((t - at) / 1000) * limits.perSecond);
      at = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

export const sourceOf = (req: IncomingMessage) => (req.socket.remoteAddress ?? '?').replace(/^::ffff:/, '');

/** Per-source connection counts for engine.io's `allowRequest`. */
export function createSourceCap(perSource: number) {
  const open = new Map<string, number>();
  return {
    allow: (req: IncomingMessage, cb: (err: string | null | undefined, ok: boolean) => void) => {
      const n = open.get(sourceOf(req)) ?? 0;
      if (n >= perSource) return cb('TOO_MANY_CONNECTIONS', false);
      cb(null, true);
    },
    /** Count an engine.io connection until it closes. */
    track(conn: { request: IncomingMessage; on(event: 'close', fn: () => void): unknown }) {
      const source = sourceOf(conn.request);
      open.set(source, (open.get(source) ?? 0) + 1);
      conn.on('close', () => {
        const n = (open.get(source) ?? 1) - 1;
        if (n <= 0) open.delete(source);
        else open.set(source, n);
      });
    },
  };
}

/**
 * Coalesced, rate-limited snapshots. `build(audience)` makes one snapshot; `send` gives it to a socket.
 */
export function createResyncGate<A extends string, S>(opts: {
  everyMs: number;
  build: (audience: A) => S;
  send: (socket: Socket, snapshot: S) => void;
  audienceOf: (socket: Socket) => A;
  onDrop?: () => void;
}) {
  const lastAt = new WeakMap<Socket, number>();
  const waiting = new Set<Socket>();
  const deferred = new WeakSet<Socket>();
  let queued = false;

  const flush = () => {
    queued = false;
    const built = new Map<A, S>();
    for (const socket of waiting) {
      waiting.delete(socket);
      if (socket.disconnected) continue;
      const audience = opts.audienceOf(socket);
      if (!built.has(audience)) built.set(audience, opts.build(audience));
      lastAt.set(socket, Date.now());
      opts.send(socket, built.get(audience)!);
    }
  };
  const enqueue = (socket: Socket) => {
    waiting.add(socket);
    if (!queued) {
      queued = true;
      setImmediate(flush);
    }
  };

  return {
    request(socket: Socket): void {
      if (waiting.has(socket) || deferred.has(socket)) return opts.onDrop?.();
      const wait = (lastAt.get(socket) ?? 0) + opts.everyMs - Date.now();
      if (wait <= 0) return enqueue(socket);
      deferred.add(socket);
      setTimeout(() => {
        deferred.delete(socket);
        enqueue(socket);
      }, wait).unref();
    },
    /** A snapshot sent another way (on connect, to everyone) counts as the socket's last answer. */
    answered: (socket: Socket) => lastAt.set(socket, Date.now()),
  };
}
