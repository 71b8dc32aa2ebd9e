// How long this shop's quality check and wash really take (#17): the time recent jobs spent in each
// stage, from their own timelines, learned as a spread (domain/eta-steps.ts) for the ETA; the
// allowances stand in until there is enough history.
import { learnSpread, type Spread } from '../domain/eta-steps.ts';
import type { Db } from '../store/db.ts';

const MIN = 60_000;
/** Jobs created within this window teach the stage times (the newest 40 of each stage count). */
const HISTORY_MS = 30 * 24 * 60 * MIN;
/** Recomputed at most this often: every ETA of every open job asks. */
const REFRESH_MS = 10 * MIN;

export type LearnedStage = 'quality-check' | 'washing';

export function createStageHistory(db: Db) {
  // Each stage change of recent closed jobs and the change after it (job_events_job keeps it per job).
  const q = db.prepare<[number, number, string], { ms: number }>(
    `SELECT next_at - at AS ms FROM (
       SELECT e.stage, e.at, LEAD(e.at) OVER (PARTITION BY e.job_id ORDER BY e.id) AS next_at, j.created_at
         FROM jobs j JOIN job_events e ON e.job_id = j.id AND e.event IS NULL
        WHERE j.closed_at IS NOT NULL AND j.created_at BETWEEN ? AND ?)
      WHERE stage = ? AND next_at IS NOT NULL
      ORDER BY at DESC LIMIT 40`,
  );
  let cached: { at: number; spreads: Record<LearnedStage, Spread | null> } | null = null;
  return {
    /** The learned spread of each stage the ETA learns, or null where it has too little history. */
    spreads(now: number): Record<LearnedStage, Spread | null> {
      if (cached && now >= cached.at && now - cached.at < REFRESH_MS) return cached.spreads;
      const of = (stage: LearnedStage) => learnSpread(q.all(now - HISTORY_MS, now, stage).map((r) => r.ms / MIN));
      cached = { at: now, spreads: { 'quality-check': of('quality-check'), washing: of('washing') } };
      return cached.spreads;
    },
  };
}
