// Cameras fail; the hub must not. The media service runs on a real SQLite file and a real HTTP
// server with real ffmpeg, pulling the camera simulator; staff screens learn each camera's state
// from what the service publishes to the relay (recorded here).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraView, ScreenCollections } from '@glassbay/protocol';
import { startCameraSim, type CameraSim } from '../../../hardware/src/camera/sim.ts';
import { createLogger } from '../src/logger.ts';
import { createCamerasRepository } from '../src/media/cameras.repository.ts';
import { startMedia, type Media, type MediaTuning } from '../src/media/service.ts';
import { issueMediaToken, loadMediaSecret } from '../src/media/token.ts';
import type { Publisher } from '../src/realtime/publisher.ts';
import { openDb } from '../src/store/db.ts';
import { tempDataDir } from '../src/testing.ts';
import { segmentsOf, until } from './media-helpers.ts';

/** The product's promise: a camera that stops is shown offline within 20 s. */
const OFFLINE_PROMISE_MS = 20_000;
const MB = 1024 * 1024;

async function mediaRig(
  sim: CameraSim | { url: string },
  media: { maxMb: number; tuning?: Partial<MediaTuning>; ffmpegPath?: string },
) {
  const dataDir = tempDataDir();
  const { db } = openDb(join(dataDir, 'glassbay.db'));
  db.prepare(`INSERT INTO bays (id, name, position, created_at) VALUES ('bay-1', 'Bay 1', 1, 0)`).run();
  createCamerasRepository(db).add({
    id: 'cam-1',
    bayId: 'bay-1',
    name: 'Bay 1',
    inputUrl: sim.url,
    enabled: true,
    createdAt: 0,
  });
  const published: { at: number; view: CameraView }[] = [];
  const relay: Publisher = {
    publish: (collection, _id, value) => {
      if (collection === 'cameras' && value)
        published.push({ at: Date.now(), view: value as ScreenCollections['cameras'] });
    },
  };
  const app: FastifyInstance = fastify();
  const service: Media = startMedia({
    app,
    db,
    config: {
      dataDir,
      media: { maxMb: media.maxMb, maxHours: 48, minFreeMb: 1, ffmpegPath: media.ffmpegPath ?? 'ffmpeg' },
    },
    relay,
    log: createLogger(process.env.GLASSBAY_TEST_LOG === undefined ? 'silent' : 'debug'),
    // The policy itself is unit-tested; a low cap keeps these runs short.
    tuning: { backoff: { initialMs: 500, maxMs: 3000, factor: 2, resetAfterMs: 30_000 }, ...media.tuning },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const now = Date.now();
  const token = issueMediaToken(loadMediaSecret(dataDir), {
    cams: ['cam-1'],
    from: 0,
    to: now + 3_600_000,
    exp: now + 3_600_000,
  });
  const latest = () => published.at(-1)?.view;
  return {
    dataDir,
    service,
    published,
    latest,
    live: async () => {
      const res = await fetch(`${base}/hls/cam-1/live.m3u8?token=${token}`);
      return res.ok ? res.text() : '';
    },
    get: (path: string) => fetch(`${base}/hls/cam-1/${path}${path.includes('?') ? '&' : '?'}token=${token}`),
    /** Wait until the newest recorded segment's seq passes `seq`. */
    segmentAfter: (seq: number, timeoutMs = 20_000) =>
      until(
        `a segment after #${seq}`,
        () => service.recordings.get('cam-1')?.segments.find((s) => s.seq > seq),
        timeoutMs,
      ),
    newestSeq: () => service.recordings.get('cam-1')?.segments.at(-1)?.seq ?? -1,
    stateAfter: (state: CameraView['state'], since: number, timeoutMs: number) =>
      until(`camera ${state}`, () => published.find((p) => p.at >= since && p.view.state === state)?.view, timeoutMs),
    async close() {
      await service.stop();
      await app.close();
      db.close();
    },
  };
}

describe('camera faults, without restarting the hub', () => {
  let sim: CameraSim;
  let rig: Awaited<ReturnType<typeof mediaRig>>;

  beforeAll(async () => {
    sim = await startCameraSim({ label: 'Bay 1', width: 640, height: 360, bitrateKbps: 800 });
    rig = await mediaRig(sim, { maxMb: 1000 });
    await rig.stateAfter('online', 0, 20_000);
  });
  afterAll(async () => {
    await rig?.close();
    await sim?.stop();
  });

  it('shows a hung camera offline, then resumes the video when it sends again', async () => {
    const before = rig.service.recordings.get('cam-1')!.segments.at(-1)!;
    const t = Date.now();
    sim.freeze(true); // connection open, no more video: only the watchdog or ffmpeg's timeout can tell
    const offline = await rig.stateAfter('offline', t, OFFLINE_PROMISE_MS);
    expect(['CAMERA_STALLED', 'CAMERA_DISCONNECTED']).toContain(offline.error?.code);
    expect(offline.retryAt).toBeGreaterThan(t);

    const back = Date.now();
    sim.freeze(false);
    await rig.stateAfter('online', back, 20_000);
    // A new run's segments carry a new discontinuity number: the player is told to reset its decoder.
    await until(
      'a segment of the new run',
      () => rig.service.recordings.get('cam-1')!.segments.find((s) => s.disc > before.disc),
      20_000,
    );
    const live = await until(
      'the live playlist to show the new run',
      async () => {
        const text = await rig.live();
        return segmentsOf(text).some((s) => s.disc > before.disc) && text;
      },
      10_000,
    );
    expect(live).toMatch(/#EXT-X-DISCONTINUITY\n|#EXT-X-DISCONTINUITY-SEQUENCE:[1-9]/);
    expect((await rig.get(segmentsOf(live).at(-1)!.uri.split('?')[0]!)).status).toBe(200);
    expect(rig.latest()).toMatchObject({ state: 'online', error: null });
    expect(rig.latest()!.bitrateKbps).toBeGreaterThan(100);
  }, 60_000);

  it('shows a camera that lost power offline and picks it up again when it is back', async () => {
    const port = sim.port;
    const t = Date.now();
    await sim.stop();
    const offline = await rig.stateAfter('offline', t, OFFLINE_PROMISE_MS);
    expect(offline.error?.code).toBe('CAMERA_DISCONNECTED');

    // While the camera is away the hub keeps trying and keeps saying why it cannot connect.
    await until(
      'a failed reconnect',
      () => rig.published.find((p) => p.at > t && p.view.error?.code === 'CAMERA_UNREACHABLE'),
      15_000,
    );

    const before = rig.newestSeq();
    const back = Date.now();
    sim = await startCameraSim({ label: 'Bay 1', width: 640, height: 360, bitrateKbps: 800, port });
    await rig.stateAfter('online', back, 30_000);
    await rig.segmentAfter(before);
  }, 90_000);

  it('restarts a crashed ingest ffmpeg by itself', async () => {
    const pid = rig.service.status('cam-1')!.pid!;
    const before = rig.newestSeq();
    const t = Date.now();
    process.kill(pid, 'SIGKILL');
    const offline = await rig.stateAfter('offline', t, OFFLINE_PROMISE_MS);
    expect(offline.error?.code).toBe('CAMERA_DISCONNECTED');
    await rig.stateAfter('online', t, 30_000);
    await rig.segmentAfter(before);
    expect(rig.service.status('cam-1')!.pid).not.toBe(pid);
  }, 60_000);
});

describe('recording ring on a small disk', () => {
  let sim: CameraSim;
  let rig: Awaited<ReturnType<typeof mediaRig>>;
  let free = 10_000 * MB;

  beforeAll(async () => {
    sim = await startCameraSim({ label: 'Bay 1', width: 640, height: 360, bitrateKbps: 800 });
    // About 100 KB per 1 s segment: 0.6 MB holds about six; the live window is three (five kept).
    rig = await mediaRig(sim, { maxMb: 0.6, tuning: { liveWindow: 3, diskFree: () => free } });
    await rig.stateAfter('online', 0, 20_000);
  });
  afterAll(async () => {
    await rig?.close();
    await sim?.stop();
  });

  it('deletes the oldest recording at the size limit and keeps the live picture', async () => {
    const oldest = (await rig.segmentAfter(-1)).name;
    await rig.segmentAfter(9);
    const rec = rig.service.recordings.get('cam-1')!;
    expect(rec.totalBytes).toBeLessThanOrEqual(0.6 * MB);
    expect(existsSync(join(rec.dir, oldest))).toBe(false);
    const gone = await rig.get(`segments/${oldest}`);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('SEGMENT_NOT_FOUND');

    const live = segmentsOf(await rig.live());
    expect(live).toHaveLength(3);
    for (const s of live) expect((await rig.get(s.uri.split('?')[0]!)).status).toBe(200);

    // What staff see: the camera's recording now starts later than it began.
    const view = await until(
      'a published recording size',
      () => (rig.latest()?.recording.bytes ? rig.latest() : undefined),
      10_000,
    );
    expect(view.recording.bytes).toBeLessThanOrEqual(0.6 * MB);
  }, 60_000);

  it('gives up old recordings, never the live picture, when the disk runs low', async () => {
    free = 0; // below the 1 MB floor: only the protected newest segments may stay
    const before = rig.newestSeq();
    await rig.segmentAfter(before);
    const rec = rig.service.recordings.get('cam-1')!;
    expect(rec.segments.length).toBeLessThanOrEqual(5);
    const live = segmentsOf(await rig.live());
    expect(live.length).toBe(3);
    for (const s of live) expect((await rig.get(s.uri.split('?')[0]!)).status).toBe(200);
  }, 30_000);
});

describe('a hub without ffmpeg', () => {
  it('says so on the camera instead of failing silently', async () => {
    const rig = await mediaRig({ url: 'tcp://127.0.0.1:9' }, { maxMb: 10, ffmpegPath: '/nonexistent/ffmpeg' });
    const offline = await rig.stateAfter('offline', 0, 5000);
    expect(offline.error).toMatchObject({ code: 'FFMPEG_NOT_FOUND' });
    expect(offline.error!.message).toContain('GLASSBAY_FFMPEG');
    await rig.close();
  });
});
