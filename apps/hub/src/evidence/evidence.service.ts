// Evidence packs: a zip per request holding the readable summary (PDF, laid out on a worker thread),
// the record as JSON and the job's repair clip, copied in. The pack is its own copy, so it outlives
// the recording ring and the clip; packs live in <dataDir>/evidence as `job-<id>-<madeAt>.zip` (the
// directory is the index) and are deleted GLASSBAY_RETAIN_EVIDENCE_PACKS_DAYS after they were made.
// Why yazl: a small, long-kept zip writer with no dependencies of its own that streams to a file and
// can store the MP4 without recompressing it (video does not deflate).
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EVIDENCE_FORMAT, evidenceFiles, type EvidencePack, type EvidenceRecord } from '@glassbay/protocol';
import { AppError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { summaryDoc, type SummaryDoc } from './evidence-summary.ts';
import type { EvidenceRepository } from './evidence.repository.ts';

const DAY = 86_400_000;
const PACK_FILE = /^job-(\d{1,12})-(\d{1,15})\.zip$/;
interface Sidecar {
  madeBy: string;
  hasClip: boolean;
}

/** The repair clip as the media module offers it. */
export interface ClipSource {
  /** The clip's state; asks for it to be cut when it is missing. */
  state(jobId: string): { state: 'pending' | 'ready' | 'unavailable'; durationMs: number | null } | null;
  idle(): Promise<void>;
  file(jobId: string): { path: string; bytes: number } | undefined;
}

export interface CjkFont {
  path: string;
  /** The face inside a font collection (.ttc). */
  name: string;
}

// Where Debian (fonts-noto-cjk), Fedora and Arch put Noto Sans CJK; fontconfig is asked first.
const KNOWN_FONTS = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
];
const FACE = 'NotoSansCJKsc-Regular';

/** The hub's CJK font, found at run time; null when there is none (the summary is then English only). */
export async function findCjkFont(): Promise<CjkFont | null> {
  const asked = await new Promise<string | null>((resolve) =>
    execFile('fc-match', ['-f', '%{file}', 'Noto Sans CJK SC:style=Regular'], { timeout: 5000 }, (err, out) =>
      resolve(err ? null : out.trim()),
    ),
  );
  const path = [asked, ...KNOWN_FONTS].find((p) => p && /NotoSansCJK-Regular\.ttc$/.test(p) && existsSync(p));
  return path ? { path, name: FACE } : null;
}

export function layOutSummary(doc: SummaryDoc, font: CjkFont | null): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./summary-worker.mjs', import.meta.url), { workerData: { doc, font } });
    worker.once('message', (m: { ok: true; pdf: Uint8Array } | { ok: false; message: string }) => {
      void worker.terminate();
      if (m.ok) resolve(Buffer.from(m.pdf));
      else reject(new Error(`the summary could not be laid out: ${m.message}`));
    });
    worker.once('error', reject);
  });
}

export function createEvidenceService(deps: {
  repo: EvidenceRepository;
  dir: string;
  clips: ClipSource;
  retainDays: number;
  tzOffsetMin: number;
  /** The CJK font (found once, at the first pack). */
  font: () => Promise<CjkFont | null>;
  log: Logger;
}) {
  const { repo, dir, log } = deps;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const f of readdirSync(dir)) if (f.endsWith('.partial.zip')) unlinkSync(join(dir, f));
  let font: Promise<CjkFont | null> | undefined;

  const expiresAt = (madeAt: number) => (deps.retainDays > 0 ? madeAt + deps.retainDays * DAY : null);
  // Each zip has a sidecar with what the list shows (written before the zip is renamed into place,
  // so a pack exists once its zip does; a sidecar left alone by a crash is removed at start).
  const packOf = (f: string): EvidencePack | undefined => {
    const m = PACK_FILE.exec(f);
    if (!m) return undefined;
    const madeAt = Number(m[2]);
    try {
      const side = JSON.parse(readFileSync(join(dir, f.replace(/\.zip$/, '.json')), 'utf8')) as Sidecar;
      return {
        id: `${m[1]}-${m[2]}`,
        jobId: m[1]!,
        madeAt,
        madeBy: side.madeBy,
        bytes: statSync(join(dir, f)).size,
        hasClip: side.hasClip,
        expiresAt: expiresAt(madeAt),
      };
    } catch {
      return undefined;
    }
  };
  for (const f of readdirSync(dir))
    if (f.endsWith('.json') && !existsSync(join(dir, f.replace(/\.json$/, '.zip')))) unlinkSync(join(dir, f));

  /** The job's clip, cut now if it is due and missing; null with the reason when there is none. */
  async function clipOf(jobId: string): Promise<{ bytes: Buffer; durationMs: number } | { reason: string }> {
    const first = deps.clips.state(jobId);
    if (!first) return { reason: 'no repair clip: it is cut when the job reaches ready' };
    if (first.state === 'pending') await deps.clips.idle();
    const now = deps.clips.state(jobId);
    const file = deps.clips.file(jobId);
    if (now?.state !== 'ready' || !file) return { reason: 'no repair clip: no recording of this job was found' };
    return { bytes: await readFile(file.path), durationMs: now.durationMs ?? 0 };
  }

  async function make(jobId: string, madeBy: string, madeAt: number): Promise<EvidencePack> {
    const base = repo.record(jobId);
    if (!base) throw new AppError(404, 'JOB_NOT_FOUND', `there is no job ${jobId}`);
    const clip = await clipOf(jobId);
    const record: EvidenceRecord = {
      format: EVIDENCE_FORMAT,
      madeAt,
      madeBy,
      ...base,
      clip:
        'bytes' in clip
          ? {
              file: evidenceFiles.clip,
              bytes: clip.bytes.length,
              sha256: createHash('sha256').update(clip.bytes).digest('hex'),
              durationMs: clip.durationMs,
            }
          : { file: null, reason: clip.reason },
    };
    font ??= deps.font();
    const cjk = await font;
    const pdf = await layOutSummary(summaryDoc(record, { cjk: cjk !== null, tzOffsetMin: deps.tzOffsetMin }), cjk);

    const name = `job-${jobId}-${madeAt}`;
    const partial = join(dir, `${name}.partial.zip`);
    // Loaded when a pack is made, not with the hub (a few MiB of memory the spine does not need).
    const { default: yazl } = await import('yazl');
    const zip = new yazl.ZipFile();
    const mtime = new Date(madeAt);
    zip.addBuffer(pdf, evidenceFiles.summary, { mtime });
    zip.addBuffer(Buffer.from(JSON.stringify(record, null, 2) + '\n'), evidenceFiles.record, { mtime });
    if ('bytes' in clip) zip.addBuffer(clip.bytes, evidenceFiles.clip, { mtime, compress: false });
    zip.end();
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(partial, { mode: 0o600 });
      out.on('close', resolve).on('error', reject);
      zip.outputStream.on('error', reject).pipe(out);
    });
    writeFileSync(join(dir, `${name}.json`), JSON.stringify({ madeBy, hasClip: 'bytes' in clip } satisfies Sidecar), {
      mode: 0o600,
    });
    renameSync(partial, join(dir, `${name}.zip`));
    log.info({ job: jobId, clip: 'bytes' in clip, cjk: cjk !== null }, 'evidence pack made');
    return packOf(`${name}.zip`)!;
  }

  return {
    make,
    /** The job's packs still kept, newest first. */
    list: (jobId: string): EvidencePack[] =>
      readdirSync(dir)
        .map(packOf)
        .filter((p): p is EvidencePack => p !== undefined && p.jobId === jobId)
        .sort((a, b) => b.madeAt - a.madeAt),
    /** The zip of one pack of this job, if it is still kept. */
    file(jobId: string, packId: string): { path: string; name: string; bytes: number } | undefined {
      const [job, madeAt] = packId.split('-');
      if (job !== jobId) return undefined;
      const name = `job-${jobId}-${madeAt}.zip`;
      const p = packOf(name);
      return p ? { path: join(dir, name), name, bytes: p.bytes } : undefined;
    },
    /** Delete packs past their keeping time; the number deleted. */
    sweep(now: number): number {
      if (!(deps.retainDays > 0)) return 0;
      let n = 0;
      for (const f of readdirSync(dir)) {
        const m = PACK_FILE.exec(f);
        if (m && now >= Number(m[2]) + deps.retainDays * DAY) {
          unlinkSync(join(dir, f));
          rmSync(join(dir, f.replace(/\.zip$/, '.json')), { force: true });
          n++;
        }
      }
      if (n > 0) log.info({ deleted: n }, 'retention: deleted evidence packs past their keeping time');
      return n;
    },
  };
}
export type EvidenceService = ReturnType<typeof createEvidenceService>;
