// Keeps SQLite's write-ahead log short without stalling the hub. By default SQLite checkpoints on
// the committing connection every 1,000 pages: at a thousand sensor readings a second that is a
// copy and an fsync on the event loop every quarter second (a few ms each time), and a third of
// what a reading costs. The hub turns that off on its own connection and checkpoints from a worker
// thread instead, with a connection of its own (checkpoint-worker.mjs).
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.ts';
import type { Db } from './db.ts';

/** What checkpoint-worker.mjs tells the hub. */
type CheckpointReport =
  { kind: 'checkpoint'; walFrames: number; copied: number; busy: boolean } | { kind: 'error'; message: string };

/** SQLite's own default, restored when the worker cannot run. */
const AUTOCHECKPOINT_PAGES = 1000;

export interface Checkpointer {
  /** Checkpoints done since start. */
  count: () => number;
  /** A last checkpoint, then stop the thread; call before closing the database. */
  stop: () => Promise<void>;
}

export function startCheckpointer(db: Db, log: Logger, everyMs = 2000): Checkpointer {
  // Next to this module: src/store/ from source, dist/ in the bundle (build.ts copies it there).
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
    workerData: { file: db.name, everyMs },
  });
  // A hub that fails to start must still exit: the thread alone does not keep the process alive.
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  let count = 0;
  let running = true;
  const fallBack = (why: string) => {
    if (!running) return;
    running = false;
    db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    log.error({ why }, 'the checkpoint thread stopped; SQLite checkpoints on the hub thread again');
  };
  worker.on('message', (r: CheckpointReport) => {
    if (r.kind === 'checkpoint') count++;
    else log.warn({ err: r.message }, 'a SQLite checkpoint failed; the next one will try again');
  });
  worker.on('error', (err) => fallBack(err.message));
  worker.on('exit', (code) => fallBack(`exit code ${code}`));
  return {
    count: () => count,
    stop: () =>
      new Promise<void>((resolve) => {
        if (!running) return resolve();
        running = false;
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
