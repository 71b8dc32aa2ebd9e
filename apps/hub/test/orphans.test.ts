// ffmpeg never outlives the hub: a hub killed with SIGKILL (no chance to clean up) leaves no ffmpeg
// of its own running once the next hub has started on the same data dir. Real hub processes, a real
// camera simulator, real ffmpeg; once with setpriv's parent-death signal and once on a machine
// without setpriv, where only the next start's record of children can end them.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCameraSim, type CameraSim } from '../../../hardware/src/camera/sim.ts';
import { findExecutable } from '../src/media/children.ts';
import { cli, skippedTitle, tempDataDir } from '../src/testing.ts';
import { ffmpegChildren, startHubChild, stillRunning, type HubChild } from './hub-child.ts';
import { until } from './media-helpers.ts';

const ffmpeg = findExecutable('ffmpeg');
const hasSetpriv = findExecutable('setpriv') !== undefined;

const RUN = 'pnpm exec vitest run apps/hub/test/orphans.test.ts';
const unable =
  process.platform !== 'linux'
    ? `needs Linux (this is ${process.platform})`
    : !ffmpeg && 'ffmpeg is not on the PATH (apt-get install ffmpeg)';
describe.skipIf(!!unable)(skippedTitle('ffmpeg after the hub is killed', unable, RUN), () => {
  let sim: CameraSim;
  const dirs: string[] = [];
  const hubs: HubChild[] = [];
  const pulledAll: { pid: number; startTime: string }[] = [];

  beforeAll(async () => {
    sim = await startCameraSim({ label: 'Bay 1', width: 320, height: 180, fps: 10, bitrateKbps: 300 });
  });
  afterAll(async () => {
    for (const h of hubs) h.child.kill('SIGKILL');
    // A failed run must not leave its own orphans behind on the machine.
    for (const p of pulledAll) if (stillRunning(p)) process.kill(p.pid, 'SIGKILL');
    await sim?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function shopWithCamera(): Promise<string> {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    await cli(dataDir, ['bay', 'add', 'bay-1', '--name', 'Bay 1']);
    await cli(dataDir, ['camera', 'add', 'cam-1', '--bay', 'bay-1', '--url', sim.url]);
    return dataDir;
  }

  async function killedHubLeaves(dataDir: string, env: Record<string, string>) {
    const first = await startHubChild(dataDir, env);
    hubs.push(first);
    const pulled = await until('the first hub pulling the camera', () => ffmpegChildren(first.pid)[0], 20_000);
    pulledAll.push(pulled);
    first.child.kill('SIGKILL');
    await first.exited;
    return { pulled, first };
  }

  const noSetpriv = !hasSetpriv && 'setpriv is not on the PATH (apt-get install util-linux)';
  it.skipIf(!!noSetpriv)(
    skippedTitle('with setpriv: ffmpeg dies with the hub, before any restart', noSetpriv, RUN),
    async () => {
      const dataDir = await shopWithCamera();
      const { pulled } = await killedHubLeaves(dataDir, {});
      await until('the orphaned ffmpeg gone', () => !stillRunning(pulled), 5000);

      const next = await startHubChild(dataDir);
      hubs.push(next);
      expect(stillRunning(pulled)).toBe(false);
      // The next hub pulls the camera with its own ffmpeg.
      await until('the next hub pulling the camera', () => ffmpegChildren(next.pid)[0], 20_000);
      next.child.kill('SIGTERM');
      expect((await next.exited).code).toBe(0);
    },
  );

  it('without setpriv: the next start ends the ffmpeg the killed hub left', async () => {
    const dataDir = await shopWithCamera();
    // A PATH that holds ffmpeg and nothing else: the hub cannot find setpriv, as on a machine without util-linux.
    const bin = mkdtempSync(join(tmpdir(), 'glassbay-bin-'));
    dirs.push(bin);
    symlinkSync(ffmpeg!, join(bin, 'ffmpeg'));
    const env = { PATH: bin };
    const { pulled, first } = await killedHubLeaves(dataDir, env);
    expect(first.lines.some((l) => String(l.msg).startsWith('ffmpeg starts without a parent-death signal'))).toBe(true);
    // The fault is real: nothing tied this ffmpeg to its hub, so it outlived it.
    await new Promise((r) => setTimeout(r, 1000));
    expect(stillRunning(pulled)).toBe(true);

    const next = await startHubChild(dataDir, env);
    hubs.push(next);
    expect(stillRunning(pulled)).toBe(false);
    expect(next.lines.find((l) => l.msg === 'ended children the previous hub left running')?.pids).toEqual([
      pulled.pid,
    ]);
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
  });
});
