// Stored jobs → the views staff see, with the ETA computed against the workshop as it is now.
import { randomBytes, createHash } from 'node:crypto';
import {
  holdsBay,
  idleReasons,
  type BayView,
  type IdleReason,
  type JobStepProgress,
  type JobView,
  type ServiceDef,
} from '@glassbay/protocol';
import { isLate, serviceTimeBefore, WASH_SERVICE, type EtaShop } from '../domain/eta.ts';
import type { StepEta, StepEtaJob, WorkStep } from '../domain/eta-steps.ts';
import type { JobRecord } from './jobs.repository.ts';

/** A follow token: 24 random bytes (192 bits), base64url; only its SHA-256 is stored. */
export function mintFollowToken(): { token: string; tokenHash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, tokenHash: hashFollowToken(token) };
}
export const hashFollowToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Minutes of a service on the menu; an unknown code (removed from the menu since) counts 30. */
export const minutesLookup = (menu: ServiceDef[]) => {
  const byCode = new Map(menu.map((s) => [s.code, s.standardMinutes]));
  return (code: string) => byCode.get(code) ?? 30;
};

const waitingForBay = (j: JobRecord) => j.stage === 'checked-in' || j.stage === 'waiting';

/**
 * The workshop context of each open job's ETA: bays in use (by a job or by a car the sensors see)
 * and how many jobs were checked in earlier and still wait for a bay.
 */
export function shopContext(open: JobRecord[], bays: BayView[]): (job: JobRecord) => EtaShop {
  const used = new Set(open.filter((j) => holdsBay(j.stage)).map((j) => j.bayId));
  const free = bays.filter((b) => !used.has(b.id) && b.occupied !== true).length;
  const queue = open.filter(waitingForBay);
  return (job) => ({
    bays: bays.length,
    freeBays: free,
    waitingAhead: queue.filter((q) => q.createdAt < job.createdAt || (q.createdAt === job.createdAt && +q.id < +job.id))
      .length,
  });
}

/** Bays neither held by a job nor taken by a car the sensors see. */
export function freeBaysOf(open: JobRecord[], bays: BayView[]): number {
  const used = new Set(open.filter((j) => holdsBay(j.stage)).map((j) => j.bayId));
  return bays.filter((b) => !used.has(b.id) && b.occupied !== true).length;
}

/** The reason staff gave for the car standing still during its current stage, if any. */
export function idleReasonOf(r: JobRecord): IdleReason | null {
  const last = r.timeline.filter((e) => e.event === 'idle-reason' && e.at >= r.stageSince).at(-1);
  return last && (idleReasons as readonly string[]).includes(last.note ?? '') ? (last.note as IdleReason) : null;
}

/**
 * A job as the learned ETA sees it (domain/eta-steps.ts): its services with the SOP steps the
 * wristbands know (`steps`, by service code), the menu's minutes for work without an SOP, the wash.
 */
export function toStepEtaJob(
  r: JobRecord,
  minutesOf: (code: string) => number,
  steps: ReadonlyMap<string, WorkStep[]>,
): StepEtaJob {
  // Approved extras are work like the booked services: their menu time (or their steps) joins the ETA.
  const codes = [...r.services, ...r.approvals.filter((a) => a.state === 'approved').flatMap((a) => a.services)];
  const work = codes
    .filter((code) => code !== WASH_SERVICE)
    .map((code) => ({ code, standardMin: minutesOf(code), steps: steps.get(code) ?? [] }));
  const washMinutes = codes.filter((c) => c === WASH_SERVICE).reduce((m, c) => m + minutesOf(c), 0);
  return {
    id: r.id,
    stage: r.stage,
    stageSince: r.stageSince,
    createdAt: r.createdAt,
    work,
    washMinutes,
    pendingApprovals: r.approvals.filter((a) => a.state === 'pending').length,
    serviceMsBefore: serviceTimeBefore(r.timeline),
    idleReason: idleReasonOf(r),
  };
}

/** The staff view: the stored job plus its ETA now (null once it left), and whether it is past its promise. */
export function toJobView(r: JobRecord, est: StepEta | null, steps: JobStepProgress | null = null): JobView {
  const eta = r.stage === 'ready' ? r.stageSince : r.closedAt !== null ? null : (est?.eta ?? null);
  const etaRange = r.stage === 'ready' || !est || eta === null ? null : { low: est.low, high: est.high };
  return {
    id: r.id,
    code: r.code,
    vehicle: r.vehicle,
    customer: r.customer,
    services: r.services,
    complaint: r.complaint,
    bayId: r.bayId,
    technician: r.technician,
    stage: r.stage,
    stageSince: r.stageSince,
    createdAt: r.createdAt,
    promisedAt: r.promisedAt,
    eta,
    etaRange,
    idle: r.stage === 'in-service' ? (est?.idle ?? null) : null,
    late: isLate(eta, r.promisedAt),
    timeline: r.timeline,
    approvals: r.approvals,
    rating: r.rating,
    comeback: r.comeback,
    steps,
  };
}
