// Helpers for the video end-to-end tests: a simulated bay camera (real ffmpeg) configured on the
// hub with the installer's CLI, a job on that bay made through the staff API, and what the page's
// player reports (the picture's media time and program date).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { jobPaths, staffPaths, type JobView } from '@glassbay/protocol';
import { startCameraSim, type CameraSim } from '../hardware/src/camera/sim.ts';
import type { HubFixture } from './fixtures.ts';

/** A small picture: the test watches it play, and the machine is shared. */
export const SMALL_CAMERA = { width: 640, height: 360, fps: 15, bitrateKbps: 600 } as const;

export async function addCamera(hub: HubFixture, id: string, bayId: string, port = 0): Promise<CameraSim> {
  const sim = await startCameraSim({ label: bayId, port, ...SMALL_CAMERA });
  await hub.process.cli('camera', 'add', id, '--bay', bayId, '--url', sim.url, '--name', `${bayId} lift`);
  return sim;
}

async function ok<T>(res: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> {
  if (!res.ok()) throw new Error(`${res.url()}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The first admin (with the hub's one-time setup code) opens a job on a bay and puts it in service. */
export async function jobInService(
  request: APIRequestContext,
  hub: HubFixture,
  bayId: string,
): Promise<{ job: JobView; followToken: string }> {
  const setupCode = readFileSync(join(hub.process.dataDir, 'setup-code.txt'), 'utf8').trim();
  await ok(
    await request.post(hub.url(staffPaths.setup), {
      data: { setupCode, username: 'wang.admin', displayName: '王经理', password: 'admin password 1' },
    }),
  );
  const created = await ok<{ job: JobView; followToken: string }>(
    await request.post(hub.url(jobPaths.jobs), { data: { plate: '粤B12345', services: ['oil-change'], bayId } }),
  );
  // li-wei's job: a band issued to li-wei counts its steps here [GB-3.2.4].
  await ok(
    await request.patch(hub.url(jobPaths.job.replace(':jobId', created.job.id)), { data: { technician: 'li-wei' } }),
  );
  for (const to of ['waiting', 'in-service'])
    await ok(await request.post(hub.url(jobPaths.stage.replace(':jobId', created.job.id)), { data: { to } }));
  return created;
}

export interface PlayerState {
  status: string;
  mode: 'live' | 'replay';
  cameraId: string | null;
  rate: number;
  playbackRate: number;
  currentTime: number;
  playingDate: number | null;
}

/** What the live view's player reports (VideoView exposes it for tests and the bench). */
export const player = (page: Page) =>
  page.evaluate(() => (window as unknown as { __glassbayVideo?: PlayerState }).__glassbayVideo ?? null);

/** The media time advanced by this much over `ms` of wall time: the picture is moving. */
export async function advance(page: Page, ms: number): Promise<{ media: number; wall: number }> {
  const a = await player(page);
  const t0 = Date.now();
  await page.waitForTimeout(ms);
  const b = await player(page);
  return { media: (b?.currentTime ?? 0) - (a?.currentTime ?? 0), wall: (Date.now() - t0) / 1000 };
}
