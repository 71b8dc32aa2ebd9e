// SIGTERM, as a service manager sends it: the hub closes the broker, ffmpeg and SQLite (checkpointed)
// and logs "hub stopped" within its deadline, even with a client that never finishes its request;
// and if something does hang, it exits anyway at the deadline, losing nothing it acknowledged.
import Database from 'better-sqlite3';
import { existsSync, rmSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { kioskRoutes, topics } from '@glassbay/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCameraSim, type CameraSim } from '../../../hardware/src/camera/sim.ts';
import { findExecutable } from '../src/media/children.ts';
import { STOP_DEADLINE_MS } from '../src/shutdown.ts';
import { cli, skippedTitle, tempDataDir } from '../src/testing.ts';
import { connectDevice, provision } from './helpers.ts';
import { ffmpegChildren, startHubChild, stillRunning, type HubChild } from './hub-child.ts';
import { until } from './media-helpers.ts';

/** A client that sends a request's headers and part of its body, then nothing (slowloris). */
function stalledUpload(httpUrl: string): Promise<Socket> {
  const u = new URL(httpUrl);
  return new Promise((resolve, reject) => {
    const s = connect(Number(u.port), u.hostname, () => {
      s.write(
        `POST ${kioskRoutes.requestScreenPairing.path} HTTP/1.1\r\nHost: ${u.host}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"code": "12',
      );
      resolve(s);
    });
    s.on('error', () => {});
    s.once('error', reject);
  });
}

const storedSeqs = (dataDir: string) => {
  const db = new Database(join(dataDir, 'glassbay.db'), { readonly: true });
  try {
    return (db.prepare('SELECT seq FROM sensor_readings ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
  } finally {
    db.close();
  }
};

const noFfmpeg = !findExecutable('ffmpeg') && 'ffmpeg is not on the PATH (apt-get install ffmpeg)';
describe.skipIf(!!noFfmpeg)(
  skippedTitle('the hub on SIGTERM', noFfmpeg, 'pnpm exec vitest run apps/hub/test/sigterm.test.ts'),
  () => {
    let sim: CameraSim;
    const dirs: string[] = [];
    const hubs: HubChild[] = [];

    beforeAll(async () => {
      sim = await startCameraSim({ label: 'Bay 1', width: 320, height: 180, fps: 10, bitrateKbps: 300 });
    });
    afterAll(async () => {
      for (const h of hubs) h.child.kill('SIGKILL');
      await sim?.stop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    /** A running hub with a camera being pulled, a connected sensor whose reading was acknowledged, and a stalled upload. */
    async function busyHub(env: Record<string, string> = {}) {
      const dataDir = tempDataDir();
      dirs.push(dataDir);
      await cli(dataDir, ['bay', 'add', 'bay-1', '--name', 'Bay 1']);
      await cli(dataDir, ['camera', 'add', 'cam-1', '--bay', 'bay-1', '--url', sim.url]);
      const sensor = await provision(dataDir, 'bay-1-sensor', 'bay-sensor', 'bay-1');
      const hub = await startHubChild(dataDir, env);
      hubs.push(hub);
      const ffmpeg = await until('the hub pulling the camera', () => ffmpegChildren(hub.pid)[0], 20_000);
      const device = await connectDevice(hub.mqttUrl, sensor.mqtt);
      const deviceClosed = new Promise<void>((r) => device.once('close', () => r()));
      const reading = { seq: 7, ts: Date.now(), occupied: true, lift: 'down', door: 'closed' };
      await device.publishAsync(topics.baySensor('bay-1', 'bay-1-sensor'), JSON.stringify(reading), { qos: 1 });
      const upload = await stalledUpload(hub.httpUrl);
      return { dataDir, hub, ffmpeg, device, deviceClosed, upload };
    }

    it(`closes the broker, ffmpeg and SQLite and logs "hub stopped" within ${STOP_DEADLINE_MS / 1000} s`, async () => {
      const { dataDir, hub, ffmpeg, deviceClosed, upload } = await busyHub();
      const t = Date.now();
      hub.child.kill('SIGTERM');
      const exit = await hub.exited;
      const stopped = hub.lines.find((l) => l.msg === 'hub stopped');
      console.log(`[glassbay] SIGTERM to exit: ${exit.at - t} ms (the stalled upload held HTTP for its grace)`);
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(exit.at - t).toBeLessThan(STOP_DEADLINE_MS);
      expect(stopped, hub.tail()).toBeDefined();
      expect(stopped!.failed).toBeUndefined();
      // The broker closed the device's connection; the stalled client was cut; ffmpeg is gone.
      await deviceClosed;
      expect(upload.destroyed || upload.readableEnded).toBe(true);
      expect(stillRunning(ffmpeg)).toBe(false);
      // SQLite was checkpointed and closed: no write-ahead log is left, and the reading is in the file.
      const wal = join(dataDir, 'glassbay.db-wal');
      expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
      expect(storedSeqs(dataDir)).toEqual([7]);
      upload.destroy();
    });

    it('exits at its deadline when a part hangs, and keeps what it acknowledged', async () => {
      // A deadline shorter than the grace the stalled upload gets: that client makes the stop hang.
      const { dataDir, hub, ffmpeg, upload } = await busyHub({ GLASSBAY_STOP_DEADLINE_S: '1' });
      const t = Date.now();
      hub.child.kill('SIGTERM');
      const exit = await hub.exited;
      expect(exit.code).toBe(1);
      expect(exit.at - t).toBeGreaterThanOrEqual(1000);
      expect(exit.at - t).toBeLessThan(3000);
      expect(hub.lines.some((l) => l.msg === 'the hub did not stop within its deadline; exiting anyway')).toBe(true);
      expect(hub.lines.some((l) => l.msg === 'hub stopped')).toBe(false);
      // ffmpeg was stopped before HTTP; and it could not outlive the hub anyway.
      await until('ffmpeg gone', () => !stillRunning(ffmpeg), 5000);
      expect(storedSeqs(dataDir)).toEqual([7]);
      upload.destroy();
    });
  },
);
