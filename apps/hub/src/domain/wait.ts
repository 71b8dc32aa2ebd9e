// Wait estimates from live data: each lane's desk service times (today's, then the week before's) and
// the forecast of when each ticket is called (forecast.ts). The answer is a range meant to hold about
// four waits in five, never one number it cannot back; with too few services it falls back to the
// lane's standard time and a wide spread, and with no desk open for the lane it says it does not know.
import type { WaitEstimate } from '@glassbay/protocol';
import type { Forecast } from './forecast.ts';

const MIN = 60_000;

export const WAIT = {
  /** Fewer services than this (today's and the week's together): use the lane's standard time instead. */
  minSamples: 5,
  /** Services considered: today's, newest first, then as many of the week before's as make this many. */
  maxSamples: 200,
  /** The days before today whose desk times count (learned once a day). */
  historyDays: 7,
  /** Today's mean this many standard errors off the week's: the week is left out (`shifted`). */
  shiftZ: 5,
  /** A desk time longer than this is a call left open, not a customer: the week's figures leave it out. */
  maxDeskMs: 90 * MIN,
  /** z for a two-sided 80% interval. */
  z: 1.28,
  /** Spread assumed for the standard time (coefficient of variation) when there is no data. */
  defaultCv: 0.5,
  /** Ranges are in steps of this many minutes: "10–20 min", not "11.4–18.9". */
  stepMin: 5,
  /** Between one customer leaving a desk and the next being called, until measured. */
  defaultHandoverMs: MIN,
  /** A longer pause means the desk had nobody to call: not a handover. */
  maxHandoverMs: 5 * MIN,
} as const;

export interface LaneSamples {
  /** Today's desk service times (call → served or no-show), ms, newest first. */
  samplesMs: readonly number[];
  /** The lane's standard time at a desk, ms. */
  defaultMs: number;
  /** Its desk times over the days before today. */
  history?: LaneHistory | undefined;
}

/** A lane's desk times over the days before today: how many, their mean and spread, ms. */
export interface LaneHistory {
  n: number;
  meanMs: number;
  sdMs: number;
}

export interface ServiceTime {
  meanMs: number;
  sdMs: number;
  basis: 'recent' | 'default';
}

/**
 * Mean and spread of a lane's desk time: today's services and, up to `maxSamples` in all, the week
 * before's (a desk time is much the same from one day to the next, and a skewed lane needs many to
 * know its mean); with fewer than `minSamples`, the lane's standard time.
 */
export function serviceTime(load: LaneSamples): ServiceTime {
  const s = load.samplesMs.slice(0, WAIT.maxSamples);
  const h = load.history && !shifted(s, load.history) ? load.history : undefined;
  const k = h ? Math.min(h.n, WAIT.maxSamples - s.length) : 0;
  const n = s.length + k;
  if (n < WAIT.minSamples) return { meanMs: load.defaultMs, sdMs: load.defaultMs * WAIT.defaultCv, basis: 'default' };
  const mean = (k * (h?.meanMs ?? 0) + s.reduce((a, b) => a + b, 0)) / n;
  // The pooled spread: the week's around its own mean, moved to the joint one, and today's.
  const week = h ? k * (h.sdMs ** 2 + (h.meanMs - mean) ** 2) : 0;
  const variance = (week + s.reduce((a, b) => a + (b - mean) ** 2, 0)) / (n - 1);
  return { meanMs: mean, sdMs: Math.sqrt(variance), basis: 'recent' };
}

/**
 * Today's desk times are off the week's by far more than chance (a new advisor, a changed process,
 * the demo's compressed clock): the week no longer says how long this lane takes.
 */
function shifted(today: readonly number[], week: LaneHistory): boolean {
  if (today.length < WAIT.minSamples) return false;
  const mean = today.reduce((a, b) => a + b, 0) / today.length;
  return Math.abs(mean - week.meanMs) > (WAIT.shiftZ * week.sdMs) / Math.sqrt(today.length);
}

/** A lane's history from the count, mean and mean square of its desk times. */
export function laneHistory(t: { n: number; meanMs: number; meanSquareMs: number }): LaneHistory {
  return { n: t.n, meanMs: t.meanMs, sdMs: Math.sqrt(Math.max(0, t.meanSquareMs - t.meanMs ** 2)) };
}

/** Only the samples a lane's estimate may use: closed since `since` and by `now`, positive, newest first. */
export function recentSamples(
  durations: readonly { closedAt: number; ms: number }[],
  since: number,
  now: number,
): number[] {
  return durations
    .filter((d) => d.ms > 0 && d.closedAt >= since && d.closedAt <= now)
    .sort((a, b) => b.closedAt - a.closedAt)
    .slice(0, WAIT.maxSamples)
    .map((d) => d.ms);
}

/**
 * The wait told for a ticket the forecast calls at `callAt`, after `before` other calls. Desk times
 * vary independently, so the spread grows as √(calls before) and shrinks with the desks sharing the
 * work; `now` when a desk is free for it at once; `unknown` with no desk open for its lane.
 */
export function estimateWait(
  forecast: Forecast | undefined,
  now: number,
  desksOpen: number,
  st: ServiceTime,
): WaitEstimate {
  if (desksOpen <= 0 || !forecast) return { kind: 'unknown', reason: 'no-desk-open' };
  const waitMs = forecast.callAt - now;
  if (waitMs <= 0) return { kind: 'now' };
  const sd = (Math.sqrt(forecast.before + 1) * st.sdMs) / desksOpen;
  const low = Math.max(0, waitMs - WAIT.z * sd);
  const high = waitMs + WAIT.z * sd;
  return { kind: 'range', ...toSteps(low / MIN, high / MIN), basis: st.basis };
}

/** Round a range outwards to whole steps, at least one step wide. */
export function toSteps(lowMin: number, highMin: number): { lowMin: number; highMin: number } {
  const step = WAIT.stepMin;
  const lo = Math.max(0, Math.floor(lowMin / step) * step);
  const hi = Math.max(lo + step, Math.ceil(highMin / step) * step);
  return { lowMin: lo, highMin: hi };
}

/** The usual pause between a desk finishing one customer and calling the next (median). */
export function handoverMs(gapsMs: readonly number[]): number {
  const g = gapsMs.filter((x) => x >= 0 && x <= WAIT.maxHandoverMs).sort((a, b) => a - b);
  if (g.length < WAIT.minSamples) return WAIT.defaultHandoverMs;
  return g[Math.floor(g.length / 2)]!;
}

/** The middle of an estimate in minutes (0 for `now`), or null when unknown: what the bench scores. */
export function midpointMin(w: WaitEstimate): number | null {
  if (w.kind === 'now') return 0;
  if (w.kind === 'unknown') return null;
  return (w.lowMin + w.highMin) / 2;
}
