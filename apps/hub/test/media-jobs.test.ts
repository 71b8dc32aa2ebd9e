// A customer's video is bound to their job, against a real hub with two simulated cameras (real
// ffmpeg): the follow link or the ticket code buys a short-lived job token, which opens only the
// camera of the bay the car is on (and follows it to another bay), only for the job's own time, and
// stops at handover, when the repair clip takes over. Every refusal is checked with its status.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView, JobView, JobVideoSession, VideoSession } from '@glassbay/protocol';
import { startCameraSim, type CameraSim } from '../../../hardware/src/camera/sim.ts';
import { issueMediaToken, loadMediaSecret } from '../src/media/token.ts';
import { cli } from '../src/testing.ts';
import { openShop, type Shop } from './jobs-helpers.ts';
import { rawGet, segmentsOf, until } from './media-helpers.ts';

const run = promisify(execFile);
type Created = { job: JobView; followToken: string; loungeCode: string };
type Failure = { error: { code: string } };

describe('video bound to the job', () => {
  let shop: Shop;
  let sims: CameraSim[] = [];
  let a: Created;
  let b: Created;
  let tokenA: string;
  let sessionB: JobVideoSession;
  let inServiceA = 0;
  let beforeA: { name: string; end: number };

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${shop.hub.httpUrl}${path}`, { headers });
  const refusal = async (res: Response) => [res.status, ((await res.json()) as Failure).error.code];
  const live = (cam: string, token: string) => get(`/hls/${cam}/live.m3u8?token=${encodeURIComponent(token)}`);
  const move = (id: string, to: string) => shop.api('POST', `/api/jobs/${id}/stage`, { as: 'advisor', body: { to } });
  const session = (body: unknown) =>
    shop.api<JobVideoSession & Failure>('POST', '/api/video/session', { body }).then((r) => r.body);
  const livePlaylist = (cam: string, token: string) =>
    until(
      `${cam} live to this token`,
      async () => {
        const res = await live(cam, token);
        const segs = res.ok ? segmentsOf(await res.text()) : [];
        return segs.length >= 2 && segs;
      },
      30_000,
    );
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    sims = await Promise.all(
      ['Bay 1', 'Bay 2'].map((label) => startCameraSim({ label, width: 640, height: 360, fps: 15, bitrateKbps: 600 })),
    );
    shop = await openShop();
    await cli(shop.dataDir, ['camera', 'add', 'cam-1', '--bay', 'bay-1', '--url', sims[0]!.url]);
    await cli(shop.dataDir, ['camera', 'add', 'cam-2', '--bay', 'bay-2', '--url', sims[1]!.url]);
    const manager = { cookie: shop.cookies.manager };
    // Footage of bay 1 from before job A's car was there.
    const early = await until(
      'cam-1 recording',
      async () => {
        const res = await get('/hls/cam-1/live.m3u8', manager);
        const segs = res.ok ? segmentsOf(await res.text()) : [];
        return segs.length >= 2 && segs;
      },
      30_000,
    );
    beforeA = { name: early[0]!.name, end: early[0]!.start + early[0]!.duration };
    await until('cam-2 recording', async () => (await get('/hls/cam-2/live.m3u8', manager)).ok, 30_000);

    const create = async (plate: string, bayId: string) =>
      (
        await shop.api<Created>('POST', '/api/jobs', {
          as: 'advisor',
          body: { plate, services: ['oil-change'], bayId },
        })
      ).body;
    a = await create('粤B12345', 'bay-1');
    b = await create('京A88K21', 'bay-2');
    for (const j of [a, b]) await move(j.job.id, 'waiting');
    inServiceA = Date.now();
    await move(a.job.id, 'in-service');
    await move(b.job.id, 'in-service');
  }, 120_000);
  afterAll(async () => {
    await shop?.stop();
    await Promise.all(sims.map((s) => s.stop()));
  });

  it("gives the customer a session for their own car's camera, from the follow link or the ticket code", async () => {
    const viaLink = await session({ followToken: a.followToken });
    expect(viaLink).toMatchObject({ jobId: a.job.id, stage: 'in-service', closed: false, clip: null });
    expect(viaLink.live).toMatchObject({ cameraId: 'cam-1', bayId: 'bay-1', to: null });
    expect(viaLink.markers.map((m) => m.kind === 'stage' && m.stage)).toEqual(['checked-in', 'waiting', 'in-service']);
    tokenA = viaLink.token!;

    sessionB = await session({ jobId: b.job.id, code: b.loungeCode });
    // The public ticket number opens nothing.
    expect(await session({ jobId: b.job.id, code: b.job.code })).toMatchObject({
      error: { code: 'TICKET_CODE_WRONG' },
    });
    expect(sessionB.live?.cameraId).toBe('cam-2');
    expect(await session({ jobId: b.job.id, code: 'ZZZZ' })).toMatchObject({ error: { code: 'TICKET_CODE_WRONG' } });
  });

  it("opens its own car's camera live, and refuses another job's camera, footage from before, and no token", async () => {
    const segs = await livePlaylist('cam-1', tokenA);
    for (const s of segs) expect(s.start + s.duration).toBeGreaterThan(inServiceA);
    expect((await get(`/hls/cam-1/${segs[0]!.uri}`)).status).toBe(200);

    // Job A's token on job B's camera: the playlist and a segment of it.
    expect(await refusal(await live('cam-2', tokenA))).toEqual([403, 'MEDIA_CAMERA_FORBIDDEN']);
    const segB = segmentsOf(await (await live('cam-2', sessionB.token!)).text()).at(-1)!;
    expect(await refusal(await get(`/hls/cam-2/segments/${segB.name}?token=${tokenA}`))).toEqual([
      403,
      'MEDIA_CAMERA_FORBIDDEN',
    ]);
    // Bay 1 before job A's car was on it.
    expect(beforeA.end).toBeLessThan(inServiceA);
    expect(await refusal(await get(`/hls/cam-1/segments/${beforeA.name}?token=${tokenA}`))).toEqual([
      403,
      'MEDIA_OUTSIDE_WINDOW',
    ]);
    // A segment without a token, and paths that try to leave the camera's directory.
    expect(await refusal(await get(`/hls/cam-1/segments/${segs[0]!.name}`))).toEqual([401, 'MEDIA_TOKEN_REQUIRED']);
    for (const path of [
      `/hls/cam-1/segments/../../glassbay.db?token=${tokenA}`,
      `/hls/cam-1/segments/..%2F..%2Fglassbay.db?token=${tokenA}`,
      `/hls/..%2Fcam-2/live.m3u8?token=${tokenA}`,
    ]) {
      const res = await rawGet(shop.hub.httpUrl, path);
      expect([400, 404], path).toContain(res.status);
      expect(res.body).not.toContain('SQLite format');
    }
    // An expired job token, and one signed by another install.
    const secret = loadMediaSecret(shop.dataDir);
    const expired = issueMediaToken(secret, { job: a.job.id, link: null, exp: Date.now() - 1 });
    expect(await refusal(await live('cam-1', expired))).toEqual([401, 'MEDIA_TOKEN_EXPIRED']);
    const forged = issueMediaToken(Buffer.alloc(32, 7), { job: a.job.id, link: null, exp: Date.now() + 60_000 });
    expect(await refusal(await live('cam-1', forged))).toEqual([401, 'MEDIA_TOKEN_INVALID']);
  });

  it('lets managers watch any camera without a token, and not advisors', async () => {
    expect((await get('/hls/cam-2/live.m3u8', { cookie: shop.cookies.manager })).status).toBe(200);
    expect(await refusal(await get('/hls/cam-2/live.m3u8', { cookie: shop.cookies.advisor }))).toEqual([
      401,
      'MEDIA_TOKEN_REQUIRED',
    ]);
    const asManager = await shop.api<VideoSession>('GET', '/api/video/cameras/cam-2', { as: 'manager' });
    expect(asManager.status).toBe(200);
    expect(asManager.body).toMatchObject({ token: null, live: { cameraId: 'cam-2', to: null } });
    const asAdvisor = await shop.api<Failure>('GET', '/api/video/cameras/cam-2', { as: 'advisor' });
    expect([asAdvisor.status, asAdvisor.body.error.code]).toEqual([403, 'ROLE_REQUIRED']);
  });

  it('follows the car to another bay with the same token, and keeps the replay of the first bay', async () => {
    await sleep(2500); // job B's car has a few seconds of service on bay 2 for its clip
    await move(b.job.id, 'quality-check');
    await sleep(1500);
    // No band recorded the oil change's steps (release rules): the manager decides, on record.
    const { alerts } = (await shop.api<{ alerts: AlertView[] }>('GET', '/api/alerts', { as: 'manager' })).body;
    for (const alert of alerts.filter((x) => x.jobId === b.job.id && x.blocksRelease))
      await shop.api('POST', `/api/alerts/${alert.id}/override`, { as: 'manager', body: { note: 'no bands yet' } });
    expect((await move(b.job.id, 'ready')).status).toBe(200);
    await move(a.job.id, 'waiting');
    const leftBay1 = Date.now();
    await shop.api('PATCH', `/api/jobs/${a.job.id}`, { as: 'advisor', body: { bayId: 'bay-2' } });
    await move(a.job.id, 'in-service');
    const onBay2 = Date.now();

    const segs = await livePlaylist('cam-2', tokenA);
    for (const s of segs) expect(s.start + s.duration).toBeGreaterThan(onBay2);
    await until('bay 1 live closed to job A', async () => (await live('cam-1', tokenA)).status === 403, 10_000);

    // The replay of bay 1 holds job A's time there and nothing else.
    const replay = await get(`/hls/cam-1/replay.m3u8?from=${inServiceA - 10_000}&to=${Date.now()}&token=${tokenA}`);
    expect(replay.status).toBe(200);
    const kept = segmentsOf(await replay.text());
    expect(kept.length).toBeGreaterThan(2);
    for (const s of kept) {
      expect(s.start + s.duration).toBeGreaterThan(inServiceA);
      expect(s.start).toBeLessThan(leftBay1);
    }
    // Bay 2 while job B's car was on it stays closed to job A.
    const bTime = await get(`/hls/cam-2/replay.m3u8?from=${inServiceA}&to=${leftBay1}&token=${tokenA}`);
    expect(await refusal(bTime)).toEqual([403, 'MEDIA_OUTSIDE_WINDOW']);

    const now = await session({ followToken: a.followToken });
    expect(now.live?.cameraId).toBe('cam-2');
    expect(now.periods.map((p) => p.cameraId)).toEqual(['cam-1', 'cam-2']);
  });

  it('cuts the repair clip at handover, plays it to its own job only, and ends live video at delivery', async () => {
    const ready = await until(
      'the repair clip of job B',
      async () => {
        const s = await session({ jobId: b.job.id, code: b.loungeCode });
        return s.clip?.state === 'ready' && s;
      },
      60_000,
    );
    const clipUrl = ready.clip!.url!;
    expect(ready.clip!.chapters.map((c) => c.kind === 'stage' && c.stage)).toEqual(['in-service', 'quality-check']);
    const res = await get(clipUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'csv=p=0',
      `${shop.hub.httpUrl}${clipUrl}`,
    ]);
    expect(Number(stdout)).toBeGreaterThan(2);
    const head = await get(clipUrl, { range: 'bytes=0-99' });
    expect([head.status, (await head.arrayBuffer()).byteLength]).toEqual([206, 100]);
    // Job A's token on job B's clip.
    const other = clipUrl.replace(/token=.*/, `token=${encodeURIComponent(tokenA)}`);
    expect(await refusal(await get(other))).toEqual([403, 'MEDIA_CAMERA_FORBIDDEN']);

    // Delivered: job B's video token stops; the follow link still shows the clip during its grace.
    await move(b.job.id, 'delivered');
    const tokenB = ready.token!;
    await until('job B live refused', async () => (await live('cam-2', tokenB)).status === 401, 5000);
    expect(await refusal(await live('cam-2', tokenB))).toEqual([401, 'MEDIA_TOKEN_EXPIRED']);
    const after = await session({ followToken: b.followToken });
    expect(after).toMatchObject({ closed: true, live: null, periods: [], clip: { state: 'ready' } });
    expect((await get(after.clip!.url!)).status).toBe(200);
  });

  it('revokes the viewing tokens of a follow link the desk replaced', async () => {
    const reissued = await shop.api<{ followToken: string }>('POST', `/api/jobs/${a.job.id}/follow-link`, {
      as: 'advisor',
    });
    expect(reissued.status).toBe(200);
    await until('the old token refused', async () => (await live('cam-2', tokenA)).status === 401, 5000);
    expect(await refusal(await live('cam-2', tokenA))).toEqual([401, 'MEDIA_TOKEN_INVALID']);
    const fresh = await session({ followToken: reissued.body.followToken });
    expect((await livePlaylist('cam-2', fresh.token!)).length).toBeGreaterThan(1);
  });
});
