// A small disk of a test's or a benchmark's own, to fill for real: a tmpfs mounted under the temp
// dir (root only; elsewhere the tests that need it say plainly that they were skipped).
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A tmpfs of its own (root only): the one way to fill a disk without filling the machine's. */
export function smallDisk(sizeMb = 24): { dir: string; release: () => void } | string {
  if (process.getuid?.() !== 0)
    return 'needs root to mount a small tmpfs of its own (check: id -u is 0); skipped. Run this test file as root (.ci/run does)';
  const dir = mkdtempSync(join(tmpdir(), 'glassbay-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs here (${(err as Error).message.split('\n')[0]}); skipped`;
  }
  return {
    dir,
    release: () => {
      try {
        execFileSync('umount', ['-l', dir]);
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Write until the filesystem says ENOSPC; returns the filler's path. */
export function fillDisk(dir: string): string {
  const file = join(dir, 'filler.bin');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return file;
}
