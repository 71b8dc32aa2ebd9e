// Chromium's renderer processes that belong to this bench: descendants of this process (Playwright
// launches the browser as our child) whose command line says --type=renderer. Other Chromiums on the
// machine (other helpers' tests) are not ours and are never counted.
import { readFileSync, readdirSync } from 'node:fs';
import { rssMb } from '../proc.ts';

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): state, ppid, …
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** PIDs of renderer processes descended from `root`. */
export function rendererPids(root = process.pid): number[] {
  const pids = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const parent = new Map(pids.map((p) => [p, parentOf(p)]));
  const descends = (pid: number): boolean => {
    for (let p: number | null | undefined = parent.get(pid), hops = 0; p && hops < 10; p = parent.get(p), hops++)
      if (p === root) return true;
    return false;
  };
  return pids.filter((p) => descends(p) && cmdline(p).includes('--type=renderer'));
}

/**
 * Resident memory (MiB) of each of this bench's renderers, largest first. With one page open, the
 * largest is the page's own; Chromium may keep a small spare renderer or one for its own pages beside it.
 */
export function rendererRss(root = process.pid): number[] {
  const sizes: number[] = [];
  for (const pid of rendererPids(root)) {
    try {
      sizes.push(rssMb(pid));
    } catch {
      // Gone between listing and reading.
    }
  }
  return sizes.sort((a, b) => b - a);
}
