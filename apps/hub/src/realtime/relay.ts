// The relay to the screens: socket.io wrapped with a typed emit map. A screen gets a snapshot with a
// revision on connect, then one patch per change, numbered per audience so it can detect a gap.
// Patches are numbered as changes happen and sent once per turn of the event loop, all of a turn's
// patches for an audience in one message: under load each screen gets one frame per turn instead of
// one per change, and an idle hub still sends each change at once.
import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  SocketEvents,
  audiences,
  type Audience,
  type ClientToServerEvents,
  type CollectionName,
  type Patch,
  type ScreenCollections,
  type ScreenState,
  type ServerToClientEvents,
} from '@glassbay/protocol';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { SOCKET_LIMITS, createEventBudget, createResyncGate, createSourceCap, sourceOf } from './socket-guard.ts';
import { collectionAudiences, project, projectState } from './visibility.ts';

export interface RelayDeps {
  http: HttpServer;
  /** The full current state, read from the store. */
  loadState: () => ScreenState;
  /**
   * Decide a socket's audience from its handshake; throw to refuse it. May record what it learnt
   * (a staff session id) in `socket.data` for `disconnectWhere`.
   */
  authorize: (socket: Socket) => Audience;
  metrics: Metrics;
  log: Logger;
  /**
   * Run the send of this turn's patches at the turn's end, told whether its SQLite commit held
   * (turn.ts); a failed commit sends no patch, and every screen gets a fresh snapshot instead.
   */
  atTurnEnd?: (send: (committed: boolean) => void) => void;
  /** Connections one source address may hold, across namespaces (socket-guard.ts). */
  socketsPerSource?: number;
}

type Io = Server<ClientToServerEvents, ServerToClientEvents>;

const nextTick = (send: (committed: boolean) => void) => void setImmediate(() => send(true));

export function createRelay(deps: RelayDeps) {
  const { http, loadState, authorize, metrics, log, atTurnEnd = nextTick } = deps;
  const cap = createSourceCap(deps.socketsPerSource ?? SOCKET_LIMITS.perSource);
  const io: Io = new Server(http, {
    allowRequest: cap.allow,
    serveClient: false,
    // MQTT over WebSocket shares this HTTP server at /mqtt; leave upgrades that are not ours alone.
    destroyUpgrade: false,
    transports: ['websocket', 'polling'],
    maxHttpBufferSize: 64 * 1024,
  });
  const epoch = randomUUID();
  const revs = new Map<Audience, number>(audiences.map((a) => [a, 0]));
  // Numbered but not yet sent. A snapshot taken meanwhile already holds them: a screen drops them
  // as stale (patchVerdict in the protocol).
  const pending = new Map<Audience, Patch[]>(audiences.map((a) => [a, []]));
  let flushQueued = false;
  const snapshotAll = () => {
    const state = loadState();
    for (const audience of audiences)
      io.to(audience).emit(SocketEvents.snapshot, {
        epoch,
        rev: revs.get(audience)!,
        state: projectState(audience, state),
      });
  };
  const flush = () => {
    flushQueued = false;
    for (const [audience, patches] of pending) {
      if (patches.length === 0) continue;
      pending.set(audience, []);
      io.to(audience).emit(SocketEvents.patches, patches);
    }
  };

  io.engine.on('connection', (conn: Parameters<typeof cap.track>[0]) => cap.track(conn));
  const snapshotOf = (audience: Audience) => ({
    epoch,
    rev: revs.get(audience)!,
    state: projectState(audience, loadState()),
  });
  const sendSnapshot = (socket: Socket, audience: Audience) => {
    gate.answered(socket);
    socket.emit(SocketEvents.snapshot, snapshotOf(audience));
  };
  const gate = createResyncGate({
    everyMs: SOCKET_LIMITS.resyncEveryMs,
    build: snapshotOf,
    send: (socket, snapshot) => socket.emit(SocketEvents.snapshot, snapshot),
    audienceOf: (socket) => socket.data.audience as Audience,
  });

  io.use((socket, next) => {
    try {
      socket.data.audience = authorize(socket);
      next();
    } catch (err) {
      next(err instanceof Error ? err : new Error(String(err)));
    }
  });

  io.on('connection', (socket) => {
    const audience = socket.data.audience as Audience;
    void socket.join(audience);
    metrics.screens.inc();
    sendSnapshot(socket, audience);
    const budget = createEventBudget({ burst: SOCKET_LIMITS.eventBurst, perSecond: SOCKET_LIMITS.eventsPerSecond });
    socket.use((_packet, next) => {
      if (budget.spend()) return next();
      // A flood, not a screen: cut it off before its events cost more (a screen reconnects and resyncs).
      log.warn({ audience, source: sourceOf(socket.request) }, 'socket cut off: it sent events too fast');
      socket.disconnect(true);
    });
    socket.on(SocketEvents.resync, (reason) => {
      log.debug({ audience, reason: String(reason).slice(0, 100) }, 'screen asked for a fresh snapshot');
      gate.request(socket);
    });
    socket.on('disconnect', () => metrics.screens.dec());
  });

  return {
    epoch,
    /** Send one change to every audience that may see it. `value: null` removes the item. */
    publish<K extends CollectionName>(collection: K, id: string, value: ScreenCollections[K] | null): void {
      for (const audience of collectionAudiences[collection]) {
        const rev = revs.get(audience)! + 1;
        revs.set(audience, rev);
        // No screen of this audience is connected: one that connects gets a snapshot holding this.
        if (!io.sockets.adapter.rooms.get(audience)?.size) continue;
        // Hidden from an audience that may see the collection (a delivered job leaves the public
        // boards): that audience gets a removal.
        const v = value === null ? null : (project(audience, collection, value) ?? null);
        pending.get(audience)!.push({ epoch, rev, collection, id, value: v } as Patch);
      }
      if (!flushQueued) {
        flushQueued = true;
        atTurnEnd((committed) => {
          if (committed) return flush();
          // The changes these patches describe were rolled back: screens read what is stored.
          flushQueued = false;
          for (const a of audiences) pending.set(a, []);
          log.warn('a turn was not stored; every screen gets a fresh snapshot');
          snapshotAll();
        });
      }
    },
    /** Send every screen a fresh snapshot (the store changed behind the hub's back). */
    refreshAll(): void {
      flush();
      snapshotAll();
    },
    /** Disconnect the sockets whose handshake data matches (a staff session that ended). */
    disconnectWhere(match: (data: Record<string, unknown>) => boolean): void {
      for (const socket of io.sockets.sockets.values())
        if (match(socket.data as Record<string, unknown>)) socket.disconnect(true);
    },
    connected: () => io.engine.clientsCount,
    /** A socket.io namespace of its own (the phone view's follow channel), on the same server. */
    namespace: (name: string) => io.of(name),
    close: () => new Promise<void>((r) => void io.close(() => r())),
  };
}
export type Relay = ReturnType<typeof createRelay>;
