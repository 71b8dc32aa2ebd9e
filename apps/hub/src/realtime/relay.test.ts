// The relay on a real socket.io server and real clients: what a screen receives when the hub changes
// several things at once, and when it is sent a fresh snapshot with changes still on their way.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import {
  SocketEvents,
  emptyState,
  type BayView,
  type ClientToServerEvents,
  type Patch,
  type ScreenState,
  type ServerToClientEvents,
  type Snapshot,
} from '@glassbay/protocol';
import { createLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { createRelay, type Relay } from './relay.ts';

const bay = (id: string, occupied: boolean): BayView => ({
  id,
  name: id,
  position: 1,
  occupied,
  lift: null,
  door: null,
  since: 1,
  sensors: [],
});

type Received = { kind: 'snapshot'; snapshot: Snapshot } | { kind: 'patches'; patches: Patch[] };

describe('relay', () => {
  let http: Server;
  let relay: Relay;
  let url: string;
  let store: ScreenState;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    store = emptyState();
    http = createServer();
    relay = createRelay({
      http,
      loadState: () => structuredClone(store),
      authorize: () => 'public',
      metrics: createMetrics(),
      log: createLogger('silent'),
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await relay.close();
  });

  /** A screen that records every message it receives, in order. */
  async function screen(): Promise<Received[]> {
    const got: Received[] = [];
    const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      transports: ['websocket'],
      forceNew: true,
    });
    sockets.push(s);
    s.on(SocketEvents.snapshot, (snapshot) => got.push({ kind: 'snapshot', snapshot }));
    s.on(SocketEvents.patches, (patches) => got.push({ kind: 'patches', patches }));
    await new Promise<void>((r) => s.once(SocketEvents.snapshot, () => r()));
    return got;
  }
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(ok()).toBe(true);
  };

  it('sends the changes of one moment as one message, numbered in the order they happened', async () => {
    const got = await screen();
    const change = (id: string, occupied: boolean) => {
      store.bays[id] = bay(id, occupied);
      relay.publish('bays', id, store.bays[id]!);
    };
    change('bay-1', true);
    change('bay-2', true);
    change('bay-1', false);
    await until(() => got.length === 2);
    const [, second] = got;
    expect(second?.kind).toBe('patches');
    const patches = second?.kind === 'patches' ? second.patches : [];
    expect(patches.map((p) => [p.id, p.rev, (p.value as BayView).occupied])).toEqual([
      ['bay-1', 1, true],
      ['bay-2', 2, true],
      ['bay-1', 3, false],
    ]);

    // A later change is the next revision, in a message of its own.
    change('bay-2', false);
    await until(() => got.length === 3);
    const third = got[2];
    expect(third?.kind === 'patches' && third.patches.map((p) => p.rev)).toEqual([4]);
  });

  it('sends changes still on their way before a fresh snapshot that already holds them', async () => {
    const got = await screen();
    store.bays['bay-1'] = bay('bay-1', true);
    relay.publish('bays', 'bay-1', store.bays['bay-1']);
    relay.refreshAll();
    await until(() => got.length === 3);
    expect(got.map((m) => m.kind)).toEqual(['snapshot', 'patches', 'snapshot']);
    const last = got[2];
    expect(last?.kind === 'snapshot' && last.snapshot.rev).toBe(1);
    expect(last?.kind === 'snapshot' && last.snapshot.state.bays['bay-1']?.occupied).toBe(true);
  });
});
