// The recordings on disk: one directory per camera under <dataDir>/media, one file per segment, the
// index kept in memory and rebuilt from the file names at start. Finished segments are committed
// here (renamed from ffmpeg's partial name to their index name) and the ring is enforced after each.
import { mkdirSync, readdirSync, renameSync, statSync, statfsSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isValidId } from '@glassbay/protocol';
import type { Logger } from '../logger.ts';
import { planRing, type RingLimits } from './ring.ts';
import {
  PARTIAL_NAME,
  findBySeq,
  overlapping,
  parseSegmentName,
  segmentEnd,
  segmentName,
  type Segment,
} from './segments.ts';

export interface CameraRecording {
  readonly id: string;
  readonly dir: string;
  /** Oldest first; sorted by seq. Read-only for callers. */
  readonly segments: readonly Segment[];
  readonly totalBytes: number;
  /** Largest EXT-X-TARGETDURATION this camera has needed since the hub started (never shrinks). */
  readonly targetDuration: number;
  /** Move a finished partial file into the ring under its index name. */
  commit(runId: string, partialFile: string, start: number, duration: number): Segment;
  live(size: number): Segment[];
  range(from: number, to: number): Segment[];
  /** The segment with this exact name, if the ring still holds it. */
  find(name: string): Segment | undefined;
  /** Remove ffmpeg's leftover partial files (a run that was killed mid-segment). */
  discardPartials(): void;
  /**
   * Resolve once a segment numbered `seq` or later is in the ring, or with false after `timeoutMs`
   * (a player's blocking playlist reload waits here instead of polling).
   */
  waitForSeq(seq: number, timeoutMs: number): Promise<boolean>;
}

export type DiskFree = (path: string) => number;
const statfsFree: DiskFree = (path) => {
  const s = statfsSync(path);
  return s.bavail * s.bsize;
};

export function createRecordings(opts: { root: string; limits: RingLimits; log: Logger; diskFree?: DiskFree }) {
  const { root, limits, log } = opts;
  const diskFree = opts.diskFree ?? statfsFree;
  mkdirSync(root, { recursive: true });
  const cameras = new Map<string, CameraRecording & { segments: Segment[]; totalBytes: number }>();

  function open(id: string) {
    const dir = join(root, id);
    mkdirSync(dir, { recursive: true });
    const segments: Segment[] = [];
    for (const f of readdirSync(dir)) {
      if (PARTIAL_NAME.test(f)) {
        unlinkSync(join(dir, f));
        continue;
      }
      const s = parseSegmentName(f, 0);
      if (s) segments.push({ ...s, bytes: statSync(join(dir, f)).size });
    }
    segments.sort((a, b) => a.seq - b.seq);
    let lastRun: string | null = null;
    const waiters = new Set<{ seq: number; done: (ok: boolean) => void }>();
    const rec = {
      id,
      dir,
      segments,
      totalBytes: segments.reduce((n, s) => n + s.bytes, 0),
      targetDuration: 1,
      commit(runId: string, partialFile: string, start: number, duration: number): Segment {
        if (!PARTIAL_NAME.test(partialFile)) throw new Error(`unexpected segment file "${partialFile}" from ffmpeg`);
        const prev = segments.at(-1);
        // Segments of one camera are numbered for life; a new ffmpeg run is a new discontinuity.
        const seq = prev ? prev.seq + 1 : 0;
        const disc = !prev ? 0 : runId === lastRun ? prev.disc : prev.disc + 1;
        lastRun = runId;
        // Absorb jitter so segments never overlap; a large step back means the hub's clock was set
        // back, and is kept as is so the times heal instead of drifting forever.
        if (prev && start < segmentEnd(prev) && start > segmentEnd(prev) - 1000) start = segmentEnd(prev);
        const s: Segment = { seq, disc, start: Math.round(start), duration: Math.round(duration), bytes: 0, name: '' };
        s.name = segmentName(s);
        const target = join(dir, s.name);
        renameSync(join(dir, partialFile), target);
        s.bytes = statSync(target).size;
        segments.push(s);
        for (const w of waiters) if (w.seq <= s.seq) w.done(true);
        rec.totalBytes += s.bytes;
        rec.targetDuration = Math.max(rec.targetDuration, Math.round(s.duration / 1000));
        return s;
      },
      live: (size: number) => segments.slice(-size),
      range: (from: number, to: number) => overlapping(segments, from, to),
      find(name: string) {
        const parsed = parseSegmentName(name);
        const s = parsed && findBySeq(segments, parsed.seq);
        return s && s.name === name ? s : undefined;
      },
      discardPartials() {
        for (const f of readdirSync(dir)) if (PARTIAL_NAME.test(f)) unlinkSync(join(dir, f));
      },
      waitForSeq(seq: number, timeoutMs: number): Promise<boolean> {
        if ((segments.at(-1)?.seq ?? -1) >= seq) return Promise.resolve(true);
        return new Promise((resolve) => {
          const w = {
            seq,
            done: (ok: boolean) => {
              clearTimeout(timer);
              waiters.delete(w);
              resolve(ok);
            },
          };
          const timer = setTimeout(() => w.done(false), timeoutMs);
          waiters.add(w);
        });
      },
    };
    cameras.set(id, rec);
    return rec;
  }

  // Recordings of cameras removed from the configuration stay in the ring until they age out.
  for (const d of readdirSync(root, { withFileTypes: true })) if (d.isDirectory() && isValidId(d.name)) open(d.name);

  return {
    camera: (id: string): CameraRecording => cameras.get(id) ?? open(id),
    get: (id: string): CameraRecording | undefined => cameras.get(id),
    /** Apply the ring: delete what the limits say must go. Returns what the disk is still short of. */
    enforce(now: number): { deleted: number; stillShortBytes: number } {
      const list = [...cameras.values()];
      let free: number;
      try {
        free = diskFree(root);
      } catch (err) {
        log.warn({ err }, 'cannot read free disk space; enforcing the per-camera limits only');
        free = Number.POSITIVE_INFINITY;
      }
      const plan = planRing(list, limits, { freeBytes: free }, now);
      let deleted = 0;
      for (const d of plan.deletions) {
        const rec = cameras.get(d.camera)!;
        for (const s of d.segments) {
          try {
            unlinkSync(join(rec.dir, s.name));
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
              log.warn({ err, file: s.name }, 'cannot delete a segment');
          }
          rec.totalBytes -= s.bytes;
        }
        rec.segments.splice(0, d.segments.length);
        deleted += d.segments.length;
      }
      return { deleted, stillShortBytes: plan.stillShortBytes };
    },
  };
}
export type Recordings = ReturnType<typeof createRecordings>;
