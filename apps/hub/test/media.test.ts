// Live video end to end with real parts: a simulated camera (ffmpeg, H.264 over TCP) is configured
// with the installer's CLI, the real hub pulls it with ffmpeg and serves HLS; ffprobe plays it back.
// Access: every playlist and segment request needs a viewing token for that camera and time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HLS_PLAYLIST_TYPE, HLS_SEGMENT_TYPE, MEDIA_TOKEN_HEADER } from '@glassbay/protocol';
import { startCameraSim, type CameraSim } from '../../../hardware/src/camera/sim.ts';
import type { Hub } from '../src/hub.ts';
import { issueMediaToken, loadMediaSecret } from '../src/media/token.ts';
import { addStaff, cli, signIn, startTestHub, tempDataDir } from '../src/testing.ts';
import { TestScreen } from './helpers.ts';
import { ffprobe, rawGet, segmentUris, segmentsOf, until } from './media-helpers.ts';

describe('live workshop video through the hub', () => {
  const dataDir = tempDataDir();
  let sim: CameraSim;
  let hub: Hub;
  let token: string;
  const started = Date.now();

  beforeAll(async () => {
    sim = await startCameraSim({ label: 'Bay 1' });
    await cli(dataDir, ['bay', 'add', 'bay-1', '--name', 'Bay 1']);
    await cli(dataDir, ['camera', 'add', 'cam-1', '--bay', 'bay-1', '--url', sim.url, '--name', 'Bay 1 lift']);
    hub = await startTestHub({ dataDir });
    ({ token } = await cli<{ token: string }>(dataDir, ['camera', 'token', 'cam-1', '--minutes', '10']));
  });
  afterAll(async () => {
    await hub?.stop();
    await sim?.stop();
  });

  const live = (t = token) => fetch(`${hub.httpUrl}/hls/cam-1/live.m3u8?token=${encodeURIComponent(t)}`);
  const liveText = () =>
    until(
      'a live playlist with three segments',
      async () => {
        const res = await live();
        const text = res.ok ? await res.text() : '';
        return segmentUris(text).length >= 3 && text;
      },
      30_000,
    );

  it('serves the camera as a live HLS playlist that a player reads as H.264 720p', async () => {
    const text = await liveText();
    const res = await live();
    expect(res.headers.get('content-type')).toContain(HLS_PLAYLIST_TYPE);
    expect(res.headers.get('cache-control')).toBe('no-cache');

    // Every segment carries its wall-clock time, within this test's lifetime, one second apart.
    const lines = text.split('\n');
    const segs = segmentsOf(text);
    const times = lines.filter((l) => l.startsWith('#EXT-X-PROGRAM-DATE-TIME:')).map((l) => Date.parse(l.slice(25)));
    expect(times).toHaveLength(segs.length);
    for (const t of times) expect(t).toBeGreaterThan(started - 5000);
    for (const s of segs.slice(1)) expect(s.duration).toBeGreaterThan(900);
    expect(lines).toContain('#EXT-X-TARGETDURATION:1'); // the camera's 1 s key-frame interval

    const probe = await ffprobe(`${hub.httpUrl}/hls/cam-1/live.m3u8?token=${token}`);
    const video = probe.streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', width: 1280, height: 720 });
    expect(probe.streams.some((s) => s.codec_type === 'audio')).toBe(false);

    const seg = await fetch(`${hub.httpUrl}/hls/cam-1/${segs[0]!.uri}`);
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toBe(HLS_SEGMENT_TYPE);
    expect(seg.headers.get('cache-control')).toContain('immutable');
    const bytes = new Uint8Array(await seg.arrayBuffer());
    expect(bytes[0]).toBe(0x47); // MPEG-TS sync byte
  });

  it('answers a blocking playlist reload as soon as the next segment exists', async () => {
    const newest = segmentsOf(await liveText()).at(-1)!.seq;
    const res = await fetch(`${hub.httpUrl}/hls/cam-1/live.m3u8?token=${token}&_HLS_msn=${newest + 1}`);
    expect(res.status).toBe(200);
    expect(segmentsOf(await res.text()).at(-1)!.seq).toBeGreaterThanOrEqual(newest + 1);

    const tooFar = await fetch(`${hub.httpUrl}/hls/cam-1/live.m3u8?token=${token}&_HLS_msn=${newest + 50}`);
    expect(tooFar.status).toBe(400);
    const noToken = await fetch(`${hub.httpUrl}/hls/cam-1/live.m3u8?_HLS_msn=${newest + 1}`);
    expect(noToken.status).toBe(401);
  });

  it('serves a replay of a past time range as a finished VOD playlist', async () => {
    const segs = segmentsOf(await liveText());
    const from = segs[0]!.start;
    const to = segs.at(-1)!.start + 1;
    const res = await fetch(`${hub.httpUrl}/hls/cam-1/replay.m3u8?from=${from}&to=${to}&token=${token}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(text.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    expect(segmentsOf(text).map((s) => s.seq)).toEqual(segs.map((s) => s.seq));
    const probe = await ffprobe(`${hub.httpUrl}/hls/cam-1/replay.m3u8?from=${from}&to=${to}&token=${token}`);
    expect(Number(probe.format.duration)).toBeGreaterThan(segs.length - 1.5);

    const bad = await fetch(`${hub.httpUrl}/hls/cam-1/replay.m3u8?from=${to}&to=${from}&token=${token}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('MEDIA_RANGE_INVALID');
  });

  it('refuses viewers without a valid token for this camera and this time', async () => {
    const segs = segmentsOf(await liveText());
    const newest = segs.at(-1)!;
    const segUrl = (t?: string) => `${hub.httpUrl}/hls/cam-1/segments/${newest.name}${t ? `?token=${t}` : ''}`;
    const code = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];
    const secret = loadMediaSecret(dataDir);
    const now = Date.now();

    expect(await code(await fetch(`${hub.httpUrl}/hls/cam-1/live.m3u8`))).toEqual([401, 'MEDIA_TOKEN_REQUIRED']);
    expect(await code(await fetch(segUrl()))).toEqual([401, 'MEDIA_TOKEN_REQUIRED']);

    const expired = issueMediaToken(secret, { cams: ['cam-1'], from: now - 600_000, to: now + 600_000, exp: now - 1 });
    expect(await code(await live(expired))).toEqual([401, 'MEDIA_TOKEN_EXPIRED']);
    expect(await code(await fetch(segUrl(expired)))).toEqual([401, 'MEDIA_TOKEN_EXPIRED']);

    const forged = issueMediaToken(Buffer.alloc(32, 1), {
      cams: ['cam-1'],
      from: 0,
      to: now + 600_000,
      exp: now + 600_000,
    });
    expect(await code(await live(forged))).toEqual([401, 'MEDIA_TOKEN_INVALID']);

    const otherCamera = issueMediaToken(secret, { cams: ['cam-2'], from: 0, to: now + 600_000, exp: now + 600_000 });
    expect(await code(await live(otherCamera))).toEqual([403, 'MEDIA_CAMERA_FORBIDDEN']);
    expect(await code(await fetch(segUrl(otherCamera)))).toEqual([403, 'MEDIA_CAMERA_FORBIDDEN']);

    // A window that ends before the newest segment began: older footage yes, the newest segment no.
    const early = issueMediaToken(secret, { cams: ['cam-1'], from: 0, to: newest.start - 1, exp: now + 600_000 });
    expect(await code(await fetch(segUrl(early)))).toEqual([403, 'MEDIA_OUTSIDE_WINDOW']);
    expect((await fetch(`${hub.httpUrl}/hls/cam-1/${segs[0]!.uri.split('?')[0]}?token=${early}`)).status).toBe(200);
    const earlyLive = await (await live(early)).text();
    expect(segmentsOf(earlyLive).map((s) => s.seq)).not.toContain(newest.seq);

    // The header works as well as the query (for players that can set headers).
    const viaHeader = await fetch(segUrl(), { headers: { [MEDIA_TOKEN_HEADER]: token } });
    expect(viaHeader.status).toBe(200);
  });

  it('never serves a file outside the camera directory', async () => {
    for (const path of [
      '/hls/cam-1/segments/../../glassbay.db',
      '/hls/cam-1/segments/..%2F..%2Fglassbay.db',
      '/hls/cam-1/segments/%2e%2e%2f%2e%2e%2fglassbay.db',
      '/hls/%2e%2e/live.m3u8',
      '/hls/..%2Fmedia/live.m3u8',
      '/hls/cam-1/segments/0-0-1795446036433-1280.ts%00.db',
    ]) {
      const res = await rawGet(hub.httpUrl, `${path}?token=${token}`);
      expect([400, 404], path).toContain(res.status);
      expect(res.body).not.toContain('SQLite format');
    }
  });

  it('lets signed-in staff watch without a token and shows them the camera, never the public', async () => {
    await addStaff(dataDir, 'wang.manager', 'manager', 'manager password 1');
    const cookie = await signIn(hub.httpUrl, 'wang.manager', 'manager password 1');
    const res = await fetch(`${hub.httpUrl}/hls/cam-1/live.m3u8`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const segs = segmentsOf(await res.text());
    expect(segs[0]!.uri).not.toContain('token=');
    expect((await fetch(`${hub.httpUrl}/hls/cam-1/${segs[0]!.uri}`, { headers: { cookie } })).status).toBe(200);

    const staff = new TestScreen(hub.httpUrl, 'staff', { cookie });
    const pub = new TestScreen(hub.httpUrl);
    const cam = await staff.until((s) => s.cameras['cam-1']?.state === 'online' && s.cameras['cam-1']);
    expect(cam).toMatchObject({ bayId: 'bay-1', name: 'Bay 1 lift', enabled: true, error: null });
    expect(cam.bitrateKbps).toBeGreaterThan(500);
    expect(cam.recording.bytes).toBeGreaterThan(0);
    await pub.until((s) => s.bays['bay-1']);
    expect(pub.state!.cameras).toEqual({});
    staff.close();
    pub.close();
  });

  it('keeps the recording and its numbering across a hub restart', async () => {
    const before = segmentsOf(await liveText());
    const last = before.at(-1)!;
    await hub.stop();
    hub = await startTestHub({ dataDir });
    const after = await until(
      'new video after the restart',
      async () => {
        const res = await live();
        const segs = segmentsOf(res.ok ? await res.text() : '');
        return segs.some((s) => s.disc > last.disc) && segs;
      },
      30_000,
    );
    const fresh = after.filter((s) => s.disc > last.disc);
    expect(fresh[0]!.seq).toBeGreaterThan(last.seq);
    const replay = await fetch(
      `${hub.httpUrl}/hls/cam-1/replay.m3u8?from=${before[0]!.start}&to=${last.start + 1}&token=${token}`,
    );
    expect(segmentsOf(await replay.text()).map((s) => s.seq)).toEqual(before.map((s) => s.seq));
  });

  it('stops serving a camera the installer removed', async () => {
    await cli(dataDir, ['camera', 'remove', 'cam-1']);
    await until('the removed camera to be gone', async () => (await live()).status === 404, 10_000);
    const res = await live();
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CAMERA_NOT_FOUND');
  });
});
