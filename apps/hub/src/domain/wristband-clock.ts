// When did a wristband event happen? A band's clock may be minutes off, and a band that lost the
// network sends its backlog late; the hub's receive time is right for the first and wrong for the
// second. This decides, per event, which clock to believe [GB-3.2.3]. Pure: times come in.
//
// Each message from a band gives a sample of `lag` = receive time − device time: the band's clock
// offset plus the delivery delay. A band's online status is sent first on every connect, before any
// backlog [GB-2.7], so its lag is punctual: the estimate starts again from it. Each event's lag can
// only lower the estimate (delivery delay is never negative), the way NTP keeps its most punctual
// exchange. Then:
//
// - |lag| within the tolerance: the band's clock agrees with the hub's; its `ts` is used as is.
// - lag near the offset but the offset beyond the tolerance: sent live by a band whose clock is off;
//   the hub's receive time is used.
// - lag well above the offset: held back and sent late (an offline backlog); the device time is the
//   only truth of when it happened, so `ts` corrected by the offset is used.

/** Delivery delay beyond the band's usual that marks an event as held back (a backlog), ms. */
export const LIVE_SLACK_MS = 10_000;
/**
 * A band connected this long without a new status starts its estimate again from its next event,
 * so a clock that drifts or is set back is learnt again at least twice a day.
 */
export const CLOCK_REBASE_MS = 12 * 3600_000;

/** A band's clock as the hub has measured it. */
export interface BandClock {
  /** Receive time − device time at the most punctual message since `since`, ms. */
  offsetMs: number;
  /** When the estimate was last started again (an online status), hub time. */
  since: number;
}

/** The band came online and said its time: the estimate starts again from this punctual sample. */
export const clockFromStatus = (ts: number, receivedAt: number): BandClock => ({
  offsetMs: receivedAt - ts,
  since: receivedAt,
});

/** An event's sample: it can only lower the estimate (unless there is none, or it is stale). */
export function clockWithEvent(clock: BandClock | null, ts: number, receivedAt: number): BandClock {
  const lag = receivedAt - ts;
  if (!clock || receivedAt - clock.since > CLOCK_REBASE_MS) return { offsetMs: lag, since: receivedAt };
  return lag < clock.offsetMs ? { offsetMs: lag, since: clock.since } : clock;
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
