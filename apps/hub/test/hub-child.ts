// The real hub as a child process (`node --import tsx apps/hub/src/main.ts`), as a service manager
// runs it: faults that end a process (kill -9, SIGTERM) can only be caused on a process of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { testEnv } from '../src/testing.ts';

const HUB_ENTRY = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface LogLine {
  msg?: string;
  level?: number;
  time?: number;
  [k: string]: unknown;
}

export interface HubChild {
  child: ChildProcess;
  pid: number;
  httpUrl: string;
  mqttUrl: string;
  /** Every JSON line the hub logged, in order. */
  lines: LogLine[];
  /** Resolves with the exit code and signal once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** The first line with this `msg`, waiting for it up to `timeoutMs`. */
  logged: (msg: string, timeoutMs?: number) => Promise<LogLine>;
  tail: () => string;
}

export async function startHubChild(
  dataDir: string,
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<HubChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', HUB_ENTRY], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...testEnv(dataDir, { GLASSBAY_LOG_LEVEL: 'info', GLASSBAY_DISCOVERY: 'off' }), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const waiters: { msg: string; resolve: (l: LogLine) => void }[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  createInterface({ input: child.stderr! }).on('line', (l) => raw.push(l));
  createInterface({ input: child.stdout! }).on('line', (l) => {
    raw.push(l);
    let entry: LogLine;
    try {
      entry = JSON.parse(l) as LogLine;
    } catch {
      return;
    }
    lines.push(entry);
    for (const w of waiters.filter((w) => w.msg === entry.msg)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(entry);
    }
  });
  const tail = () => raw.slice(-30).join('\n');
  const logged = (msg: string, ms = 30_000) => {
    const seen = lines.find((l) => l.msg === msg);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the hub did not log "${msg}" within ${ms} ms:\n${tail()}`)), ms);
      waiters.push({ msg, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        if (!lines.some((l) => l.msg === msg))
          reject(new Error(`the hub exited (${signal ?? code}) without logging "${msg}":\n${tail()}`));
      });
    });
  };
  try {
    const started = await logged('hub started', timeoutMs);
    return {
      child,
      pid: child.pid!,
      httpUrl: String(started.http),
      mqttUrl: String(started.mqtt),
      lines,
      exited,
      logged,
      tail,
    };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

/** A live process: its command name and start time (field 22 of /proc/<pid>/stat); zombies count as gone. */
export function procInfo(pid: number): { comm: string; ppid: number; startTime: string } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (f[0] === 'Z' || f[0] === 'X') return undefined;
  return { comm, ppid: Number(f[1]), startTime: f[19]! };
}

/** The ffmpeg processes whose parent is `pid`, with their start times (to recognise them later). */
export function ffmpegChildren(pid: number): { pid: number; startTime: string }[] {
  const found: { pid: number; startTime: string }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const info = procInfo(Number(d));
    if (info && info.ppid === pid && info.comm === 'ffmpeg') found.push({ pid: Number(d), startTime: info.startTime });
  }
  return found;
}

/** Is this exact process (pid and start time) still alive? */
export const stillRunning = (p: { pid: number; startTime: string }) => procInfo(p.pid)?.startTime === p.startTime;
