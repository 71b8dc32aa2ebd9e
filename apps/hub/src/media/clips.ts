// The repair clip ("repair diary"): when a job reaches ready or delivered, the hub cuts the moments
// of its key steps out of the recording ring and joins them into one short MP4 with ffmpeg's concat
// demuxer and `-c copy` (no transcode: the segments are already H.264 that starts on a key frame).
// Clips live in <dataDir>/clips as `job-<id>-<key>.mp4` plus a JSON sidecar with the chapters; the
// directory is the index. A clip lives as long as the customer's follow link, and never longer than
// the ring keeps recordings.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RepairClip } from '@glassbay/protocol';
import type { Logger } from '../logger.ts';
import { clipMoments, windowsOf, type ClipMoment, type StepMark } from '../domain/job-footage.ts';
import type { JobFootage } from '../jobs/module.ts';
import type { Recordings } from './recordings.ts';
import type { TimeRange } from './authorize.ts';

const CLIP_FILE = /^job-(\d{1,12})-(\d{1,15})\.(mp4|json)$/;

interface ClipMeta {
  jobId: string;
  key: number;
  durationMs: number;
  chapters: RepairClip['chapters'];
  madeAt: number;
}

export interface ClipsDeps {
  root: string;
  footage: JobFootage;
  recordings: Recordings;
  /** The camera that films a bay (the first enabled one), if any. */
  cameraOfBay: (bayId: string) => string | undefined;
  /** The job's wristband steps, when the wristbands module runs. */
  steps?: ((jobId: string) => StepMark[]) | undefined;
  ffmpegPath: string;
  /** How long a follow link works after delivery: the clip goes with it. */
  followGraceMs: number;
  /** The ring's age limit: a clip is never kept longer than its footage would have been. */
  maxAgeMs: number;
  log: Logger;
  now?: () => number;
}

export function createClips(deps: ClipsDeps) {
  const { root, footage, recordings, log } = deps;
  const now = deps.now ?? Date.now;
  mkdirSync(root, { recursive: true });
  for (const f of readdirSync(root))
    if (f.endsWith('.partial.mp4') || f.endsWith('.ffconcat')) unlinkSync(join(root, f));

  const failed = new Map<string, number>(); // `${jobId}-${key}` → when it failed (or had nothing to cut)
  const queue: { jobId: string; key: number }[] = [];
  let cutting: Promise<void> | null = null;
  let stopped = false;

  const base = (jobId: string, key: number) => `job-${jobId}-${key}`;
  const readMeta = (jobId: string, key: number): ClipMeta | undefined => {
    try {
      return JSON.parse(readFileSync(join(root, `${base(jobId, key)}.json`), 'utf8')) as ClipMeta;
    } catch {
      return undefined;
    }
  };

  /** The job's windows per bay, and the clip's key: where its footage ends (a reopened job gets a new clip). */
  function footageOf(jobId: string) {
    const periods = footage.periods(jobId);
    const byBay = new Map<string, TimeRange[]>();
    for (const bay of new Set(periods.map((p) => p.bayId))) byBay.set(bay, footage.windowsOnBay(jobId, bay));
    const key = Math.max(0, ...periods.map((p) => p.to ?? 0));
    return { byBay, key };
  }

  const handedOver = (stage: string) => stage === 'ready' || stage === 'delivered';

  function state(jobId: string): RepairClip | null {
    const job = footage.job(jobId);
    if (!job || !handedOver(job.stage)) return null;
    const { key } = footageOf(jobId);
    const meta = readMeta(jobId, key);
    if (meta) return { state: 'ready', url: null, durationMs: meta.durationMs, chapters: meta.chapters };
    if (failed.has(`${jobId}-${key}`)) return { state: 'unavailable', url: null, durationMs: null, chapters: [] };
    enqueue(jobId, key);
    return { state: 'pending', url: null, durationMs: null, chapters: [] };
  }

  function enqueue(jobId: string, key: number) {
    if (queue.some((q) => q.jobId === jobId && q.key === key)) return;
    queue.push({ jobId, key });
    cutting ??= drain().finally(() => (cutting = null));
  }

  async function drain(): Promise<void> {
    for (let next = queue[0]; next && !stopped; next = queue[0]) {
      try {
        await cut(next.jobId, next.key);
      } catch (err) {
        failed.set(`${next.jobId}-${next.key}`, now());
        log.warn({ err, job: next.jobId }, 'cannot cut the repair clip');
      }
      queue.shift();
    }
  }

  async function cut(jobId: string, key: number): Promise<void> {
    if (readMeta(jobId, key)) return;
    const { byBay } = footageOf(jobId);
    const stages = footage
      .events(jobId)
      .filter((e) => e.event === null)
      .map((e) => ({ stage: e.stage, at: e.at }));
    const moments = clipMoments({ steps: deps.steps?.(jobId) ?? [], stages, windows: windowsOf(byBay) });
    const parts: { files: string[]; durationMs: number; moment: ClipMoment }[] = [];
    for (const m of moments) {
      const cameraId = deps.cameraOfBay(m.bayId);
      const rec = cameraId ? recordings.get(cameraId) : undefined;
      const segs = rec?.range(m.from, m.to) ?? [];
      if (rec && segs.length > 0)
        parts.push({
          files: segs.map((s) => join(rec.dir, s.name)),
          durationMs: segs.reduce((n, s) => n + s.duration, 0),
          moment: m,
        });
    }
    if (parts.length === 0) {
      failed.set(`${jobId}-${key}`, now());
      log.info({ job: jobId }, 'no recording of this job to cut a repair clip from');
      return;
    }
    const name = base(jobId, key);
    const list = join(root, `${name}.ffconcat`);
    const partial = join(root, `${name}.partial.mp4`);
    writeFileSync(
      list,
      [
        'ffconcat version 1.0',
        ...parts.flatMap((p) => p.files.map((f) => `file '${f.replace(/'/g, "'\\''")}'`)),
        '',
      ].join('\n'),
    );
    try {
      await run(deps.ffmpegPath, [
        ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
        ...['-f', 'concat', '-safe', '0', '-i', list],
        ...['-map', '0:v:0', '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', '-y', partial],
      ]);
    } finally {
      unlinkSync(list);
    }
    let offset = 0;
    const chapters: RepairClip['chapters'] = parts.map((p) => {
      const c = { offsetMs: offset, ...p.moment.chapter };
      offset += p.durationMs;
      return c;
    });
    const meta: ClipMeta = { jobId, key, durationMs: offset, chapters, madeAt: now() };
    // The sidecar last: a clip "exists" once both files are in place.
    renameSync(partial, join(root, `${name}.mp4`));
    writeFileSync(join(root, `${name}.json`), JSON.stringify(meta) + '\n');
    log.info({ job: jobId, seconds: Math.round(offset / 1000), moments: parts.length }, 'repair clip ready');
    removeOlder(jobId, key);
  }

  function removeOlder(jobId: string, key: number) {
    for (const f of readdirSync(root)) {
      const m = CLIP_FILE.exec(f);
      if (m && m[1] === jobId && Number(m[2]) !== key) unlinkSync(join(root, f));
    }
  }

  /** Cut clips for jobs that reached handover, and delete clips whose follow link has expired. */
  function sweep(): void {
    const t = now();
    for (const id of footage.handedOver(t - deps.followGraceMs)) state(id);
    for (const f of readdirSync(root)) {
      const m = CLIP_FILE.exec(f);
      if (!m) continue;
      const job = footage.job(m[1]!);
      const expired = !job || (job.closedAt !== null && t >= job.closedAt + deps.followGraceMs);
      let old = false;
      try {
        old = t - statSync(join(root, f)).mtimeMs > deps.maxAgeMs;
      } catch {
        continue;
      }
      if (expired || old) unlinkSync(join(root, f));
    }
    for (const [k, at] of failed) if (t - at > 10 * 60_000) failed.delete(k); // try again later
  }

  return {
    /** The job's clip as the video session shows it (cut on demand when missing); null before handover. */
    state,
    /** The MP4 of the job's current clip, if it is cut. */
    file(jobId: string): { path: string; bytes: number } | undefined {
      const job = footage.job(jobId);
      if (!job || !handedOver(job.stage)) return undefined;
      const { key } = footageOf(jobId);
      if (!readMeta(jobId, key)) return undefined;
      const path = join(root, `${base(jobId, key)}.mp4`);
      try {
        return { path, bytes: statSync(path).size };
      } catch {
        return undefined;
      }
    },
    sweep,
    /** Wait for the cuts under way (tests, shutdown). */
    idle: async () => {
      while (cutting) await cutting;
    },
    async stop() {
      stopped = true;
      await cutting;
    },
  };
}
export type Clips = ReturnType<typeof createClips>;

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err = (err + c).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}: ${err.trim().split('\n').at(-1) ?? ''}`)),
    );
  });
}
