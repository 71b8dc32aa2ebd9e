// The ETA that learns (#17): what a job still has to go through, step by step, at the durations this
// shop actually takes for each SOP step (robust quantiles of its recent step timings), falling back
// to the standard where it has too little history. A step finished early brings the ETA forward (it
// is no longer counted), a step running late pushes it (it still needs a floor of its time), a car
// standing on its bay with no step running is idle and said so (and expected to stand as long as
// the shop's cars that stood as long did), approved extras are services like any other. The answer
// is a range (p10–p90) around the middle, not one minute it cannot back.
// Pure: `now` comes in; the hub hands in the steps it stored and the history it learned from.
import { jobStages, type IdleReason, type JobStage } from '@glassbay/protocol';
import { ETA_ALLOWANCE } from './eta.ts';
import { median } from './wristband-pairing.ts';

const MIN = 60_000;

export const LEARN = {
  /** Fewer recent timings of a step than this: its standard is used. */
  minSamples: 5,
  /** How many timings the prior of a step with fewer than `minSamples` counts as. */
  priorWeight: 3,
  /** The newest timings considered per step. */
  maxSamples: 40,
  /** Spread assumed around a standard without history (coefficient of variation). */
  defaultCv: 0.35,
  /**
   * Steps of one job run fast or slow together (one technician, one car): the spread of their sum
   * is between independent (0) and fully shared (1).
   */
  correlation: 0.5,
  /** z of the 10th/90th percentile. */
  z: 1.2816,
  /** A running step past its typical time still needs this share of it, at least `floorMin`. */
  floorShare: 0.15,
  floorMin: 0.5,
  /** No step running for this long while the car is on its bay: idle. */
  idleAfterMin: 8,
  /** A pause between steps longer than this is the car standing, not the step (as in the history). */
  gapCapMin: 5,
  /** The job's own pace: bounds, and the minutes of finished steps at which it counts half. */
  paceMin: 0.6,
  paceMax: 1.8,
  paceEvidenceMin: 30,
  /** Shown ranges are rounded outwards to this many minutes. */
  stepMin: 5,
} as const;

/** Learned duration of one thing (a step, a stage), minutes. */
export interface Spread {
  p10: number;
  p50: number;
  p90: number;
}

/** Robust quantiles of recent durations (minutes), or null with too few to trust. */
export function learnSpread(durationsMin: readonly number[]): Spread | null {
  const xs = durationsMin
    .filter((x) => Number.isFinite(x) && x > 0)
    .slice(0, LEARN.maxSamples)
    .sort((a, b) => a - b);
  if (xs.length < LEARN.minSamples) return null;
  const q = (p: number) => {
    const i = (xs.length - 1) * p;
    const lo = Math.floor(i);
    return xs[lo]! + (xs[Math.min(lo + 1, xs.length - 1)]! - xs[lo]!) * (i - lo);
  };
  return { p10: q(0.1), p50: q(0.5), p90: q(0.9) };
}

/**
 * A step with a few timings, fewer than `minSamples`: its prior (the standard, at the shop's pace)
 * moved towards their median as they add up, each counting as much as a third of the prior.
 */
export function shrinkTowards(durationsMin: readonly number[], prior: Spread): Spread {
  const xs = durationsMin.filter((x) => Number.isFinite(x) && x > 0);
  const mid = median(xs);
  if (mid === null || prior.p50 <= 0) return prior;
  const w = xs.length / (xs.length + LEARN.priorWeight);
  const k = (w * mid + (1 - w) * prior.p50) / prior.p50;
  return { p10: prior.p10 * k, p50: prior.p50 * k, p90: prior.p90 * k };
}

/** A spread around a typical time without history of its own (LEARN.defaultCv). */
export const fromStandard = (min: number): Spread => {
  const sd = min * LEARN.defaultCv;
  return { p10: Math.max(0, min - LEARN.z * sd), p50: min, p90: min + LEARN.z * sd };
};
const sdOf = (s: Spread) => Math.max(0, s.p90 - s.p10) / (2 * LEARN.z);

export interface WorkStep {
  standardMin: number;
  /** Learned from this shop's history; null: the standard. */
  learned: Spread | null;
  startedAt: number | null;
  endedAt: number | null;
}

export interface WorkService {
  code: string;
  /** The menu's standard minutes of the whole service (used when it has no SOP steps). */
  standardMin: number;
  /** Its SOP steps in order; empty when the service has no SOP. */
  steps: WorkStep[];
}

export interface StepEtaJob {
  id: string;
  stage: JobStage;
  stageSince: number;
  createdAt: number;
  /** The work on the bay, approved extras included (the wash is separate). */
  work: WorkService[];
  washMinutes: number;
  pendingApprovals: number;
  /** Time in service before the current stage (a job back from quality check), ms. */
  serviceMsBefore: number;
  /** The reason staff gave for the car standing still, if any. */
  idleReason: IdleReason | null;
  /** Learned stage durations (quality check, wash); null: the allowance. */
  stages?: Partial<Record<'quality-check' | 'washing', Spread | null>>;
  /**
   * How long cars recently stood on their bays with no step running, once they had stood
   * `LEARN.idleAfterMin` (minutes, newest first): what a car standing now may still stand.
   */
  stands?: readonly number[];
}

export interface StepEta {
  /** The middle: what a single time would say. */
  eta: number;
  /** The range meant to hold about eight ready times in ten, rounded outwards. */
  low: number;
  high: number;
  /** The car on its bay with no step running for a while (a staff-set reason where there is one). */
  idle: { since: number; reason: IdleReason | null } | null;
}

/** A sum of spreads: middles add, deviations add partly together (LEARN.correlation). */
class Sum {
  mid = 0;
  private indep = 0;
  private shared = 0;
  add(s: Spread, share = 1) {
    this.mid += s.p50 * share;
    const sd = sdOf(s) * share;
    this.indep += sd * sd;
    this.shared += sd;
  }
  addFixed(min: number) {
    this.mid += min;
  }
  sd() {
    const c = LEARN.correlation;
    return Math.sqrt((1 - c) * this.indep + c * this.shared * this.shared);
  }
}

const spreadOf = (s: WorkStep) => s.learned ?? fromStandard(s.standardMin);
const scaled = (s: Spread, k: number): Spread => ({ p10: s.p10 * k, p50: s.p50 * k, p90: s.p90 * k });

/**
 * How this job runs against what its steps usually take (its technician, its car): the time its
 * finished steps took from start to the next start, over their usual time. Trusted only as far as
 * there is evidence: shrunk towards 1 until `paceEvidenceMin` of steps are done, and bounded. A
 * step running past its usual time at `now` counts for what it has taken so far.
 */
export function paceOf(job: Pick<StepEtaJob, 'work'>, now?: number): number {
  const started = job.work
    .flatMap((svc) => svc.steps)
    .filter((s) => s.startedAt !== null)
    .sort((a, b) => a.startedAt! - b.startedAt!);
  let took = 0;
  let usual = 0;
  started.forEach((s, i) => {
    if (s.endedAt === null) {
      // A step still running past its usual time already says the job runs slow: at least this slow.
      const used = now === undefined ? 0 : now - s.startedAt!;
      const typical = spreadOf(s).p50 * MIN;
      if (used > typical) {
        took += used;
        usual += typical;
      }
      return;
    }
    const next = started[i + 1]?.startedAt ?? s.endedAt;
    took += Math.min(Math.max(next, s.endedAt), s.endedAt + LEARN.gapCapMin * MIN) - s.startedAt!;
    usual += spreadOf(s).p50 * MIN;
  });
  if (usual <= 0) return 1;
  const ratio = Math.min(LEARN.paceMax, Math.max(LEARN.paceMin, took / usual));
  const weight = usual / (usual + LEARN.paceEvidenceMin * MIN);
  return 1 + (ratio - 1) * weight;
}

/** What is left of the work on the bay, and since when nothing has moved on it. */
function remainingWork(job: StepEtaJob, now: number, sum: Sum): { lastMove: number; running: boolean } {
  const pace = paceOf(job, job.stage === 'in-service' ? now : undefined);
  let lastMove = job.stage === 'in-service' ? job.stageSince : 0;
  let running = false;
  let stepsElapsedMs = 0;
  let noSop = 0;
  const inService = job.stage === 'in-service';
  for (const svc of job.work) {
    if (svc.steps.length === 0) {
      noSop += svc.standardMin;
      continue;
    }
    for (const step of svc.steps) {
      const s = scaled(spreadOf(step), pace);
      if (step.startedAt !== null) lastMove = Math.max(lastMove, step.startedAt);
      if (step.endedAt !== null) {
        lastMove = Math.max(lastMove, step.endedAt);
        if (step.startedAt !== null) stepsElapsedMs += step.endedAt - step.startedAt;
        continue; // done: it no longer counts, early or late
      }
      if (step.startedAt !== null && inService) {
        running = true;
        const used = (now - step.startedAt) / MIN;
        stepsElapsedMs += now - step.startedAt;
        const floor = Math.max(LEARN.floorMin, s.p50 * LEARN.floorShare);
        // Past its typical time a step still needs a floor, and the spread of what is left.
        const left = Math.max(floor, s.p50 - used);
        sum.add({ p10: Math.max(floor, s.p10 - used), p50: left, p90: Math.max(left, s.p90 - used) });
        continue;
      }
      sum.add(s);
    }
  }
  if (noSop > 0) {
    // Work without steps is judged by the clock: time in service not explained by steps.
    const usedMs = inService ? Math.max(0, now - job.stageSince - stepsElapsedMs) + job.serviceMsBefore : 0;
    const left = Math.max(ETA_ALLOWANCE.floorMin, noSop - usedMs / MIN);
    sum.add(fromStandard(left));
  }
  return { lastMove, running };
}

const stageSpread = (job: StepEtaJob, stage: 'quality-check' | 'washing', allowanceMin: number) =>
  job.stages?.[stage] ?? fromStandard(allowanceMin);

/** What is left of a stage that has a typical length, given the time already in it. */
function leftOf(s: Spread, usedMin: number): Spread {
  const floor = Math.max(ETA_ALLOWANCE.floorMin, s.p50 * ETA_ALLOWANCE.floorShare);
  const p50 = Math.max(floor, s.p50 - usedMin);
  return { p10: Math.max(floor * 0.5, s.p10 - usedMin), p50, p90: Math.max(p50, s.p90 - usedMin) };
}

/**
 * What a car that has stood `usedMin` may still stand: the stands this shop saw that lasted longer,
 * less what has passed; without enough of them, as long again as it has stood (at least
 * `idleAfterMin`): the longer a car has stood, the longer it is likely to stand still.
 */
export function standLeft(stands: readonly number[] | undefined, usedMin: number): Spread {
  const longer = (stands ?? []).filter((d) => d > usedMin).map((d) => d - usedMin);
  return learnSpread(longer) ?? fromStandard(Math.max(LEARN.idleAfterMin, usedMin));
}

/**
 * The time a job still needs from the moment it has a bay (or now, once it has one), as a sum of
 * spreads, and its idle state. `bayWaitMin`: the forecast wait for a bay (waiting jobs only).
 */
export function remainingOf(job: StepEtaJob, now: number, bayWaitMin = 0): { sum: Sum; idle: StepEta['idle'] } {
  const sum = new Sum();
  const used = Math.max(0, now - job.stageSince) / MIN;
  // The contract's stages are in the order a job goes through them.
  const order: readonly JobStage[] = jobStages;
  const at = order.indexOf(job.stage);
  let idle: StepEta['idle'] = null;
  const from = (stage: JobStage) => order.indexOf(stage) >= at;
  if (job.stage === 'checked-in') sum.add(leftOf(fromStandard(ETA_ALLOWANCE.checkIn), used));
  if (from('waiting')) sum.add(fromStandard(bayWaitMin), 1);
  // Inspection is counted while it happens: most jobs go from waiting straight into service.
  if (job.stage === 'inspection') sum.add(leftOf(fromStandard(ETA_ALLOWANCE.inspection), used));
  if (job.stage === 'awaiting-approval' || (job.pendingApprovals > 0 && at < order.indexOf('in-service')))
    sum.add(leftOf(fromStandard(ETA_ALLOWANCE.approval), job.stage === 'awaiting-approval' ? used : 0));
  if (from('in-service')) {
    const { lastMove, running } = remainingWork(job, now, sum);
    if (job.stage === 'in-service' && !running && now - lastMove >= LEARN.idleAfterMin * MIN) {
      idle = { since: lastMove, reason: job.idleReason };
      sum.add(standLeft(job.stands, (now - lastMove) / MIN));
    }
  }
  if (job.stage === 'quality-check')
    sum.add(leftOf(stageSpread(job, 'quality-check', ETA_ALLOWANCE.qualityCheck), used));
  else if (from('quality-check')) sum.add(stageSpread(job, 'quality-check', ETA_ALLOWANCE.qualityCheck));
  if (job.washMinutes > 0 || job.stage === 'washing') {
    const wash = stageSpread(job, 'washing', Math.max(job.washMinutes, 10));
    if (job.stage === 'washing') sum.add(leftOf(wash, used));
    else sum.add(wash);
  }
  return { sum, idle };
}

const roundDown = (t: number) => Math.floor(t / (LEARN.stepMin * MIN)) * LEARN.stepMin * MIN;
const roundUp = (t: number) => Math.ceil(t / (LEARN.stepMin * MIN)) * LEARN.stepMin * MIN;

/** The ETA of one job from its remaining time; `bayWaitMin` for a job still waiting for a bay. */
export function estimateByStep(job: StepEtaJob, now: number, bayWait?: { min: number; sdMin: number }): StepEta {
  const { sum, idle } = remainingOf(job, now, bayWait?.min ?? 0);
  const extraSd = bayWait?.sdMin ?? 0;
  const sd = Math.sqrt(sum.sd() ** 2 + extraSd ** 2);
  const eta = Math.ceil((now + sum.mid * MIN) / MIN) * MIN;
  const low = Math.max(now, roundDown(now + (sum.mid - LEARN.z * sd) * MIN));
  const high = Math.max(low + LEARN.stepMin * MIN, roundUp(now + (sum.mid + LEARN.z * sd) * MIN));
  return { eta, low, high, idle };
}

/** Minutes a job holds a bay once it gets one (its work, quality check and wash), with its spread. */
export function bayTimeOf(job: StepEtaJob, now: number): { mid: number; sd: number } {
  const sum = new Sum();
  remainingWork({ ...job, stage: 'waiting' }, now, sum);
  sum.add(stageSpread(job, 'quality-check', ETA_ALLOWANCE.qualityCheck));
  if (job.washMinutes > 0) sum.add(stageSpread(job, 'washing', job.washMinutes));
  return { mid: sum.mid, sd: sum.sd() };
}

/**
 * Every open job's ETA. Waiting jobs get a bay as the jobs on the bays finish (their own remaining
 * time, not a fixed "bay round"), in check-in order: the wait is played forward like a queue.
 */
export function estimateShop(jobs: readonly StepEtaJob[], freeBays: number, now: number): Map<string, StepEta> {
  const out = new Map<string, StepEta>();
  const frees: { at: number; sd: number }[] = [];
  const onBay = (j: StepEtaJob) => j.stage === 'in-service' || j.stage === 'quality-check' || j.stage === 'washing';
  for (const j of jobs) {
    if (j.stage === 'ready' || j.stage === 'delivered' || j.stage === 'cancelled') continue;
    if (!onBay(j) && j.stage !== 'inspection' && j.stage !== 'awaiting-approval') continue;
    const e = estimateByStep(j, now);
    out.set(j.id, e);
    if (onBay(j)) frees.push({ at: (e.eta - now) / MIN, sd: (e.high - e.low) / MIN / (2 * LEARN.z) });
  }
  for (let i = 0; i < Math.max(0, freeBays); i++) frees.push({ at: 0, sd: 0 });
  // Every bay taken by a car the hub has no job for: assume a whole bay round, as before.
  if (frees.length === 0) frees.push({ at: ETA_ALLOWANCE.bayRound, sd: 15 });
  const waiting = jobs
    .filter((j) => j.stage === 'checked-in' || j.stage === 'waiting')
    .sort((a, b) => a.createdAt - b.createdAt || Number(a.id) - Number(b.id));
  for (const j of waiting) {
    frees.sort((a, b) => a.at - b.at);
    const bay = frees.shift()!;
    const toBay = ETA_ALLOWANCE.toBay;
    // A job still at the desk spends its check-in allowance first; the bay may free meanwhile.
    const desk =
      j.stage === 'checked-in'
        ? Math.max(ETA_ALLOWANCE.floorMin, ETA_ALLOWANCE.checkIn - (now - j.stageSince) / MIN)
        : 0;
    const wait = Math.max(toBay, bay.at + toBay - desk);
    const e = estimateByStep(j, now, { min: wait, sdMin: bay.sd });
    out.set(j.id, e);
    const hold = bayTimeOf(j, now);
    frees.push({ at: desk + wait + hold.mid, sd: Math.sqrt(bay.sd ** 2 + hold.sd ** 2) });
  }
  return out;
}
