// The live store every screen reads: the hub's state for this screen's audience, kept current over
// socket.io. A snapshot replaces the state; each patch must be the next revision of the same epoch,
// otherwise the store asks for a fresh snapshot. When the hub is unreachable the store keeps the last
// state and says since when it is offline, so a screen can say so without going blank.
import {
  SocketEvents,
  applyPatch,
  emptyState,
  patchVerdict,
  type ClientToServerEvents,
  type Held,
  type HandshakeAuth,
  type Patch,
  type ScreenState,
  type ServerToClientEvents,
  type Snapshot,
} from '@glassbay/protocol';
import { io, type Socket } from 'socket.io-client';

const RECONNECT_AFTER_KICK_MS = 5_000;

export type ConnectionStatus = 'connecting' | 'live' | 'offline';

export class LiveStore {
  state = $state<ScreenState>(emptyState());
  /** False until the first snapshot: before that the screen has nothing true to show. */
  ready = $state(false);
  status = $state<ConnectionStatus>('connecting');
  /** When the connection was lost (epoch ms), while `status` is `offline`. */
  offlineSince = $state<number | null>(null);

  #held: Held | null = null;
  /** A resync was requested: later patches wait for the snapshot instead of asking again. */
  #awaitingSnapshot = false;
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;

  constructor(auth: HandshakeAuth = { audience: 'public' }) {
    // Same origin: the hub serves the screens, and the dev server proxies /socket.io to it.
    this.#socket = io({ transports: ['websocket', 'polling'], auth, reconnectionDelayMax: 5_000 });
    this.#socket.on(SocketEvents.snapshot, (s) => this.#onSnapshot(s));
    this.#socket.on(SocketEvents.patches, (batch) => {
      for (const p of batch) this.#onPatch(p);
    });
    this.#socket.on('disconnect', (reason) => {
      this.#lost();
      // socket.io retries on its own after a network loss, but not when the hub closed this socket
      // itself; a screen on the wall has nobody to reload it, so it tries again.
      if (reason === 'io server disconnect') setTimeout(() => this.#socket.connect(), RECONNECT_AFTER_KICK_MS);
    });
    this.#socket.on('connect_error', () => this.#lost());
  }

  #onSnapshot(snapshot: Snapshot): void {
    this.state = snapshot.state;
    this.#held = { epoch: snapshot.epoch, rev: snapshot.rev };
    this.#awaitingSnapshot = false;
    this.ready = true;
    this.status = 'live';
    this.offlineSince = null;
  }

  #onPatch(patch: Patch): void {
    const verdict = patchVerdict(this.#held, patch);
    if (verdict === 'apply' && this.#held) {
      applyPatch(this.state, patch);
      this.#held.rev = patch.rev;
    } else if (verdict === 'gap' && !this.#awaitingSnapshot) {
      this.#awaitingSnapshot = true;
      this.#socket.emit(
        SocketEvents.resync,
        this.#held ? `expected rev ${this.#held.rev + 1}, got ${patch.rev}` : 'no snapshot',
      );
    }
  }

  #lost(): void {
    // A reconnect brings a snapshot on its own; a resync asked on the old connection is void.
    this.#awaitingSnapshot = false;
    if (this.status === 'offline') return;
    this.status = 'offline';
    this.offlineSince = Date.now();
  }

  close(): void {
    this.#socket.close();
  }
}

let publicStore: LiveStore | undefined;

/** The public screens' shared store, connected on first use. */
export function live(): LiveStore {
  return (publicStore ??= new LiveStore());
}
