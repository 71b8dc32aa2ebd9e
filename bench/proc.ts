// CPU time and memory of another process, read from Linux's /proc (process.cpuUsage only sees the
// calling process). CPU is utime + stime over all threads, in clock ticks.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let clockTicks: number | undefined;
/** Clock ticks per second (USER_HZ); 100 on every mainstream Linux. */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export const procAvailable = (): boolean => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
};

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / ticksPerSecond();
}

/** Resident set size in MiB (VmRSS), or VmHWM (the peak so far) with `peak`. */
export function rssMb(pid: number, peak = false): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${peak ? 'VmHWM' : 'VmRSS'}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!m) throw new Error(`no ${peak ? 'VmHWM' : 'VmRSS'} in /proc/${pid}/status`);
  return Number(m[1]) / 1024;
}

/**
 * Microseconds so far in which some runnable task waited for a CPU (Linux PSI), or null where the
 * kernel does not report it. Over a window, its growth / wall time is the share of time the
 * machine was short of CPU: the figures of a run with high pressure measure the machine's load too.
 */
export function cpuStallUs(): number | null {
  try {
    const m = /^some .*total=(\d+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Watch a process over a window: CPU as a percentage of one core between `start` and `stop`, and
 * the largest RSS seen by sampling every `everyMs` meanwhile.
 */
export function watchProcess(pid: number, everyMs = 200) {
  let cpu0 = 0;
  let t0 = 0;
  let stall0: number | null = null;
  let peakRss = 0;
  const sample = () => {
    try {
      peakRss = Math.max(peakRss, rssMb(pid));
    } catch {
      // The process ended; the caller learns that from its exit, not from here.
    }
  };
  sample();
  // RSS before any load: the process's own floor (Node, tsx, its libraries, idle connections).
  const idleRssMb = peakRss;
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    start() {
      cpu0 = cpuSeconds(pid);
      stall0 = cpuStallUs();
      t0 = performance.now();
      sample();
    },
    stop(): { cpuPct: number; peakRssMb: number; idleRssMb: number; cpuPressurePct: number | null } {
      const cpu = cpuSeconds(pid) - cpu0;
      const stall = cpuStallUs();
      const wall = (performance.now() - t0) / 1000;
      sample();
      clearInterval(timer);
      return {
        cpuPct: (cpu / wall) * 100,
        peakRssMb: peakRss,
        idleRssMb,
        cpuPressurePct: stall === null || stall0 === null ? null : ((stall - stall0) / 1e6 / wall) * 100,
      };
    },
    dispose: () => clearInterval(timer),
  };
}
