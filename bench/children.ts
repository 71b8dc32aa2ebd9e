// Services under test run as child processes so that their CPU and memory are theirs alone. Each
// prints a JSON log line when it is ready; the bench reads the ports from it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { defer } from './cleanup.ts';

/** The repository root: children run from here so `--import tsx` resolves. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Service<T> {
  pid: number;
  /** The fields of the ready line. */
  ready: T;
  /** Lines the service logged at warn level or above (pino: level >= 40), for the report. */
  warnings: string[];
  stop: () => Promise<void>;
}

const TAIL = 20;

/**
 * Start `node <entry>` (with tsx for a .ts entry) and wait for the JSON line whose `msg` is `readyMsg`. Rejects
 * with the process's last output when it exits or stays silent for `timeoutMs`.
 */
export async function startService<T>(opts: {
  name: string;
  entry: string;
  env: Record<string, string>;
  readyMsg: string;
  timeoutMs?: number;
  /** Extra Node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}): Promise<Service<T>> {
  // A built bundle (.js) runs on plain node, as in production; TypeScript sources need tsx.
  const loader = opts.entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...loader, opts.entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = defer(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  });

  const tail: string[] = [];
  const warnings: string[] = [];
  const keep = (line: string) => {
    tail.push(line);
    if (tail.length > TAIL) tail.shift();
  };
  createInterface({ input: child.stderr! }).on('line', keep);

  try {
    const ready = await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${opts.name} was not ready within ${opts.timeoutMs ?? 30_000} ms`)),
        opts.timeoutMs ?? 30_000,
      );
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${opts.name} exited (${signal ?? code}) before it was ready`));
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      // Keep reading stdout for the whole run: a full pipe would block the service's logging.
      createInterface({ input: child.stdout! }).on('line', (line) => {
        keep(line);
        let rec: { msg?: unknown; level?: unknown } & Record<string, unknown>;
        try {
          rec = JSON.parse(line) as typeof rec;
        } catch {
          return;
        }
        if (typeof rec.level === 'number' && rec.level >= 40) warnings.push(line.slice(0, 300));
        if (rec.msg === opts.readyMsg) {
          clearTimeout(timer);
          resolve(rec as T);
        }
      });
    });
    return { pid: child.pid!, ready, warnings, stop };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- last output of ${opts.name} ---\n${tail.join('\n')}`);
  }
}
