// The threads that hash staff passwords (hash-worker.mjs), 10 nicer than the hub on Linux. scrypt on Node's
// libuv pool ran at the hub's own priority: on a 2-core box a flood of sign-ins' hashes took a core
// and the hub's event loop, the device and the screens waited for the other (a device's PUBACK p99
// went from 5 to 25 ms in the first seconds of a flood). A thread that dies is started again at the
// next hash; what it was hashing fails with LOGIN_BUSY (the caller tries again), nothing else is lost.
import { Worker } from 'node:worker_threads';
import { AppError } from '../domain/errors.ts';

/** How much nicer than the hub the hashing threads are: they yield the CPU to its event loop, not starved. */
export const HASH_THREAD_NICE = 10;

export interface ScryptJob {
  password: string;
  salt: Buffer;
  keylen: number;
  N: number;
  r: number;
  p: number;
  maxmem: number;
}

type Reply =
  | { kind: 'ready'; tid: number | null }
  | { kind: 'key'; id: number; key: Uint8Array }
  | { kind: 'error'; id: number; message: string };

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (key: Buffer) => void; reject: (err: Error) => void }>;
  /** The thread's id as Linux knows it once it has started (null elsewhere or before). */
  tid: number | null;
}

export function createHashThreads(count: number, nice = HASH_THREAD_NICE) {
  const threads: (Thread | null)[] = Array.from({ length: count }, () => null);
  let nextId = 0;

  const start = (slot: number): Thread => {
    // Next to this module: src/staff/ from source, dist/ in the bundle (build.ts copies it there).
    const worker = new Worker(new URL('./hash-worker.mjs', import.meta.url), { workerData: { nice } });
    // Idle, it does not keep the process alive; while it hashes, it does (a CLI awaiting a hash).
    worker.unref();
    const t: Thread = { worker, pending: new Map(), tid: null };
    worker.on('message', (m: Reply) => {
      if (m.kind === 'ready') return void (t.tid = m.tid);
      const job = t.pending.get(m.id);
      if (!job) return;
      t.pending.delete(m.id);
      if (t.pending.size === 0) worker.unref();
      if (m.kind === 'key') job.resolve(Buffer.from(m.key));
      else job.reject(new Error(m.message));
    });
    const lost = () => {
      if (threads[slot] === t) threads[slot] = null;
      for (const job of t.pending.values())
        job.reject(new AppError(503, 'LOGIN_BUSY', 'the hub could not check that sign-in; try again in a moment'));
      t.pending.clear();
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    threads[slot] = t;
    return t;
  };

  return {
    scrypt(job: ScryptJob): Promise<Buffer> {
      // The thread with the least to do (the lane in front keeps at most `count` hashes in flight).
      let slot = 0;
      for (let i = 1; i < threads.length; i++)
        if ((threads[i]?.pending.size ?? 0) < (threads[slot]?.pending.size ?? 0)) slot = i;
      const t = threads[slot] ?? start(slot);
      const id = nextId++;
      return new Promise<Buffer>((resolve, reject) => {
        t.pending.set(id, { resolve, reject });
        t.worker.ref();
        t.worker.postMessage({ id, ...job });
      });
    },
    /** The running threads' Linux ids (tests read their nice value). */
    tids: () => threads.flatMap((t) => (t?.tid != null ? [t.tid] : [])),
    /** Stop every thread (a test's way to make one die); the next hash starts them again. */
    async terminate(): Promise<void> {
      await Promise.all(threads.map((t) => t?.worker.terminate()));
    },
  };
}
