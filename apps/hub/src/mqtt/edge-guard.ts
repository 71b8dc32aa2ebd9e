// The broker's doors before authentication (BROKER_LIMITS in the protocol, GB-2.5). aedes reads a
// whole packet before it looks at it, whatever size the header declares: four unauthenticated
// CONNECTs declaring 200 MB took the hub from 383 to 805 MB. This reads each packet's fixed header as
// the bytes arrive and cuts the connection as soon as a declared size is over the limit, before any
// of it is buffered. It also counts new connections per source address (a token bucket).
import { Duplex, Transform, type TransformCallback } from 'node:stream';

export class PacketTooLargeError extends Error {
  readonly code = 'MQTT_PACKET_TOO_LARGE';
}

/** Passes bytes through unchanged; errors when a packet's header declares more than `maxBytes`. */
export function packetSizeGuard(maxBytes: number): Transform {
  let state: 'type' | 'length' | 'body' = 'type';
  let length = 0;
  let multiplier = 1;
  let headerBytes = 0;
  let left = 0;
  let tooLarge = false;
  const fail = (done: TransformCallback, message: string) => {
    tooLarge = true;
    done(new PacketTooLargeError(message));
  };
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (tooLarge) return done();
      let i = 0;
      while (i < chunk.length) {
        if (state === 'type') {
          i++;
          headerBytes = 1;
          length = 0;
          multiplier = 1;
          state = 'length';
        } else if (state === 'length') {
          const b = chunk[i++]!;
          headerBytes++;
          length += (b & 0x7f) * multiplier;
          multiplier *= 128;
          if (headerBytes > 5) return fail(done, 'malformed remaining length');
          if (b & 0x80) continue;
          if (length + headerBytes > maxBytes)
            return fail(done, `a packet of ${length + headerBytes} bytes (limit ${maxBytes})`);
          left = length;
          state = left === 0 ? 'type' : 'body';
        } else {
          const take = Math.min(left, chunk.length - i);
          i += take;
          left -= take;
          if (left === 0) state = 'type';
        }
      }
      done(null, chunk);
    },
  });
}

/** The stream aedes gets: reads through the guard, writes straight to the connection. */
export function guarded(conn: Duplex, maxBytes: number, onRefuse: (err: Error) => void): Duplex {
  const guard = packetSizeGuard(maxBytes);
  let refused = false;
  guard.on('error', (err) => {
    // Only the guard's own refusal; a connection that closes aborts the guard too.
    if (refused || !(err instanceof PacketTooLargeError)) return;
    refused = true;
    onRefuse(err);
    conn.destroy();
  });
  conn.on('error', () => {});
  return Duplex.from({ readable: conn.pipe(guard), writable: conn });
}

/** New connections per source: a burst, then a steady rate; bounded in memory. */
export function createConnectRate(opts: { burst: number; perSecond: number; maxSources?: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const max = opts.maxSources ?? 10_000;
  return (source: string, now = Date.now()): boolean => {
    const b = buckets.get(source) ?? { tokens: opts.burst, at: now };
    b.tokens = Math.min(opts.burst, b.tokens + ((now - b.at) / 1000) * opts.perSecond);
    b.at = now;
    buckets.delete(source);
    if (buckets.size >= max) buckets.delete(buckets.keys().next().value!);
    buckets.set(source, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };
}
