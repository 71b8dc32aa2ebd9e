// A worker thread holding a share of the benchmark's screens. Fifty screens each decoding a thousand
// patches a second are more than one event loop can take beside the publishers on a 2-core machine,
// so the screens are split over worker threads. Each records, per screen, when it first saw each
// (sensor, seq) into a SharedArrayBuffer the main thread reads after the run; the times come from
// clockMs(), the same monotonic clock the publishers use.
import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import {
  SocketEvents,
  type BaySensorView,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@glassbay/protocol';
import { clockMs } from './clock.ts';

export interface ScreensWorkerData {
  url: string;
  /** Global index of this worker's first screen, and how many screens it holds. */
  first: number;
  count: number;
  sensorIds: string[];
  seqsPerSensor: number;
  /** The round's seqs are seqBase + 1 … seqBase + seqsPerSensor; older ones are not this round's. */
  seqBase: number;
  /** Float64Array[screen][sensor][seq - 1] of receipt times, 0 = never seen. */
  received: SharedArrayBuffer;
}

export type ToWorker = { type: 'close' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'error'; message: string }
  | { type: 'closed'; patches: number; messages: number; snapshots: number; disconnects: number };

const data = workerData as ScreensWorkerData;
const port = parentPort!;
const received = new Float64Array(data.received);
const S = data.sensorIds.length;
const M = data.seqsPerSensor;
const B = data.seqBase;
const sensorIndex = new Map(data.sensorIds.map((id, i) => [id, i]));

let patches = 0;
/** socket.io messages carrying patches: a relay sends one per turn with all of that turn's patches. */
let messages = 0;
let snapshots = 0;
let disconnects = 0;
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
let waiting = data.count;

for (let i = 0; i < data.count; i++) {
  const base = (data.first + i) * S * M;
  // Highest seq seen per sensor: a patch carries every sensor of its bay, only one of them new.
  const last = new Float64Array(S);
  const seen = (sensors: BaySensorView[], at: number) => {
    for (const s of sensors) {
      const k = sensorIndex.get(s.id);
      if (k === undefined || s.seq === null) continue;
      const seq = s.seq - B;
      if (seq <= last[k]! || seq > M) continue;
      last[k] = seq;
      received[base + k * M + seq - 1] = at;
    }
  };
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(data.url, {
    transports: ['websocket'],
    auth: { audience: 'public' },
    forceNew: true,
    reconnection: false,
  });
  socket.on(SocketEvents.patches, (batch) => {
    const at = clockMs();
    messages++;
    for (const p of batch) {
      patches++;
      if (p.collection === 'bays' && p.value) seen(p.value.sensors, at);
    }
  });
  let first = true;
  socket.on(SocketEvents.snapshot, (s) => {
    const at = clockMs();
    snapshots++;
    for (const bay of Object.values(s.state.bays)) seen(bay.sensors, at);
    if (first) {
      first = false;
      if (--waiting === 0) port.postMessage({ type: 'ready' } satisfies FromWorker);
    }
  });
  socket.on('connect_error', (err) =>
    port.postMessage({ type: 'error', message: `screen ${data.first + i}: ${err.message}` } satisfies FromWorker),
  );
  socket.on('disconnect', () => disconnects++);
  sockets.push(socket);
}

port.on('message', (msg: ToWorker) => {
  if (msg.type !== 'close') return;
  const counts = { patches, messages, snapshots, disconnects };
  for (const s of sockets) s.close();
  port.postMessage({ type: 'closed', ...counts } satisfies FromWorker);
});
