// Which footage belongs to a job, as plain functions over its events: the job's time on each bay
// (so a customer's viewing token follows the car from bay to bay), the marks on the live view's
// timeline, and the moments the repair clip is cut from. No clock and no I/O: `now` comes in.
import { holdsBay, type JobStage, type TimelineEvent } from '@glassbay/protocol';

/** A span of time, epoch ms, end exclusive. */
export interface TimeRange {
  from: number;
  to: number;
}
export const overlaps = (a: TimeRange, b: TimeRange) => a.from < b.to && a.to > b.from;

/** One row of a job's history: what happened, and the bay the job was assigned to at that moment. */
export interface JobEvent {
  at: number;
  stage: JobStage;
  event: TimelineEvent | null;
  bayId: string | null;
}

/** A stretch of time a car spent on a bay; `to` null while it is still there. */
export interface BayPeriod {
  bayId: string;
  from: number;
  to: number | null;
}

/**
 * Stages in which the car is on its bay. The jobs service lets only one job hold a bay in these
 * stages, which is what makes the bay's camera that car's camera. Awaiting approval and ready are
 * left out: another car may take the bay meanwhile.
 */

/**
 * A job's time on bays, oldest first: while it is in an on-bay stage with a bay assigned, except
 * after a sensor saw the car leave (`bay-freed`) until it is seen back (`car-on-bay`) or staff move
 * the job into service again. Every period ends when the job closes.
 */
export function bayPeriods(events: readonly JobEvent[], closedAt: number | null): BayPeriod[] {
  const periods: BayPeriod[] = [];
  let open: BayPeriod | null = null;
  let away = false;
  let stage: JobStage | null = null;
  for (const e of events) {
    if (e.event === 'bay-freed') away = true;
    else if (e.event === 'car-on-bay') away = false;
    else if (e.event === null && e.stage !== stage && e.stage === 'in-service') away = false;
    stage = e.stage;
    const bay = holdsBay(e.stage) && !away ? e.bayId : null;
    if (open && open.bayId !== bay) {
      open.to = e.at;
      if (open.to > open.from) periods.push(open);
      open = null;
    }
    if (bay && !open) open = { bayId: bay, from: e.at, to: null };
  }
  if (open) {
    if (closedAt !== null) open.to = Math.max(open.from, closedAt);
    if (open.to === null || open.to > open.from) periods.push(open);
  }
  return periods;
}

const endOf = (p: { to: number | null }) => p.to ?? Number.MAX_SAFE_INTEGER;

/**
 * The time ranges a job may watch on one bay: its own periods there, minus any time another job
 * also claims the bay (two cars cannot share a lift, so the records disagree; neither customer sees
 * that time rather than one seeing the other's car).
 */
export function windowsOnBay(own: readonly BayPeriod[], others: readonly BayPeriod[], bayId: string): TimeRange[] {
  let windows: TimeRange[] = own.filter((p) => p.bayId === bayId).map((p) => ({ from: p.from, to: endOf(p) }));
  for (const o of others.filter((p) => p.bayId === bayId)) {
    const cut = { from: o.from, to: endOf(o) };
    windows = windows.flatMap((w) => {
      if (!overlaps(w, cut)) return [w];
      const parts: TimeRange[] = [];
      if (w.from < cut.from) parts.push({ from: w.from, to: cut.from });
      if (w.to > cut.to) parts.push({ from: cut.to, to: w.to });
      return parts;
    });
  }
  return windows;
}

/** A step a technician marked on a wristband, as the clip and the timeline need it (a StepTimingView fits). */
export interface StepMark {
  step: { name: { zh: string; en: string } };
  bayId: string;
  startedAt: number | null;
  endedAt: number | null;
}

/** A piece of the repair clip: footage of one bay over [from, to), and what it shows. */
export interface ClipMoment {
  bayId: string;
  from: number;
  to: number;
  chapter: { kind: 'step'; name: { zh: string; en: string } } | { kind: 'stage'; stage: JobStage };
}

export interface ClipPlan {
  /** The whole clip stays under this (a phone plays it in one go). */
  maxMs: number;
  /** Each moment lasts between these. */
  minMomentMs: number;
  maxMomentMs: number;
}

export const DEFAULT_CLIP_PLAN: ClipPlan = { maxMs: 60_000, minMomentMs: 4_000, maxMomentMs: 12_000 };

/**
 * The repair clip's moments, in time order: the beginning of each wristband step when the job has
 * steps (what the technician did), otherwise the beginning of each on-bay stage and the car's last
 * seconds on the bay. Only footage inside the job's own windows; each moment at most one step long.
 */
export function clipMoments(
  input: { steps: readonly StepMark[]; stages: readonly { stage: JobStage; at: number }[]; windows: Windows },
  plan: ClipPlan = DEFAULT_CLIP_PLAN,
): ClipMoment[] {
  type Candidate = { bayId: string; at: number; limit: number; chapter: ClipMoment['chapter'] };
  const candidates: Candidate[] = [];
  const steps = input.steps
    .filter((s): s is StepMark & { startedAt: number } => s.startedAt !== null)
    .sort((a, b) => a.startedAt - b.startedAt);
  if (steps.length > 0) {
    for (const s of steps)
      candidates.push({
        bayId: s.bayId,
        at: s.startedAt,
        limit: s.endedAt !== null && s.endedAt > s.startedAt ? s.endedAt : Number.MAX_SAFE_INTEGER,
        chapter: { kind: 'step', name: s.step.name },
      });
  } else {
    for (const st of input.stages.filter((x) => holdsBay(x.stage))) {
      const bay = input.windows.bayAt(st.at);
      if (bay)
        candidates.push({
          bayId: bay,
          at: st.at,
          limit: Number.MAX_SAFE_INTEGER,
          chapter: { kind: 'stage', stage: st.stage },
        });
    }
  }
  // Keep only what lies in the job's windows, then share the budget between the moments.
  const inside = candidates.filter((c) => input.windows.contains(c.bayId, c.at));
  const count = Math.min(inside.length, Math.floor(plan.maxMs / plan.minMomentMs));
  if (count === 0) return [];
  const picked = spread(inside, count);
  const each = Math.max(plan.minMomentMs, Math.min(plan.maxMomentMs, Math.floor(plan.maxMs / count)));
  return picked
    .map((c) => {
      const to = Math.min(c.at + each, c.limit, input.windows.endAfter(c.bayId, c.at));
      return { bayId: c.bayId, from: c.at, to, chapter: c.chapter };
    })
    .filter((m) => m.to > m.from);
}

/** `count` items spread evenly over the list, first and last included. */
function spread<T>(list: readonly T[], count: number): T[] {
  if (count >= list.length) return [...list];
  if (count === 1) return [list[0]!];
  return Array.from({ length: count }, (_, i) => list[Math.round((i * (list.length - 1)) / (count - 1))]!);
}

/** Questions about a job's windows on every bay, for the clip planner. */
export interface Windows {
  /** The bay whose window holds `t`, if any. */
  bayAt(t: number): string | undefined;
  contains(bayId: string, t: number): boolean;
  /** Where the window of `bayId` that holds `t` ends. */
  endAfter(bayId: string, t: number): number;
}

export function windowsOf(byBay: ReadonlyMap<string, readonly TimeRange[]>): Windows {
  const find = (bayId: string, t: number) => byBay.get(bayId)?.find((w) => w.from <= t && t < w.to);
  return {
    bayAt: (t) => [...byBay.keys()].find((b) => find(b, t)),
    contains: (bayId, t) => find(bayId, t) !== undefined,
    endAfter: (bayId, t) => find(bayId, t)?.to ?? t,
  };
}

/** A wristband step's moment on its bay: where the recording of it starts and ends. */
export interface StepMoment {
  startedAt: number;
  /** null: never ended; the recording runs to `until` (the alert, or now). */
  endedAt: number | null;
}

/**
 * The footage that shows a step: from a margin before its start to a margin after its end (or after
 * `until` for a step never ended), at most a replay playlist's length (MAX_REPLAY_MS).
 */
export function stepVideoRange(step: StepMoment, until: number, marginMs: number, maxMs: number): TimeRange {
  const from = step.startedAt - marginMs;
  const end = Math.max(step.endedAt ?? until, step.startedAt) + marginMs;
  return { from, to: Math.min(end, from + maxMs) };
}
