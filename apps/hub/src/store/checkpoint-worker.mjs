// @ts-check
// The checkpointer's thread: its own connection to the hub's SQLite file, copying the write-ahead
// log into the database every few seconds. A PASSIVE checkpoint copies while the hub goes on
// writing (tens of ms for a few seconds of readings); the RESTART right after it has almost nothing
// left to copy and holds the hub's writes for a fraction of a millisecond, but it is what lets the
// next write start the log from its beginning (under steady writes a PASSIVE one alone never
// catches up, and the log would only grow). Started and stopped by checkpointer.ts, which it tells
// of each checkpoint or failure. Plain JavaScript: a worker thread starts without the TypeScript
// loader the hub may run under.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ file: string; everyMs: number }} */
const { file, everyMs } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const db = new Database(file);
db.pragma('busy_timeout = 5000');

const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    const [r] = /** @type {{ busy: number; log: number; checkpointed: number }[]} */ (
      db.pragma('wal_checkpoint(RESTART)')
    );
    port.postMessage({ kind: 'checkpoint', walFrames: r?.log ?? 0, copied: r?.checkpointed ?? 0, busy: r?.busy === 1 });
  } catch (err) {
    port.postMessage({ kind: 'error', message: /** @type {Error} */ (err).message });
  }
};
const timer = setInterval(checkpoint, everyMs);

port.on('message', (msg) => {
  if (msg !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  port.close();
});
