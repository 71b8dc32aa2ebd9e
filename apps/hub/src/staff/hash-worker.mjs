// @ts-check
// A thread of its own for staff password hashes (scrypt), run at a lower CPU priority than the rest
// of the hub (its nice value `nice` higher): a flood of sign-ins then waits for a core instead of taking it from the hub's event
// loop, which answers devices and screens. On Linux a thread's nice value is its own (setpriority on
// the thread's id); elsewhere the thread runs at the hub's priority and says so. Started and
// restarted by hash-threads.ts. Plain JavaScript: a worker thread starts without the TypeScript
// loader the hub may run under.
import { scryptSync } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ nice: number }} */
const { nice } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

/** @type {number | null} */
let tid = null;
try {
  // "/proc/thread-self" links to "<pid>/task/<tid>".
  tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  // Relative to the hub's own: a hub started at nice 5 hashes at 15.
  setPriority(tid, Math.min(19, getPriority(tid) + nice));
} catch {
  tid = null;
}
port.postMessage({ kind: 'ready', tid });

port.on(
  'message',
  /** @param {{ id: number; password: string; salt: Uint8Array; keylen: number; N: number; r: number; p: number; maxmem: number }} m */
  (m) => {
    try {
      const key = scryptSync(m.password, m.salt, m.keylen, { N: m.N, r: m.r, p: m.p, maxmem: m.maxmem });
      port.postMessage({ kind: 'key', id: m.id, key });
    } catch (err) {
      port.postMessage({ kind: 'error', id: m.id, message: /** @type {Error} */ (err).message });
    }
  },
);
