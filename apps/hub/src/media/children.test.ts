// The record of children: a leftover is ended only if its pid still belongs to the process that was
// recorded (same start time), never a process that got the pid later.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { skippedTitle, tempDataDir } from '../testing.ts';
import { CHILDREN_FILE, createChildren, processStartTime } from './children.ts';

const log = createLogger('silent');
const sleepers: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const s of sleepers.splice(0)) s.kill('SIGKILL');
});

const sleeper = () => {
  const s = spawn('sleep', ['30'], { stdio: 'ignore' });
  sleepers.push(s);
  return s;
};

const notLinux = process.platform !== 'linux' && `reads /proc: Linux only (this is ${process.platform})`;
describe.skipIf(!!notLinux)(
  skippedTitle('children left by a killed hub', notLinux, 'pnpm exec vitest run apps/hub/src/media/children.test.ts'),
  () => {
    it('ends a recorded child whose pid and start time still match', async () => {
      const dataDir = tempDataDir();
      const s = sleeper();
      const startTime = processStartTime(s.pid!)!;
      writeFileSync(join(dataDir, CHILDREN_FILE), JSON.stringify([{ pid: s.pid, startTime, cmd: 'ffmpeg' }]));
      const gone = new Promise((r) => s.once('exit', (_c, signal) => r(signal)));
      expect(createChildren({ dataDir, log }).endLeftovers()).toEqual([s.pid]);
      expect(await gone).toBe('SIGKILL');
    });

    it('leaves alone a process that reuses a recorded pid', () => {
      const dataDir = tempDataDir();
      const s = sleeper();
      // Recorded with another start time: this pid was some earlier ffmpeg's, now it is someone else's.
      writeFileSync(join(dataDir, CHILDREN_FILE), JSON.stringify([{ pid: s.pid, startTime: '1', cmd: 'ffmpeg' }]));
      expect(createChildren({ dataDir, log }).endLeftovers()).toEqual([]);
      expect(processStartTime(s.pid!)).toBeDefined();
    });

    it('records a running child and forgets it when it exits', async () => {
      const dataDir = tempDataDir();
      const children = createChildren({ dataDir, log });
      children.endLeftovers();
      const c = children.spawn('sleep', ['0.2'], { stdio: 'ignore' });
      const listed = () => JSON.parse(readFileSync(join(dataDir, CHILDREN_FILE), 'utf8')) as { pid: number }[];
      expect(listed().map((r) => r.pid)).toEqual([c.pid]);
      await new Promise((r) => c.once('exit', r));
      expect(listed()).toEqual([]);
    });
  },
);
