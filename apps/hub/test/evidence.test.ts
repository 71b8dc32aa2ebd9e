// The evidence pack of one job over a real hub, SQLite, broker, camera (ffmpeg) and repair clip: a
// job with a wristband step cut short, an approval the customer answered, alerts a manager decided,
// and a rating. The pack is made and downloaded as a manager, opened as a zip, and its JSON and
// clip are checked against what the hub stored; it still holds the clip once the clip is gone.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import {
  EvidenceRecordSchema,
  evidenceFiles,
  evidencePaths,
  topics,
  type EvidencePack,
  type JobView,
} from '@glassbay/protocol';
import { startCameraSim, type CameraSim } from '../../../hardware/src/camera/sim.ts';
import { openDb } from '../src/store/db.ts';
import { cli } from '../src/testing.ts';
import { connectDevice, provision, sleep } from './helpers.ts';
import { decideAlerts, openShop, type Shop } from './jobs-helpers.ts';
import { segmentsOf, until } from './media-helpers.ts';

const run = promisify(execFile);

/** Every entry of a zip, by name. */
function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => {
      if (err) return reject(err);
      const files = new Map<string, Buffer>();
      z.on('entry', (e: yauzl.Entry) =>
        z.openReadStream(e, (err2, s) => {
          if (err2) return reject(err2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
            files.set(e.fileName, Buffer.concat(chunks));
            z.readEntry();
          });
        }),
      );
      z.on('end', () => resolve(files)).on('error', reject);
      z.readEntry();
    });
  });
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the evidence pack of a job', () => {
  let shop: Shop;
  let sim: CameraSim;
  let job: JobView;
  let pack: EvidencePack;
  let files: Map<string, Buffer>;
  const packsPath = () => evidencePaths.packs.replace(':jobId', job.id);
  const download = (p: EvidencePack, cookie?: string) =>
    fetch(`${shop.hub.httpUrl}${evidencePaths.download.replace(':jobId', p.jobId).replace(':packId', p.id)}`, {
      headers: cookie ? { cookie } : {},
    });

  beforeAll(async () => {
    sim = await startCameraSim({ label: 'Bay 1', width: 640, height: 360, fps: 15, bitrateKbps: 600 });
    shop = await openShop({ bays: ['bay-1'] });
    await cli(shop.dataDir, ['camera', 'add', 'cam-1', '--bay', 'bay-1', '--url', sim.url]);
    await until(
      'cam-1 recording',
      async () => {
        const res = await fetch(`${shop.hub.httpUrl}/hls/cam-1/live.m3u8`, {
          headers: { cookie: shop.cookies.manager },
        });
        return res.ok && segmentsOf(await res.text()).length >= 2;
      },
      30_000,
    );
    // A wristband, so a step is timed against its standard (and cut short: 2 s of a 15-minute drain).
    const { mqtt: creds } = await provision(shop.dataDir, 'band-01', 'wristband');
    const band = await connectDevice(shop.hub.mqttUrl, creds);
    await band.publishAsync(topics.deviceStatus('band-01'), JSON.stringify({ online: true, ts: Date.now() }), {
      qos: 1,
      retain: true,
    });

    const created = await shop.api<{ job: JobView; followToken: string }>('POST', '/api/jobs', {
      as: 'advisor',
      body: { plate: '粤B12345', services: ['oil-change'], bayId: 'bay-1' },
    });
    expect(created.status).toBe(200);
    job = created.body.job;
    const token = created.body.followToken;
    // li-wei's job, li-wei's band for the shift: a band's steps count only so [GB-3.2.4].
    const assigned = await shop.api('PATCH', `/api/jobs/${job.id}`, { as: 'advisor', body: { technician: 'li-wei' } });
    expect(assigned.status).toBe(200);
    const issued = await shop.api('POST', '/api/wristbands/band-01/issue', {
      as: 'manager',
      body: { technician: 'li-wei' },
    });
    expect(issued.status).toBe(200);
    const move = async (to: string) =>
      expect((await shop.api('POST', `/api/jobs/${job.id}/stage`, { as: 'advisor', body: { to } })).status).toBe(200);
    await move('waiting');
    await move('in-service');
    const step = (kind: 'start' | 'end', n: number) =>
      band.publishAsync(
        topics.wristbandEvents('band-01'),
        JSON.stringify({ id: `band-01-${n}`, ts: Date.now(), tech: 'li-wei', bay: 'bay-1', step: 'oil-drain', kind }),
        { qos: 1 },
      );
    await step('start', 1);
    await sleep(2000);
    await step('end', 2);
    const asked = await shop.api<JobView>('POST', `/api/jobs/${job.id}/approvals`, {
      as: 'advisor',
      body: { description: '更换雨刮片 wiper blades', priceCents: 8800 },
    });
    expect(asked.status).toBe(200);
    const approvalId = asked.body.approvals[0]!.id;
    expect(
      (await shop.api('POST', `/api/follow/${token}/approvals/${approvalId}`, { body: { decision: 'approved' } }))
        .status,
    ).toBe(200);
    await sleep(1500); // footage of the service for the clip
    await move('quality-check');
    await decideAlerts(shop, job.id);
    await move('ready');
    expect(
      (await shop.api('POST', `/api/follow/${token}/rating`, { body: { stars: 4, comment: '很快 quick' } })).status,
    ).toBe(200);
    await band.endAsync();
    // The repair clip is cut at handover.
    await until(
      'the repair clip',
      () => readdirSync(join(shop.dataDir, 'clips')).some((f) => f.endsWith('.json')),
      60_000,
    );
  }, 180_000);
  afterAll(async () => {
    await shop?.stop();
    await sim?.stop();
  });

  it('is for managers only', async () => {
    expect((await shop.api('POST', packsPath(), { as: 'advisor' })).status).toBe(403);
    expect((await shop.api('POST', packsPath())).status).toBe(401);
    expect((await shop.api('GET', packsPath(), { as: 'advisor' })).status).toBe(403);
  });

  it('is one zip of the summary, the record and the clip, listed with the job', async () => {
    const made = await shop.api<EvidencePack>('POST', packsPath(), { as: 'manager' });
    expect(made.status).toBe(200);
    pack = made.body;
    expect(pack).toMatchObject({ jobId: job.id, hasClip: true, madeBy: expect.stringContaining('zhao.manager') });
    // 180 days by default.
    expect(pack.expiresAt! - pack.madeAt).toBe(180 * 86_400_000);
    const listed = await shop.api<{ packs: EvidencePack[] }>('GET', packsPath(), { as: 'manager' });
    expect(listed.body.packs).toEqual([pack]);

    expect((await download(pack, shop.cookies.advisor)).status).toBe(403);
    const res = await download(pack, shop.cookies.manager);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const zip = Buffer.from(await res.arrayBuffer());
    expect(zip.length).toBe(pack.bytes);
    files = await unzip(zip);
    expect([...files.keys()].sort()).toEqual(Object.values(evidenceFiles).sort());
  });

  it('states what the hub stored: standard, steps, alerts and decisions, approvals, timeline, rating', () => {
    const record = EvidenceRecordSchema.parse(JSON.parse(files.get(evidenceFiles.record)!.toString('utf8')));
    const { db } = openDb(join(shop.dataDir, 'glassbay.db'));
    try {
      const sop = db
        .prepare<[], { version: number }>(
          "SELECT max(version) AS version FROM sop_versions WHERE service_code = 'oil-change'",
        )
        .get()!;
      expect(record.sops.map((s) => [s.serviceCode, s.version])).toEqual([['oil-change', sop.version]]);
      expect(record.sops[0]!.steps.find((s) => s.code === 'oil-drain')).toMatchObject({ minMinutes: 15 });

      const drain = record.steps.find((s) => s.stepCode === 'oil-drain')!;
      expect(drain).toMatchObject({ tech: 'li-wei', verdict: 'short', minMinutes: 15 });
      expect(drain.minutes!).toBeLessThan(1);

      const alerts = db
        .prepare<[number], { id: number; kind: string; state: string }>(
          'SELECT id, kind, state FROM wristband_alerts WHERE job_id = ? ORDER BY raised_at, id',
        )
        .all(Number(job.id));
      expect(alerts.some((a) => a.kind === 'short-operation')).toBe(true);
      expect(record.alerts.map((a) => [a.id, a.kind, a.state])).toEqual(
        alerts.map((a) => [String(a.id), a.kind, a.state]),
      );
      const short = record.alerts.find((a) => a.kind === 'short-operation')!;
      expect(short.decisions).toEqual([expect.objectContaining({ kind: 'override', note: 'no wristbands here yet' })]);

      expect(record.approvals).toEqual([
        expect.objectContaining({ description: '更换雨刮片 wiper blades', priceCents: 8800, state: 'approved' }),
      ]);
      const stages = db
        .prepare<[number], { stage: string }>(
          'SELECT stage FROM job_events WHERE job_id = ? AND event IS NULL ORDER BY at, id',
        )
        .all(Number(job.id))
        .map((e) => e.stage);
      expect(record.timeline.filter((e) => e.event === null).map((e) => e.stage)).toEqual(stages);
      expect(stages).toContain('ready');
      expect(record.rating).toMatchObject({ stars: 4, comment: '很快 quick' });
      expect(record.job).toMatchObject({ plate: '粤B12345', bayId: 'bay-1', stage: 'ready' });
    } finally {
      db.close();
    }
  });

  it("holds the job's repair clip, playable, and a summary in Chinese and English", async () => {
    const record = EvidenceRecordSchema.parse(JSON.parse(files.get(evidenceFiles.record)!.toString('utf8')));
    const clip = files.get(evidenceFiles.clip)!;
    const cut = readdirSync(join(shop.dataDir, 'clips')).find((f) => f.endsWith('.mp4'))!;
    expect(sha(clip)).toBe(sha(readFileSync(join(shop.dataDir, 'clips', cut))));
    expect(record.clip).toEqual({
      file: 'clip.mp4',
      bytes: clip.length,
      sha256: sha(clip),
      durationMs: expect.any(Number),
    });
    const out = join(shop.dataDir, 'probe.mp4');
    writeFileSync(out, clip);
    const probe = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name:format=duration',
      '-of',
      'json',
      out,
    ]);
    const info = JSON.parse(probe.stdout) as { streams: { codec_name: string }[]; format: { duration: string } };
    expect(info.streams[0]!.codec_name).toBe('h264');
    expect(Number(info.format.duration)).toBeGreaterThan(1);

    const pdf = files.get(evidenceFiles.summary)!;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // fonts-noto-cjk is installed here and in CI: the summary embeds (a subset of) it.
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
  });

  it('keeps its own copy of the clip after the repair clip is gone', async () => {
    rmSync(join(shop.dataDir, 'clips'), { recursive: true, force: true });
    const again = await unzip(Buffer.from(await (await download(pack, shop.cookies.manager)).arrayBuffer()));
    expect(sha(again.get(evidenceFiles.clip)!)).toBe(sha(files.get(evidenceFiles.clip)!));
    const gone = { ...pack, id: `${job.id}-1` };
    const res = await download(gone, shop.cookies.manager);
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([
      404,
      'EVIDENCE_PACK_NOT_FOUND',
    ]);
  });
});
