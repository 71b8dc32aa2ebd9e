// Wait estimates from live data: recent desk service times of each lane and the forecast of when each
// ticket is called (forecast.ts). The answer is a range meant to hold about four waits in five, never
// one number it cannot back; with too few recent services it falls back to the lane's standard time
// and a wide spread, and with no desk open for the lane it says it does not know.
import type { WaitEstimate } from '@glassbay/protocol';
import type { Forecast } from './forecast.ts';

const MIN = 60_000;

export const WAIT = {
  /** Fewer recent services than this: use the lane's standard time instead. */
  minSamples: 5,
  /** Recent services considered (the newest), and how far back. */
  maxSamples: 20,
  sampleWindowMs: 3 * 60 * MIN,
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
  /** Recent desk service times (call → served or no-show), ms, newest first. */
  samplesMs: readonly number[];
  /** The lane's standard time at a desk, ms. */
  defaultMs: number;
}

export interface ServiceTime {
  meanMs: number;
  sdMs: number;
  basis: 'recent' | 'default';
}

/** Mean and spread of a lane's desk time from its recent services, or its standard time. */
export function serviceTime(load: LaneSamples): ServiceTime {
  const s = load.samplesMs.slice(0, WAIT.maxSamples);
  if (s.length < WAIT.minSamples)
    return { meanMs: load.defaultMs, sdMs: load.defaultMs * WAIT.defaultCv, basis: 'default' };
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const variance = s.reduce((a, b) => a + (b - mean) ** 2, 0) / (s.length - 1);
  return { meanMs: mean, sdMs: Math.sqrt(variance), basis: 'recent' };
}

/** Only the samples a lane's estimate may use: recent, positive, newest first. */
export function recentSamples(durations: readonly { closedAt: number; ms: number }[], now: number): number[] {
  return durations
    .filter((d) => d.ms > 0 && d.closedAt >= now - WAIT.sampleWindowMs && d.closedAt <= now)
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
