// Limits on the relay's public door. One anonymous socket sending `state:resync` 5,000 times made the
// hub build 5,000 snapshots and pushed a device's PUBACK from 2 ms to 8 s. Now:
// - resyncs are coalesced: every socket that asks within the same turn gets the one snapshot built
//   for its audience, and a socket is answered at most once per `resyncEveryMs`; a request while one
//   is pending is dropped (the pending answer covers it);
// - one source (address) may hold at most `perSource` connections, across every namespace (checked
//   at the engine.io handshake, before any namespace code runs).
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';

export const SOCKET_LIMITS = { resyncEveryMs: 1000, perSource: 64 } as const;

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
