// The honest ETA of a job: the standard durations of what it still has to go through, less what the
// current stage has already used, never less than a floor (a stage that runs long pushes the ETA
// later instead of pretending it is about to end). Recomputed on every event and as time passes.
import type { JobStage } from '@glassbay/protocol';

const MIN = 60_000;

/** Allowances of the stages around the work itself, minutes (a shop may tune them later). */
export const ETA_ALLOWANCE = {
  /** From the desk to the workshop's queue. */
  checkIn: 10,
  /** Moving the car onto a free bay. */
  toBay: 5,
  /** One turn of every bay when none is free: the average job of a mid-size shop. */
  bayRound: 60,
  inspection: 15,
  /** The customer answering an approval request on the phone. */
  approval: 15,
  qualityCheck: 10,
  /** A stage past its allowance still needs at least this share of it, and at least `floorMin`. */
  floorShare: 0.2,
  floorMin: 3,
} as const;

export const WASH_SERVICE = 'car-wash';

export interface EtaJob {
  stage: JobStage;
  stageSince: number;
  /** Standard minutes of the ordered work on the bay (the wash excluded). */
  workMinutes: number;
  /** Standard minutes of the wash, 0 when none was ordered. */
  washMinutes: number;
  /** Time already spent in service before the current stage (a job back from quality check). */
  serviceMsBefore: number;
  pendingApprovals: number;
  /** Work known to be behind its standard (wristband steps past their standard time), ms. */
  workDelayMs?: number;
}

/** The workshop as it is now: what a waiting job's turn depends on. */
export interface EtaShop {
  bays: number;
  freeBays: number;
  /** Jobs waiting for a bay that were checked in before this one. */
  waitingAhead: number;
}

/** What is left of a stage's allowance; a stage past it still needs a share of `floorOfMin`. */
const remainingOf = (allowanceMin: number, usedMs: number, floorOfMin = allowanceMin) => {
  const floor = Math.max(ETA_ALLOWANCE.floorMin, floorOfMin * ETA_ALLOWANCE.floorShare) * MIN;
  return Math.max(floor, allowanceMin * MIN - usedMs);
};

/** Minutes until a waiting job gets a bay: at once when one is free for it, else whole bay turns. */
export function waitForBayMinutes(shop: EtaShop): number {
  if (shop.waitingAhead < shop.freeBays) return ETA_ALLOWANCE.toBay;
  const bays = Math.max(1, shop.bays);
  const turns = Math.ceil((shop.waitingAhead - shop.freeBays + 1) / bays);
  return ETA_ALLOWANCE.toBay + turns * ETA_ALLOWANCE.bayRound;
}

/** The pipeline a job still has ahead, in order, with each stage's allowance in minutes. */
function plan(job: EtaJob, shop: EtaShop): { stage: JobStage; minutes: number }[] {
  const wash = job.washMinutes > 0 ? job.washMinutes : 0;
  const work = Math.max(0, job.workMinutes - job.serviceMsBefore / MIN);
  const all: { stage: JobStage; minutes: number }[] = [
    { stage: 'checked-in', minutes: ETA_ALLOWANCE.checkIn },
    { stage: 'waiting', minutes: waitForBayMinutes(shop) },
    { stage: 'inspection', minutes: ETA_ALLOWANCE.inspection },
    { stage: 'awaiting-approval', minutes: job.pendingApprovals > 0 ? ETA_ALLOWANCE.approval : 0 },
    { stage: 'in-service', minutes: work },
    { stage: 'quality-check', minutes: ETA_ALLOWANCE.qualityCheck },
    { stage: 'washing', minutes: job.stage === 'washing' ? Math.max(wash, 10) : wash },
  ];
  const at = all.findIndex((s) => s.stage === job.stage);
  // A job that skips inspection (waiting → in service) gains its allowance back: a margin, not a promise.
  return at < 0 ? [] : all.slice(at);
}

/**
 * When the car will be ready, epoch ms; the moment it became ready once it is; null once it left
 * (delivered or cancelled).
 */
export function estimateReadyAt(job: EtaJob, shop: EtaShop, now: number): number | null {
  if (job.stage === 'ready') return job.stageSince;
  if (job.stage === 'delivered' || job.stage === 'cancelled') return null;
  const [current, ...rest] = plan(job, shop);
  if (!current) return null;
  const used = Math.max(0, now - job.stageSince);
  let ms: number;
  if (job.stage === 'waiting')
    ms = current.minutes * MIN; // the live queue already counts from now
  else if (job.stage === 'in-service')
    ms = remainingOf(current.minutes, used - (job.workDelayMs ?? 0), job.workMinutes);
  else ms = remainingOf(current.minutes, used);
  for (const s of rest) ms += s.minutes * MIN;
  return Math.ceil((now + ms) / MIN) * MIN;
}

/** The time promised at check-in: the first estimate, rounded up to the next 5 minutes. */
export function promiseFrom(eta: number): number {
  const step = 5 * MIN;
  return Math.ceil(eta / step) * step;
}

/** Past its promise: staff see it before the customer has to ask. */
export const isLate = (eta: number | null, promisedAt: number | null): boolean =>
  eta !== null && promisedAt !== null && eta > promisedAt;

/** Split the ordered services into work on the bay and the wash. */
export function workOf(services: string[], minutesOf: (code: string) => number): { work: number; wash: number } {
  let work = 0;
  let wash = 0;
  for (const code of services) {
    if (code === WASH_SERVICE) wash += minutesOf(code);
    else work += minutesOf(code);
  }
  return { work, wash };
}

/** Milliseconds spent in service before the current stage, from the stage changes of the timeline. */
export function serviceTimeBefore(timeline: { stage: JobStage; at: number; event?: string }[]): number {
  const changes = timeline.filter((e) => !e.event);
  let total = 0;
  for (let i = 0; i < changes.length - 1; i++) {
    const e = changes[i]!;
    if (e.stage === 'in-service') total += changes[i + 1]!.at - e.at;
  }
  return total;
}
