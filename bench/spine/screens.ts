// The benchmark's screens: socket.io clients spread over worker threads (see screens-worker.ts),
// all writing receipt times into one shared array.
import { Worker } from 'node:worker_threads';
import { defer } from '../cleanup.ts';
import type { FromWorker, ScreensWorkerData, ToWorker } from './screens-worker.ts';

export interface ScreenCounts {
  patches: number;
  messages: number;
  snapshots: number;
  disconnects: number;
}

export interface ScreenPool {
  /** Float64Array[screen][sensor][seq - 1]: when each screen first saw each reading, 0 = never. */
  received: Float64Array;
  close: () => Promise<ScreenCounts>;
}

// tsx's loader hooks do not reach worker threads in Node 20 (nor does `--import` in execArgv):
// the worker registers them itself, then loads the TypeScript entry.
const BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => {
  tsx.register();
  return import(${JSON.stringify(new URL('./screens-worker.ts', import.meta.url).href)});
})`;

export async function openScreens(opts: {
  url: string;
  screens: number;
  workers: number;
  sensorIds: string[];
  seqsPerSensor: number;
  seqBase: number;
  timeoutMs?: number;
}): Promise<ScreenPool> {
  const S = opts.sensorIds.length;
  const shared = new SharedArrayBuffer(opts.screens * S * opts.seqsPerSensor * Float64Array.BYTES_PER_ELEMENT);
  const workers: Worker[] = [];
  const release = defer(async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  });
  const per = Math.ceil(opts.screens / opts.workers);
  const ready: Promise<void>[] = [];
  for (let first = 0; first < opts.screens; first += per) {
    const data: ScreensWorkerData = {
      url: opts.url,
      first,
      count: Math.min(per, opts.screens - first),
      sensorIds: opts.sensorIds,
      seqsPerSensor: opts.seqsPerSensor,
      seqBase: opts.seqBase,
      received: shared,
    };
    const w = new Worker(BOOT, { eval: true, workerData: data });
    workers.push(w);
    ready.push(
      new Promise<void>((resolve, reject) => {
        w.on('message', (m: FromWorker) => {
          if (m.type === 'ready') resolve();
          else if (m.type === 'error') reject(new Error(`a screen could not connect to ${opts.url}: ${m.message}`));
        });
        w.once('error', reject);
        w.once('exit', (code) => reject(new Error(`a screens worker exited (${code}) before its screens connected`)));
      }),
    );
  }
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all(ready),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${opts.screens} screens did not all connect within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (err) {
    await release();
    throw err;
  } finally {
    clearTimeout(timer);
  }

  return {
    received: new Float64Array(shared),
    async close() {
      const counts = await Promise.all(
        workers.map(
          (w) =>
            new Promise<ScreenCounts>((resolve) => {
              const done = setTimeout(() => resolve({ patches: 0, messages: 0, snapshots: 0, disconnects: 0 }), 5000);
              w.on('message', (m: FromWorker) => {
                if (m.type !== 'closed') return;
                clearTimeout(done);
                resolve({
                  patches: m.patches,
                  messages: m.messages,
                  snapshots: m.snapshots,
                  disconnects: m.disconnects,
                });
              });
              w.postMessage({ type: 'close' } satisfies ToWorker);
            }),
        ),
      );
      await release();
      return counts.reduce((a, c) => ({
        patches: a.patches + c.patches,
        messages: a.messages + c.messages,
        snapshots: a.snapshots + c.snapshots,
        disconnects: a.disconnects + c.disconnects,
      }));
    },
  };
}
