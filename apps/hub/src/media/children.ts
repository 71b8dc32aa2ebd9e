// ffmpeg never outlives the hub. Two guards, because either alone has a gap:
// 1. On Linux every child starts through util-linux's `setpriv --pdeathsig KILL`, which execs the
//    real command (same pid, same fds) after asking the kernel to SIGKILL it when the hub dies,
//    however it dies (kill -9 included).
// 2. Every child's pid and start time are written to <data>/children.json; the next hub ends what
//    is still listed there (a machine without setpriv, or a death between fork and exec). The start
//    time (/proc/<pid>/stat) tells our ffmpeg from an unrelated process that got the pid later.
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { Logger } from '../logger.ts';

export const CHILDREN_FILE = 'children.json';

export type SpawnChild = (cmd: string, args: string[], options: SpawnOptions) => ChildProcess;

interface Recorded {
  pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot); null where /proc is missing. */
  startTime: string | null;
  cmd: string;
}

/** A process's start time, or undefined when it is gone (or a zombie: already dead, only unreaped). */
export function processStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  return fields[19];
}

/** The executable `name` would run as, searched on PATH like execvp; undefined if there is none. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  const candidates = name.includes('/') ? [name] : path.split(delimiter).map((d) => join(d || '.', name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return isAbsolute(c) ? c : join(process.cwd(), c);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** setpriv with --pdeathsig (util-linux 2.33+), or undefined with the reason. */
function findSetpriv(): { path?: string; why?: string } {
  if (process.platform !== 'linux') return { why: `parent-death signals exist only on Linux (${process.platform})` };
  const path = findExecutable('setpriv');
  if (!path) return { why: 'setpriv (util-linux) is not installed' };
  try {
    const help = execFileSync(path, ['--help'], { encoding: 'utf8', timeout: 5000 });
    if (!help.includes('--pdeathsig')) return { why: 'this setpriv has no --pdeathsig' };
  } catch (err) {
    return { why: `setpriv --help failed: ${(err as Error).message}` };
  }
  return { path };
}

export function createChildren(deps: { dataDir: string; log: Logger }) {
  const log = deps.log.child({ part: 'children' });
  const file = join(deps.dataDir, CHILDREN_FILE);
  const running = new Map<number, Recorded>();
  const setpriv = findSetpriv();
  if (!setpriv.path)
    log.warn(
      { why: setpriv.why },
      'ffmpeg starts without a parent-death signal: if the hub is killed, its ffmpeg runs on until the next start ends it',
    );

  const save = () => {
    // Write then rename: a hub killed mid-write leaves the old list, never half a file.
    const tmp = `${file}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify([...running.values()]), { mode: 0o600 });
      renameSync(tmp, file);
    } catch (err) {
      log.error({ err, file }, 'cannot record the running children; a killed hub may leave ffmpeg behind');
    }
  };

  return {
    /**
     * End the children the previous hub recorded and left running. Returns the pids it ended. Runs
     * before any new child starts, so nothing of ours is in the list yet.
     */
    endLeftovers(): number[] {
      let listed: Recorded[] = [];
      try {
        listed = JSON.parse(readFileSync(file, 'utf8')) as Recorded[];
      } catch {
        // No list (first start, or none was ever needed).
      }
      const ended: number[] = [];
      for (const r of Array.isArray(listed) ? listed : []) {
        if (!Number.isInteger(r.pid) || r.pid <= 1) continue;
        const now = processStartTime(r.pid);
        if (now === undefined) continue; // gone already
        if (r.startTime === null || now !== r.startTime) continue; // the pid now belongs to someone else
        try {
          process.kill(r.pid, 'SIGKILL');
          ended.push(r.pid);
        } catch (err) {
          log.warn({ err, pid: r.pid }, 'cannot end a child left by the previous hub');
        }
      }
      if (ended.length > 0) log.warn({ pids: ended }, 'ended children the previous hub left running');
      save();
      return ended;
    },
    /** Start a child that dies with the hub, and keep its pid on record while it runs. */
    spawn: ((cmd, args, options) => {
      // A missing command still fails with ENOENT from spawn itself (the caller names the setting).
      const tied = setpriv.path !== undefined && findExecutable(cmd) !== undefined;
      const child = tied
        ? spawn(setpriv.path!, ['--pdeathsig', 'KILL', '--', cmd, ...args], options)
        : spawn(cmd, args, options);
      const pid = child.pid;
      if (pid !== undefined) {
        // setpriv execs the command: same pid, same start time.
        running.set(pid, { pid, startTime: processStartTime(pid) ?? null, cmd });
        save();
        child.once('exit', () => {
          running.delete(pid);
          save();
        });
      }
      return child;
    }) satisfies SpawnChild,
  };
}
export type Children = ReturnType<typeof createChildren>;
