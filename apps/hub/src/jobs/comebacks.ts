// Comebacks flagged at check-in (issue 18, item 6): is this car back within the comeback window
// after a job for a related service? The rule is the KPI's own (`findComebacks`), applied to the
// car's previous job and the visit being opened, so the tag the advisor sees and the comeback
// figure of the dashboard can never disagree.
import type { ComebackTag } from '@glassbay/protocol';
import { findComebacks, type KpiJob } from '../domain/kpi.ts';
import type { Db } from '../store/db.ts';

interface PreviousRow {
  id: number;
  code: string;
  services: string;
  created_at: number;
  ready_at: number | null;
  delivered_at: number | null;
}

/** The visit being opened has no id yet; any id no stored job has will do for the rule. */
const VISIT = 'visit';

export function createComebackCheck(db: Db, windowDays: number) {
  // Only the car's latest job that was not cancelled can be the original (the rule compares a visit
  // with the car's previous one); the jobs_plate index answers it.
  const previous = db.prepare<{ plate: string; before: number }, PreviousRow>(
    `SELECT j.id, j.code, j.services, j.created_at,
       (SELECT min(at) FROM job_events e WHERE e.job_id = j.id AND e.event IS NULL AND e.stage = 'ready') AS ready_at,
       (SELECT min(at) FROM job_events e WHERE e.job_id = j.id AND e.event IS NULL AND e.stage = 'delivered') AS delivered_at
     FROM jobs j WHERE j.plate = @plate AND j.created_at <= @before AND j.stage != 'cancelled'
     ORDER BY j.created_at DESC, j.id DESC LIMIT 1`,
  );

  const asKpi = (id: string, plate: string, services: readonly string[], createdAt: number): KpiJob => ({
    id,
    plate,
    services,
    laneId: null,
    bayId: null,
    technician: null,
    createdAt,
    promisedAt: null,
    readyAt: null,
    deliveredAt: null,
    cancelled: false,
    rating: null,
  });

  /** The comeback this check-in is, or null. `services`: what the car came for this time. */
  return function comebackOf(plate: string, services: readonly string[], now: number): ComebackTag | null {
    const row = previous.get({ plate, before: now });
    if (!row) return null;
    const before: KpiJob = {
      ...asKpi(String(row.id), plate, JSON.parse(row.services) as string[], row.created_at),
      readyAt: row.ready_at ?? row.delivered_at,
      deliveredAt: row.delivered_at,
    };
    const found = findComebacks([before, asKpi(VISIT, plate, services, now)], windowDays)[0];
    if (!found) return null;
    return {
      originalJobId: before.id,
      originalCode: row.code,
      originalServices: [...before.services],
      originalAt: before.deliveredAt ?? before.readyAt ?? before.createdAt,
      days: Math.floor(found.days),
      windowDays,
      services: found.services,
    };
  };
}
export type ComebackCheck = ReturnType<typeof createComebackCheck>;
