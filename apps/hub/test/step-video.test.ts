// From an alert to the video, over a real hub with a simulated camera (real ffmpeg) and a real MQTT
// wristband: a technician cuts a step short on bay 1; the manager's alert opens bay 1's recording
// from the step's start to its end (with a margin each side), and the replay playlist serves exactly
// the segments of that window; the technician's answer attaches the same window. Staff only.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STEP_VIDEO_MARGIN_MS,
  hlsPaths,
  topics,
  videoPaths,
  type AlertView,
  type JobView,
  type StepTimingView,
  type StepVideo,
} from '@glassbay/protocol';
import type { MqttClient } from 'mqtt';
import { startCameraSim, type CameraSim } from '../../../hardware/src/camera/sim.ts';
import { cli } from '../src/testing.ts';
import { connectDevice, provision } from './helpers.ts';
import { openShop, type Shop } from './jobs-helpers.ts';
import { ffprobe, segmentsOf, until } from './media-helpers.ts';

let shop: Shop;
let sim: CameraSim;
let band: MqttClient;
let jobId: string;
let step: { start: number; end: number };
let alert: AlertView;

const get = (path: string, cookie?: string) =>
  fetch(`${shop.hub.httpUrl}${path}`, { headers: cookie ? { cookie } : {} });
const alertVideoPath = (id: string) => videoPaths.alertVideo.replace(':alertId', id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  sim = await startCameraSim({ label: 'Bay 1', width: 640, height: 360, fps: 15, bitrateKbps: 600 });
  shop = await openShop({ bays: ['bay-1'] });
  await cli(shop.dataDir, ['camera', 'add', 'cam-1', '--bay', 'bay-1', '--url', sim.url]);
  await until('cam-1 recording', async () => (await get('/hls/cam-1/live.m3u8', shop.cookies.manager)).ok, 30_000);
  const recordingSince = Date.now();
  const { mqtt } = await provision(shop.dataDir, 'band-07', 'wristband');
  band = await connectDevice(shop.hub.mqttUrl, mqtt);
  await band.publishAsync(topics.deviceStatus('band-07'), JSON.stringify({ online: true, ts: Date.now() }), {
    qos: 1,
    retain: true,
  });
  const created = await shop.api<{ job: JobView }>('POST', '/api/jobs', {
    as: 'advisor',
    body: { plate: '粤B12345', services: ['oil-change'], bayId: 'bay-1' },
  });
  jobId = created.body.job.id;
  // li-wei's job, li-wei's band for the shift: a band's steps count only so [GB-3.2.4].
  expect(
    (await shop.api('PATCH', `/api/jobs/${jobId}`, { as: 'advisor', body: { technician: 'li-wei' } })).status,
  ).toBe(200);
  const issued = await shop.api('POST', '/api/wristbands/band-07/issue', {
    as: 'manager',
    body: { technician: 'li-wei' },
  });
  expect(issued.status).toBe(200);
  for (const to of ['waiting', 'in-service'])
    await shop.api('POST', `/api/jobs/${jobId}/stage`, { as: 'advisor', body: { to } });
  // Recording from before the step's window opens (its margin), then an oil drain of 5 s (its
  // minimum is 15 min).
  await sleep(Math.max(3000, recordingSince + STEP_VIDEO_MARGIN_MS + 3000 - Date.now()));
  let n = 0;
  const send = (kind: 'start' | 'end', ts: number) =>
    band.publishAsync(
      topics.wristbandEvents('band-07'),
      JSON.stringify({ id: `band-07-${++n}`, ts, tech: 'li-wei', bay: 'bay-1', step: 'oil-drain', kind }),
      { qos: 1 },
    );
  step = { start: Date.now(), end: 0 };
  await send('start', step.start);
  await sleep(5000);
  step.end = Date.now();
  await send('end', step.end);
  alert = await until(
    'the short-operation alert',
    async () =>
      (await shop.api<{ alerts: AlertView[] }>('GET', '/api/alerts', { as: 'manager' })).body.alerts.find(
        (a) => a.kind === 'short-operation',
      ),
    10_000,
  );
  // The footage after the step's end (the margin) is recorded before the window is asked for.
  await sleep(STEP_VIDEO_MARGIN_MS + 2000);
}, 120_000);
afterAll(async () => {
  await band?.endAsync();
  await shop?.stop();
  await sim?.stop();
});

describe('an alert opens the video of its step', () => {
  it('names the bay’s camera and the step’s start and end, to managers only', async () => {
    expect((await get(alertVideoPath(alert.id))).status).toBe(401);
    expect((await get(alertVideoPath(alert.id), shop.cookies.advisor)).status).toBe(403);
    const res = await get(alertVideoPath(alert.id), shop.cookies.manager);
    expect(res.status).toBe(200);
    const v = (await res.json()) as StepVideo;
    expect(v).toMatchObject({
      cameraId: 'cam-1',
      bayId: 'bay-1',
      jobId,
      tech: 'li-wei',
      startedAt: step.start,
      endedAt: step.end,
      from: step.start - STEP_VIDEO_MARGIN_MS,
      to: step.end + STEP_VIDEO_MARGIN_MS,
      recorded: true,
    });
    expect(v.stepName.en).toMatch(/oil/i);
  });

  it('serves exactly the segments of the step’s window, and they play', async () => {
    const v = (await (await get(alertVideoPath(alert.id), shop.cookies.manager)).json()) as StepVideo;
    const url = hlsPaths.replay(v.cameraId, v.from, v.to);
    const playlist = await (await get(url, shop.cookies.manager)).text();
    const segs = segmentsOf(playlist);
    // Every segment overlaps the window; together they cover it from before the start to past the end.
    for (const s of segs) {
      expect(s.start).toBeLessThan(v.to);
      expect(s.start + s.duration).toBeGreaterThan(v.from);
    }
    expect(segs[0]!.start).toBeLessThanOrEqual(v.from + 1500);
    expect(segs.at(-1)!.start + segs.at(-1)!.duration).toBeGreaterThanOrEqual(v.to - 1500);
    // The segment holding the step's start is in it, and none of the recording before the margin is.
    expect(segs.some((s) => s.start <= step.start && s.start + s.duration > step.start)).toBe(true);
    const all = segmentsOf(
      await (await get(hlsPaths.replay('cam-1', v.from - 60_000, v.to), shop.cookies.manager)).text(),
    );
    expect(all.length).toBeGreaterThan(segs.length);
    // About the window's length, and the segment at the step's start is real H.264 a player decodes.
    const seconds = segs.reduce((a, s) => a + s.duration, 0) / 1000;
    expect(seconds).toBeGreaterThanOrEqual((v.to - v.from) / 1000 - 2);
    expect(seconds).toBeLessThanOrEqual((v.to - v.from) / 1000 + 3);
    const atStart = segs.find((s) => s.start <= step.start && s.start + s.duration > step.start)!;
    const bytes = await (await get(`/hls/cam-1/${atStart.uri}`, shop.cookies.manager)).arrayBuffer();
    const file = join(shop.dataDir, 'step-start.ts');
    writeFileSync(file, Buffer.from(bytes));
    const probe = await ffprobe(file);
    expect(probe.streams.find((x) => x.codec_type === 'video')?.codec_name).toBe('h264');
  });

  it('opens from the job’s step list too, and the technician’s answer attaches it', async () => {
    const steps = await shop.api<{ steps: StepTimingView[] }>('GET', `/api/jobs/${jobId}/steps`, { as: 'advisor' });
    const drain = steps.body.steps.find((s) => s.step.code === 'oil-drain')!;
    const path = videoPaths.stepVideo.replace(':jobId', jobId).replace(':stepId', drain.id);
    const v = (await (await get(path, shop.cookies.manager)).json()) as StepVideo;
    expect([v.startedAt, v.endedAt, v.cameraId]).toEqual([step.start, step.end, 'cam-1']);
    expect((await get(path, shop.cookies.advisor)).status).toBe(403);

    const answered = await shop.api<AlertView>('POST', `/api/alerts/${alert.id}/answer`, {
      as: 'advisor',
      body: { tech: 'li-wei', reason: 'the oil was already drained', attachClip: true },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.actions.at(-1)).toMatchObject({
      kind: 'answer',
      byKind: 'technician',
      clip: { from: v.from, to: v.to },
    });
    // The manager deciding sees the answer with its clip in the alert as listed.
    const listed = await shop.api<{ alerts: AlertView[] }>('GET', '/api/alerts', { as: 'manager' });
    expect(listed.body.alerts.find((a) => a.id === alert.id)!.actions.at(-1)!.clip).toEqual({ from: v.from, to: v.to });
  });

  it('says so when an alert has no timed step to show', async () => {
    const res = await get(alertVideoPath('999999'), shop.cookies.manager);
    expect(res.status).toBe(404);
  });
});
