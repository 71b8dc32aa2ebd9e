// What the wristbands know about a job's work, for its ETA (#17): each of its services' SOP steps in
// order, the standard, what this shop has recently taken for the step (learned from its own finished
// timings of the step at that standard, domain/eta-steps.ts; with too few of them, the standard at
// the shop's pace moved towards the few), scaled by the pace of the technician the job is assigned
// to, and whether the step has started or ended on this job. Also how long cars recently stood idle
// on their bays.
import { fromStandard, learnSpread, LEARN, shrinkTowards, type Spread, type WorkStep } from '../domain/eta-steps.ts';
import { median } from '../domain/wristband-pairing.ts';
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
/** Step timings needed before the shop's pace against the standards replaces the standard itself. */
const SHOP_PRIOR_MIN = 30;

export function createStepHistory(deps: { db: Db; wristbands: WristbandsRepository; sops: SopsService }) {
  // A step's time as the customer feels it: from its start to the start of the job's next step (the
  // walk to the bench, the next tool), capped so a car left standing does not count as work; the
  // job's last step counts its own duration.
  // Only timings made against the step's standard of today: a step the shop re-timed (a new
  // standard in the SOP editor; the demo's compressed clock) is a different step, learned afresh.
  const recent = deps.db.prepare<[number, string, string, number, number, number], { ms: number }>(
    `SELECT MIN(t.duration_ms + ?, COALESCE(
              (SELECT MIN(n.started_at) FROM step_timings n
                WHERE n.job_id = t.job_id AND n.started_at >= t.ended_at AND n.id <> t.id) - t.started_at,
              t.duration_ms)) AS ms
       FROM step_timings t
      WHERE t.service_code = ? AND t.step_code = ? AND t.status = 'done' AND t.ended_at BETWEEN ? AND ?
        AND t.duration_ms > 0 AND t.standard_minutes = ?
      ORDER BY t.ended_at DESC LIMIT 40`,
  );
  const cache = new Map<string, { at: number; spread: Spread | null; few: number[] }>();

  // How this shop runs against the standards overall (its recent steps' time over their standard):
  // the prior of a step it has too little history of, instead of the bare standard.
  // Timed as the learned steps are (to the next step's start, capped); all technicians (tech = '*'),
  // or one.
  const againstStandard = deps.db.prepare<[number, number, number, string, string], { ratio: number }>(
    `SELECT MIN(t.duration_ms + ?, COALESCE(
              (SELECT MIN(n.started_at) FROM step_timings n
                WHERE n.job_id = t.job_id AND n.started_at >= t.ended_at AND n.id <> t.id) - t.started_at,
              t.duration_ms)) / (s.standard_minutes * 60000.0) AS ratio
       FROM step_timings t JOIN sop_steps s ON s.version_id = t.sop_version_id AND s.code = t.step_code
      WHERE t.status = 'done' AND t.duration_ms > 0 AND s.standard_minutes > 0 AND t.ended_at BETWEEN ? AND ?
        AND (? = '*' OR t.tech = ?)
      ORDER BY t.ended_at DESC LIMIT 200`,
  );
  const paceAgainstStandard = (tech: string, now: number): { n: number; p50: number | null } => {
    const ratios = againstStandard
      .all(GAP_CAP_MS, now - HISTORY_MS, now, tech, tech)
      .map((r) => r.ratio)
      .filter((x) => Number.isFinite(x) && x > 0);
    return { n: ratios.length, p50: median(ratios) };
  };
  // How a technician runs against the shop (their steps against the standards, over the shop's):
  // the steps of a job assigned to them are expected at that pace before the job shows its own.
  const techCache = new Map<string, { at: number; factor: number }>();
  const techFactor = (tech: string | null, now: number): number => {
    if (!tech) return 1;
    const hit = techCache.get(tech);
    if (hit && now >= hit.at && now - hit.at < REFRESH_MS) return hit.factor;
    const mine = paceAgainstStandard(tech, now);
    const { factor: shop } = shopNow(now);
    const factor =
      mine.n >= SHOP_PRIOR_MIN && mine.p50 ? Math.min(LEARN.paceMax, Math.max(LEARN.paceMin, mine.p50 / shop)) : 1;
    if (techCache.size > 500) techCache.clear();
    techCache.set(tech, { at: now, factor });
    return factor;
  };
  // The times cars stood on their bays: from a step's end to the job's next step, when that was long
  // enough to show as idle.
  const standsQuery = deps.db.prepare<[number, number, number], { ms: number }>(
    `SELECT ms FROM (
       SELECT (SELECT MIN(n.started_at) FROM step_timings n
                WHERE n.job_id = t.job_id AND n.started_at >= t.ended_at AND n.id <> t.id) - t.ended_at AS ms,
              t.ended_at AS at
         FROM step_timings t
        WHERE t.status = 'done' AND t.job_id IS NOT NULL AND t.ended_at BETWEEN ? AND ?
        -- The newest 2,000 steps (a busy shop's week or two): a bounded read every REFRESH_MS.
        ORDER BY t.ended_at DESC LIMIT 2000)
      WHERE ms >= ? ORDER BY at DESC LIMIT 40`,
  );
  let shop: { at: number; factor: number; stands: number[] } | null = null;
  const shopNow = (now: number) => {
    if (shop && now >= shop.at && now - shop.at < REFRESH_MS) return shop;
    const all = paceAgainstStandard('*', now);
    shop = {
      at: now,
      // Enough of them to say something of the shop, not of one job.
      factor: all.n >= SHOP_PRIOR_MIN && all.p50 ? all.p50 : 1,
      stands: standsQuery.all(now - HISTORY_MS, now, LEARN.idleAfterMin * MIN).map((r) => r.ms / MIN),
    };
    return shop;
  };

  /** A step's recent timings at its standard (minutes, newest first), read at most every REFRESH_MS. */
  function timings(
    serviceCode: string,
    stepCode: string,
    standardMin: number,
    now: number,
  ): { spread: Spread | null; few: number[] } {
    const key = `${serviceCode}\u0000${stepCode}\u0000${standardMin}`;
    const hit = cache.get(key);
    if (hit && now >= hit.at && now - hit.at < REFRESH_MS) return hit;
    const mins = recent
      .all(GAP_CAP_MS, serviceCode, stepCode, now - HISTORY_MS, now, standardMin)
      .map((r) => r.ms / MIN);
    const entry = { at: now, spread: learnSpread(mins), few: mins };
    // Keys come from the SOPs (a re-timed step adds one): bounded, but never grown without end.
    if (cache.size > 2000) cache.clear();
    cache.set(key, entry);
    return entry;
  }
  /**
   * What the ETA takes a step to need: its learned spread; with too few timings of its own, its
   * standard at the shop's usual pace moved towards the few it has; null: the bare standard.
   */
  function learned(serviceCode: string, stepCode: string, standardMin: number, now: number): Spread | null {
    const { spread, few } = timings(serviceCode, stepCode, standardMin, now);
    if (spread) return spread;
    const { factor } = shopNow(now);
    if (factor === 1 && few.length === 0) return null;
    return shrinkTowards(few, fromStandard(standardMin * factor));
  }

  return {
    /** Each service of the job that has an SOP, with its steps as the ETA sees them. */
    workOf(
      job: { id: string; services: readonly string[]; startedAt: number; technician?: string | null },
      now: number,
    ): Map<string, WorkStep[]> {
      const timings = deps.wristbands.ofJob(job.id);
      const k = techFactor(job.technician ?? null, now);
      const byTech = (s: Spread | null): Spread | null =>
        s && k !== 1 ? { p10: s.p10 * k, p50: s.p50 * k, p90: s.p90 * k } : s;
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
              learned: byTech(
                learned(sop.serviceCode, step.code, step.standardMinutes, now) ??
                  (k !== 1 ? fromStandard(step.standardMinutes) : null),
              ),
              startedAt: last?.startedAt ?? null,
              endedAt: over ? (last.endedAt ?? last.startedAt ?? now) : null,
            };
          }),
        );
      }
      return out;
    },
    /** How long cars recently stood on their bays once idle (minutes, newest first). */
    stands: (now: number): readonly number[] => shopNow(now).stands,
  };
}
export type StepHistory = ReturnType<typeof createStepHistory>;
