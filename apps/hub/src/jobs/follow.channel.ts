// The customer's live channel: a socket.io namespace where each phone proves its follow token in the
// handshake and joins the room of that token only. The hub sends the whole (small) view on every
// change, so a phone never sees another customer's job and needs no revision numbers.
import type { Namespace } from 'socket.io';
import { FollowEvents, type FollowCloseReason, type FollowServerEvents, type FollowView } from '@glassbay/protocol';
import type { Logger } from '../logger.ts';

export interface FollowPush {
  /** Send a view to the phones following this token; `until` is when the link expires (or null). */
  push(tokenHash: string, view: FollowView, until: number | null): void;
  /** Tell the phones why the link stopped working and disconnect them. */
  close(tokenHash: string, reason: FollowCloseReason): void;
  /** Close every link whose time is up. */
  sweep(now: number): void;
}

/** Check a token and say what it shows; throws an error with a stable `code` when it is refused. */
export type FollowResolve = (
  token: string,
  now: number,
) => { tokenHash: string; view: FollowView; until: number | null };

const room = (tokenHash: string) => `follow:${tokenHash}`;

export type FollowNamespace = Namespace<Record<string, never>, FollowServerEvents>;

/**
 * The follow channel in two steps, because the jobs service pushes through it and the customer
 * access that resolves a link is built on that service: first the rooms (what the service pushes
 * to), then `admit` (who may join), once the resolver exists and before the hub listens.
 */
export function createFollowChannel(nsp: FollowNamespace): FollowPush & {
  admit(resolve: FollowResolve, log: Logger): void;
} {
  const expiries = new Map<string, number>();

  const admit = (resolve: FollowResolve, log: Logger) => {
    nsp.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      try {
        const r = resolve(typeof token === 'string' ? token : '', Date.now());
        socket.data.token = token;
        socket.data.tokenHash = r.tokenHash;
        if (r.until !== null) expiries.set(r.tokenHash, r.until);
        next();
      } catch (err) {
        // The phone shows a sentence for the code (expired, unknown); nothing else leaves the hub.
        next(new Error((err as { code?: string }).code ?? 'FOLLOW_LINK_UNKNOWN'));
      }
    });

    nsp.on('connection', (socket) => {
      const hash = socket.data.tokenHash as string;
      void socket.join(room(hash));
      // Resolved again after joining: a change between the handshake and the join is not lost.
      try {
        socket.emit(FollowEvents.view, resolve(socket.data.token as string, Date.now()).view);
      } catch (err) {
        log.debug({ err }, 'follow link refused right after it connected');
        socket.disconnect(true);
      }
    });
  };

  const close = (tokenHash: string, reason: FollowCloseReason) => {
    expiries.delete(tokenHash);
    nsp.to(room(tokenHash)).emit(FollowEvents.closed, reason);
    nsp.in(room(tokenHash)).disconnectSockets(true);
  };

  return {
    admit,
    push(tokenHash, view, until) {
      if (until !== null) expiries.set(tokenHash, until);
      nsp.to(room(tokenHash)).emit(FollowEvents.view, view);
    },
    close,
    sweep(now) {
      for (const [hash, until] of expiries) if (now >= until) close(hash, 'expired');
    },
  };
}
