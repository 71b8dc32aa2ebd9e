// Job rules as plain functions: which stage moves are allowed beyond the transition table, what a
// sensor's observation means for a job, when a follow link expires, and how a job is seen in public.
// No clock and no I/O: `now` comes in.
import {
  activeStages,
  canMove,
  maskPlate,
  stageTransitions,
  type Approval,
  type CustomerJobView,
  type JobStage,
  type JobView,
  type PublicJobView,
} from '@glassbay/protocol';

/** In the shop's hands: on the lounge board, counted in the workshop's queue. */
export const isActive = (stage: JobStage): boolean => (activeStages as readonly JobStage[]).includes(stage);

export type MoveCheck = { ok: true } | { ok: false; code: string; message: string };

const refuse = (code: string, message: string): MoveCheck => ({ ok: false, code, message });

/** The facts a staff move is judged on. */
export interface MoveContext {
  stage: JobStage;
  bayId: string | null;
  approvals: Pick<Approval, 'state'>[];
}

/**
 * A staff member's move: the transition table first, then the rules the table cannot say: a car is
 * serviced on a bay; "awaiting approval" means there is something to approve (ask through an approval
 * request); a job cannot leave it while the customer has not answered, except to be cancelled.
 */
export function checkStaffMove(job: MoveContext, to: JobStage): MoveCheck {
  if (job.stage === to) return refuse('STAGE_UNCHANGED', `the job is already in ${to}`);
  if (!canMove(job.stage, to)) {
    const next = stageTransitions[job.stage];
    return refuse(
      'STAGE_MOVE_REFUSED',
      next.length === 0
        ? `a job in ${job.stage} is finished and cannot move`
        : `a job in ${job.stage} cannot move to ${to}; it can move to ${next.join(', ')}`,
    );
  }
  if (to === 'in-service' && !job.bayId)
    return refuse('BAY_REQUIRED', 'assign a bay before moving the job into service');
  const pending = job.approvals.some((a) => a.state === 'pending');
  if (to === 'awaiting-approval' && !pending)
    return refuse('APPROVAL_REQUIRED', 'request an approval from the customer; the job then waits for the answer');
  if (job.stage === 'awaiting-approval' && pending && to !== 'cancelled')
    return refuse('APPROVAL_PENDING', 'the customer has not answered the approval request yet');
  return { ok: true };
}

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
    timeline: stagesOnly(job),
  };
}

/** The customer's own job, on the phone. */
export function toCustomerJob(
  job: JobView,
  extra: { bayName: string | null; closedAt: number | null; graceMs: number },
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
    promisedAt: job.promisedAt,
    timeline: stagesOnly(job),
    approvals: job.approvals,
    rating: job.rating,
    canRate: (job.stage === 'ready' || job.stage === 'delivered') && job.rating === null,
    followUntil: followUntil(extra.closedAt, extra.graceMs),
  };
}
