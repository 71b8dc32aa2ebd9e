// A job's footage rights read from the jobs tables (the media module only reads them): the job's
// state and its bay history from the events (migration 0008 keeps the bay on each event). Answers
// are kept for a second: a player asks for a playlist or a segment several times a second.
import type { JobStage, TimelineEvent } from '@glassbay/protocol';
import type { Db } from '../store/db.ts';
import type { TimeRange } from '../domain/job-footage.ts';
import { bayPeriods, windowsOnBay, type BayPeriod, type JobEvent } from '../domain/job-footage.ts';

export interface FootageJob {
  id: string;
  code: string;
  stage: JobStage;
  bayId: string | null;
  createdAt: number;
  closedAt: number | null;
  followTokenHash: string | null;
}

interface JobRow {
  id: number;
  code: string;
  stage: JobStage;
  bay_id: string | null;
  created_at: number;
  closed_at: number | null;
  follow_token_hash: string | null;
}

const CACHE_MS = 1000;

export function createJobFootage(db: Db, now: () => number = Date.now) {
  const q = {
    job: db.prepare<[number], JobRow>(
      'SELECT id, code, stage, bay_id, created_at, closed_at, follow_token_hash FROM jobs WHERE id = ?',
    ),
    events: db.prepare<[number], { at: number; stage: JobStage; event: TimelineEvent | null; bay_id: string | null }>(
      'SELECT at, stage, event, bay_id FROM job_events WHERE job_id = ? ORDER BY id',
    ),
    // Other jobs that were on this bay while this one was in the shop.
    others: db.prepare<[string, number, number, number], { id: number; closed_at: number | null }>(
      `SELECT DISTINCT j.id, j.closed_at FROM job_events e JOIN jobs j ON j.id = e.job_id
        WHERE e.bay_id = ? AND e.job_id != ? AND (j.closed_at IS NULL OR j.closed_at > ?) AND j.created_at < ?`,
    ),
    handedOver: db.prepare<[number], { id: number }>(
      `SELECT id FROM jobs WHERE stage IN ('ready', 'delivered') AND (closed_at IS NULL OR closed_at > ?)`,
    ),
  };
  const cache = new Map<string, { at: number; value: unknown }>();
  const cached = <T>(key: string, make: () => T): T => {
    const t = now();
    const hit = cache.get(key);
    if (hit && t - hit.at < CACHE_MS) return hit.value as T;
    const value = make();
    if (cache.size > 500) cache.clear();
    cache.set(key, { at: t, value });
    return value;
  };

  const events = (id: number): JobEvent[] =>
    q.events.all(id).map((e) => ({ at: e.at, stage: e.stage, event: e.event, bayId: e.bay_id }));

  function job(id: string): FootageJob | undefined {
    if (!/^[0-9]{1,12}$/.test(id)) return undefined;
    const r = q.job.get(Number(id));
    return (
      r && {
        id: String(r.id),
        code: r.code,
        stage: r.stage,
        bayId: r.bay_id,
        createdAt: r.created_at,
        closedAt: r.closed_at,
        followTokenHash: r.follow_token_hash,
      }
    );
  }

  function periods(id: string): BayPeriod[] {
    return cached(`p:${id}`, () => {
      const j = job(id);
      return j ? bayPeriods(events(Number(id)), j.closedAt) : [];
    });
  }

  return {
    /** Jobs at handover (ready, or delivered since `since`): the ones a repair clip is cut for. */
    handedOver: (since: number): string[] => q.handedOver.all(since).map((r) => String(r.id)),
    job: (id: string) => cached(`j:${id}`, () => job(id)),
    events: (id: string) => cached(`e:${id}`, () => (job(id) ? events(Number(id)) : [])),
    periods,
    /** The time ranges job `id` may watch on `bayId`: its periods there, minus another job's claim. */
    windowsOnBay(id: string, bayId: string): TimeRange[] {
      return cached(`w:${id}:${bayId}`, () => {
        const j = job(id);
        if (!j) return [];
        const own = periods(id);
        if (!own.some((p) => p.bayId === bayId)) return [];
        const until = j.closedAt ?? now();
        const others = q.others
          .all(bayId, Number(id), j.createdAt, until + 1)
          .flatMap((o) => bayPeriods(events(o.id), o.closed_at));
        return windowsOnBay(own, others, bayId);
      });
    },
  };
}
export type JobFootage = ReturnType<typeof createJobFootage>;
