// What the wristbands know about a job's work, for its ETA (#17): each of its services' SOP steps in
// order, the standard, what this shop has recently taken for the step (learned from its own finished
// step timings, domain/eta-steps.ts) and whether the step has started or ended on this job.
import { learnSpread, type Spread, type WorkStep } from '../domain/eta-steps.ts';
import type { Db } from '../store/db.ts';
import type { SopsService } from './sops.service.ts';
import type { WristbandsRepository } from './wristbands.repository.ts';

const MIN = 60_000;
/** History older than this says little about how the shop works today. */
const HISTORY_MS = 60 * 24 * 60 * MIN;
/** A pause longer than this between two steps is the car standing still, not part of the step. */
const GAP_CAP_MS = 5 * MIN;
/** A step's learned spread is recomputed at most this often (every open job asks on every tick). */
const REFRESH_MS = 10 * MIN;

export function createStepHistory(deps: { db: Db; wristbands: WristbandsRepository; sops: SopsService }) {
  // A step's time as the customer feels it: from its start to the start of the job's next step (the
  // walk to the bench, the next tool), capped so a car left standing does not count as work; the
  // job's last step counts its own duration.
  const recent = deps.db.prepare<[number, string, string, number, number], { ms: number }>(
    `SELECT MIN(t.duration_ms + ?, COALESCE(
              (SELECT MIN(n.started_at) FROM step_timings n
                WHERE n.job_id = t.job_id AND n.started_at >= t.ended_at AND n.id <> t.id) - t.started_at,
              t.duration_ms)) AS ms
       FROM step_timings t
      WHERE t.service_code = ? AND t.step_code = ? AND t.status = 'done' AND t.ended_at BETWEEN ? AND ?
        AND t.duration_ms > 0
      ORDER BY t.ended_at DESC LIMIT 40`,
  );
  const cache = new Map<string, { at: number; spread: Spread | null }>();

  function learned(serviceCode: string, stepCode: string, now: number): Spread | null {
    const key = `${serviceCode}\u0000${stepCode}`;
    const hit = cache.get(key);
    if (hit && now >= hit.at && now - hit.at < REFRESH_MS) return hit.spread;
    const rows = recent.all(GAP_CAP_MS, serviceCode, stepCode, now - HISTORY_MS, now);
    const spread = learnSpread(rows.map((r) => r.ms / MIN));
    cache.set(key, { at: now, spread });
    return spread;
  }

  return {
    /** Each service of the job that has an SOP, with its steps as the ETA sees them. */
    workOf(job: { id: string; services: readonly string[]; startedAt: number }, now: number): Map<string, WorkStep[]> {
      const timings = deps.wristbands.ofJob(job.id);
      const out = new Map<string, WorkStep[]>();
      for (const sop of deps.sops.forJob(job.services, job.startedAt)) {
        out.set(
          sop.serviceCode,
          sop.steps.map((step) => {
            // The latest record of the step on this job: a restart replaces an earlier attempt.
            const mine = timings.filter(
              (t) => t.serviceCode === sop.serviceCode && t.stepCode === step.code && t.status !== 'restarted',
            );
            const last = mine.at(-1);
            // A step left without its end (the technician moved on) is over for the ETA too.
            const over = last && last.status !== 'open';
            return {
              standardMin: step.standardMinutes,
              learned: learned(sop.serviceCode, step.code, now),
              startedAt: last?.startedAt ?? null,
              endedAt: over ? (last.endedAt ?? last.startedAt ?? now) : null,
            };
          }),
        );
      }
      return out;
    },
  };
}
export type StepHistory = ReturnType<typeof createStepHistory>;
