// Job rules as plain functions: what a sensor's observation means for a job (the staff move rule,
// checkStaffMove, lives in the protocol so the console offers exactly what the hub accepts), when a follow link expires, and how a job is seen in public.
// No clock and no I/O: `now` comes in.
import {
  activeStages,
  maskPlate,
  type CustomerJobView,
  type JobStage,
  type JobView,
  type PublicJobView,
} from '@glassbay/protocol';

/** In the shop's hands: on the lounge board, counted in the workshop's queue. */
export { checkStaffMove } from '@glassbay/protocol';

export const isActive = (stage: JobStage): boolean => (activeStages as readonly JobStage[]).includes(stage);

/** Stages from which a car seen arriving on its assigned bay means work has started. */
const startsOnArrival: readonly JobStage[] = ['waiting', 'inspection'];

export type OccupancyDecision =
  | { kind: 'start-service'; jobId: string }
  | { kind: 'record'; jobId: string; event: 'car-on-bay' | 'bay-freed' }
  | { kind: 'car-left-in-service'; jobId: string }
  | { kind: 'car-without-job' }
  | { kind: 'nothing' };

/**
 * What a bay's occupancy change means, given the open jobs assigned to that bay (oldest first). The
 * sensor moves only what it can observe; anything that contradicts the jobs goes to staff.
 */
export function decideOccupancy(occupied: boolean, jobsOnBay: { id: string; stage: JobStage }[]): OccupancyDecision {
  const open = jobsOnBay.filter((j) => isActive(j.stage));
  if (occupied) {
    const starting = open.find((j) => startsOnArrival.includes(j.stage));
    if (starting) return { kind: 'start-service', jobId: starting.id };
    const there = open.find((j) => j.stage !== 'checked-in');
    if (there) return { kind: 'record', jobId: there.id, event: 'car-on-bay' };
    const checkedIn = open[0];
    if (checkedIn) return { kind: 'record', jobId: checkedIn.id, event: 'car-on-bay' };
    return { kind: 'car-without-job' };
  }
  const serviced = open.find((j) => j.stage === 'in-service');
  if (serviced) return { kind: 'car-left-in-service', jobId: serviced.id };
  const done = open.find((j) => ['quality-check', 'washing', 'ready'].includes(j.stage));
  if (done) return { kind: 'record', jobId: done.id, event: 'bay-freed' };
  return { kind: 'nothing' };
}

/**
 * Where a job goes when the customer has answered every approval: back to work when the car is on
 * its bay, otherwise back to the queue for a bay.
 */
export const afterApprovals = (bayId: string | null, carOnBay: boolean): JobStage =>
  bayId && carOnBay ? 'in-service' : 'waiting';

/** A follow link works while the job is open and for a grace period after it closed. */
export function followOpen(closedAt: number | null, now: number, graceMs: number): boolean {
  return closedAt === null || now < closedAt + graceMs;
}

export const followUntil = (closedAt: number | null, graceMs: number): number | null =>
  closedAt === null ? null : closedAt + graceMs;

/** Stage changes only (public screens show no sensor or approval events, and no names). */
const stagesOnly = (job: JobView) => job.timeline.filter((e) => !e.event).map(({ stage, at }) => ({ stage, at }));

/** A job on a public board: active jobs only; masked plate; nothing personal. */
export function toPublicJob(job: JobView): PublicJobView | undefined {
  if (!isActive(job.stage)) return undefined;
  return {
    id: job.id,
    plateMasked: maskPlate(job.vehicle.plate),
    model: job.vehicle.model,
    colour: job.vehicle.colour,
    services: job.services,
    bayId: job.bayId,
    stage: job.stage,
    stageSince: job.stageSince,
    eta: job.eta,
    etaRange: job.etaRange,
    idle: job.idle,
    timeline: stagesOnly(job),
    steps: job.steps,
  };
}

/** The customer's own job, on the phone. */
export function toCustomerJob(
  job: JobView,
  extra: { bayName: string | null; closedAt: number | null; graceMs: number; loungeCode: string | null },
): CustomerJobView {
  return {
    id: job.id,
    code: job.code,
    plateMasked: maskPlate(job.vehicle.plate),
    model: job.vehicle.model,
    colour: job.vehicle.colour,
    services: job.services,
    bayName: extra.bayName,
    stage: job.stage,
    stageSince: job.stageSince,
    eta: job.eta,
    etaRange: job.etaRange,
    idle: job.idle,
    promisedAt: job.promisedAt,
    timeline: stagesOnly(job),
    steps: job.steps,
    approvals: job.approvals,
    rating: job.rating,
    canRate: (job.stage === 'ready' || job.stage === 'delivered') && job.rating === null,
    followUntil: followUntil(extra.closedAt, extra.graceMs),
    loungeCode: extra.loungeCode,
  };
}
