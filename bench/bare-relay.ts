// The floor of the hub's stack: an aedes broker and a socket.io server in one process, relaying each
// bay sensor reading to every screen as the same kind of patch the hub sends, batched per event-loop
// turn as the hub batches them (realtime.ts), with no authentication, validation or storage.
// `pnpm bench spine` measures it beside the hub under the same load.
//
// Run as a child process: `node --import tsx bench/bare-relay.ts`. Prints one JSON line
// {"msg":"bare relay started","http":…,"mqtt":…} and stops on SIGTERM, SIGINT or when stdin closes
// (the bench that started it is gone).
import { Aedes } from 'aedes';
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import {
  SocketEvents,
  emptyState,
  parseTopic,
  type BayView,
  type ClientToServerEvents,
  type Patch,
  type ServerToClientEvents,
} from '@glassbay/protocol';
import { BARE_READY_MSG } from './spine/ready.ts';

const host = '127.0.0.1';
const aedes = await Aedes.createBroker();
const tcp = createServer({ noDelay: true }, (socket) => aedes.handle(socket));
await new Promise<void>((r) => tcp.listen(0, host, () => r()));

const http = createHttpServer();
// The same socket.io options as the hub's relay, so the comparison measures the hub, not a setting.
const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
  serveClient: false,
  transports: ['websocket', 'polling'],
  maxHttpBufferSize: 64 * 1024,
});
await new Promise<void>((r) => http.listen(0, host, () => r()));

const epoch = randomUUID();
let rev = 0;
// Bays exist as soon as a sensor speaks; a screen gets the same BayView shape the hub sends.
const state = emptyState();
io.on('connection', (socket) => {
  socket.emit(SocketEvents.snapshot, { epoch, rev, state });
});

aedes.on('publish', (packet, client) => {
  if (!client) return; // the broker's own $SYS and retained replays
  const t = parseTopic(packet.topic);
  if (t?.kind !== 'baySensor') return;
  const r = JSON.parse(packet.payload.toString()) as { seq: number; ts: number; occupied?: boolean };
  const now = Date.now();
  let bay = state.bays[t.bayId];
  if (!bay) {
    bay = { id: t.bayId, name: t.bayId, position: 0, occupied: null, lift: null, door: null, since: null, sensors: [] };
    state.bays[t.bayId] = bay;
  }
  let sensor = bay.sensors.find((s) => s.id === t.deviceId);
  if (!sensor) {
    sensor = { id: t.deviceId, online: true, lastSeen: null, seq: null };
    bay.sensors.push(sensor);
  }
  sensor.seq = r.seq;
  sensor.lastSeen = now;
  if (r.occupied !== undefined && r.occupied !== bay.occupied) {
    bay.occupied = r.occupied;
    bay.since = now;
  }
  rev += 1;
  // A copy: the bay object changes again before the batch goes out.
  pending.push({ epoch, rev, collection: 'bays', id: t.bayId, value: structuredClone(bay) satisfies BayView });
  if (pending.length === 1) setImmediate(flush);
});

let pending: Patch[] = [];
function flush() {
  const batch = pending;
  pending = [];
  io.emit(SocketEvents.patches, batch);
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void io.close();
  aedes.close(() => tcp.close(() => process.exit(0)));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop).resume();

const port = (s: { address(): AddressInfo | string | null }) => (s.address() as AddressInfo).port;
process.stdout.write(
  JSON.stringify({ msg: BARE_READY_MSG, http: `http://${host}:${port(http)}`, mqtt: `mqtt://${host}:${port(tcp)}` }) +
    '\n',
);
