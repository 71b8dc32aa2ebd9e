// When did a wristband event happen? A band's clock may be minutes off, and a band that lost the
// network sends its backlog late; the hub's receive time is right for the first and wrong for the
// second. This decides, per event, which clock to believe [GB-3.2.3]. Pure: times come in.
//
// Each message from a band gives a sample of `lag` = receive time − device time, which is the band's
// clock offset plus the delivery delay. The smallest recent lag is the best estimate of the offset
// (delivery delay is never negative), the way NTP keeps its most punctual exchange. Then:
//
// - |lag| within the tolerance: the band's clock agrees with the hub's; its `ts` is used as is.
// - lag near the offset but the offset beyond the tolerance: sent live by a band whose clock is off;
//   the hub's receive time is used.
// - lag well above the offset: held back and sent late (an offline backlog); the device time is the
//   only truth of when it happened, so `ts` corrected by the offset is used.

/** Delivery delay beyond the band's usual that marks an event as held back (a backlog), ms. */
export const LIVE_SLACK_MS = 10_000;
/** Samples older than this no longer inform the offset (a clock may be corrected meanwhile), ms. */
export const OFFSET_WINDOW_MS = 15 * 60_000;
/** Samples kept per band: enough for a burst, bounded for a band that floods. */
const MAX_SAMPLES = 64;

export interface ClockSample {
  /** Receive time − device time, ms. */
  lag: number;
  /** Hub time it was received. */
  at: number;
}

/** A band's recent samples plus a new one, oldest dropped first. */
export function addSample(samples: readonly ClockSample[], sample: ClockSample): ClockSample[] {
  const kept = samples.filter((s) => sample.at - s.at <= OFFSET_WINDOW_MS);
  kept.push(sample);
  return kept.length > MAX_SAMPLES ? kept.slice(kept.length - MAX_SAMPLES) : kept;
}

/** The band's clock offset (receive − device time at the smallest delay), or null with no sample. */
export function offsetOf(samples: readonly ClockSample[]): number | null {
  let best: number | null = null;
  for (const s of samples) if (best === null || s.lag < best) best = s.lag;
  return best;
}

export type ClockBasis = 'device' | 'hub';

export interface EventTime {
  /** When the event happened, in hub time: what step durations are computed from. */
  at: number;
  /** Which clock `at` comes from. */
  basis: ClockBasis;
  /** The band's clock agreed with the hub's within the tolerance. */
  trusted: boolean;
  /** Sent as it happened (not held back in a backlog). */
  live: boolean;
}

/**
 * Judge one event's time. `offset` is the band's estimate including this event's own sample.
 * `toleranceMs`: how far a band's clock may be off and still be trusted (a setting of the hub).
 */
export function judgeEventTime(
  e: { ts: number; receivedAt: number },
  offset: number | null,
  toleranceMs: number,
): EventTime {
  const lag = e.receivedAt - e.ts;
  const off = offset ?? lag;
  const live = lag - off <= LIVE_SLACK_MS;
  if (Math.abs(lag) <= toleranceMs) return { at: e.ts, basis: 'device', trusted: true, live };
  if (live) return { at: e.receivedAt, basis: 'hub', trusted: false, live };
  return { at: e.ts + off, basis: 'device', trusted: false, live };
}

/**
 * The clock a duration between two events was judged by: the hub's receive times if either end
 * came from them (a band whose clock is off), else the band's own clock.
 */
export const pairBasis = (start: ClockBasis, end: ClockBasis): ClockBasis =>
  start === 'hub' || end === 'hub' ? 'hub' : 'device';
