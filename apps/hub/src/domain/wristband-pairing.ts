// Pairing a band's start and end events into step timings, and judging a finished step against its
// standard. Events may arrive twice (deduplicated before this), out of order, without their other
// half, or from a band handed to another technician. Pure: the pending timings and times come in.
const MIN = 60_000;

/** A timing of the same step on the same job (or bay) still waiting for its other half. */
export interface PendingTiming {
  id: number;
  /** `open`: started, not ended. `end-only`: an end arrived with no start (yet). */
  status: 'open' | 'end-only';
  /** Who started it (for an end-only timing: who ended it). */
  tech: string;
  startedAt: number | null;
  endedAt: number | null;
}

export type PairDecision =
  /** A start with nothing to pair with: the step is under way. `restarts`: an open start it replaces. */
  | { kind: 'open'; restarts: number | null }
  /** A start older than the open start of the same technician, arriving late: kept, never paired. */
  | { kind: 'superseded' }
  /** An end closing an open start (`handover`: started by another technician). */
  | { kind: 'close'; timingId: number; handover: boolean }
  /** A start arriving after its end (out of order): completes the end-only timing. */
  | { kind: 'complete'; timingId: number }
  /** An end with no start (yet): recorded, untimed, and paired if the start turns up. */
  | { kind: 'end-only' };

/**
 * What one event does to the step's pending timings. Same technician first; an end may close another
 * technician's start only when its own technician has none (a shift change mid-step).
 */
export function pairEvent(
  e: { kind: 'start' | 'end'; tech: string; at: number },
  pending: readonly PendingTiming[],
): PairDecision {
  if (e.kind === 'end') {
    const opens = pending.filter((p) => p.status === 'open' && p.startedAt !== null && p.startedAt <= e.at);
    const latest = (ps: PendingTiming[]) =>
      ps.reduce<PendingTiming | undefined>((a, p) => (!a || p.startedAt! > a.startedAt! ? p : a), undefined);
    const own = latest(opens.filter((p) => p.tech === e.tech));
    if (own) return { kind: 'close', timingId: own.id, handover: false };
    const other = latest(opens);
    if (other) return { kind: 'close', timingId: other.id, handover: true };
    return { kind: 'end-only' };
  }
  // A start whose end already came (out of order): the earliest such end of this technician, else anyone's.
  const ends = pending.filter((p) => p.status === 'end-only' && p.endedAt !== null && p.endedAt >= e.at);
  const earliest = (ps: PendingTiming[]) =>
    ps.reduce<PendingTiming | undefined>((a, p) => (!a || p.endedAt! < a.endedAt! ? p : a), undefined);
  const end = earliest(ends.filter((p) => p.tech === e.tech)) ?? earliest(ends);
  if (end) return { kind: 'complete', timingId: end.id };
  const open = pending.find((p) => p.status === 'open' && p.tech === e.tech);
  if (!open) return { kind: 'open', restarts: null };
  // Two starts of one step by one technician: the step was begun again; the later start counts.
  return open.startedAt !== null && open.startedAt > e.at
    ? { kind: 'superseded' }
    : { kind: 'open', restarts: open.id };
}

export type Verdict = 'ok' | 'short' | 'overrun' | 'unjudged';

/** A finished step against its standard: shorter than the minimum is short; past the standard, overrun. */
export function judgeDuration(
  durationMs: number,
  step: { minMinutes: number; standardMinutes: number } | null,
): Verdict {
  if (!step) return 'unjudged';
  if (step.minMinutes > 0 && durationMs < step.minMinutes * MIN) return 'short';
  if (durationMs > step.standardMinutes * MIN) return 'overrun';
  return 'ok';
}

/**
 * An overrun worth a manager's attention: half the standard again and at least 5 minutes past it
 * (a seized bolt, a part missing). Every overrun moves the ETA; only these raise an alert, so the
 * console is not flooded by steps a minute over.
 */
export function overrunWorthAlert(durationMs: number, standardMinutes: number): boolean {
  const over = durationMs - standardMinutes * MIN;
  return over >= Math.max(5 * MIN, standardMinutes * MIN * 0.5);
}

/** A timing of a job as the ETA sees it. */
export interface TimingForEta {
  status: string;
  startedAt: number | null;
  durationMs: number | null;
  standardMinutes: number | null;
}

/**
 * How far the work on a job is behind its standards, ms: every finished step past its standard, and
 * every step under way already past it. What a step saved is not given back (the ETA stays honest
 * rather than hopeful); the job's own stage allowance already counts elapsed time.
 */
export function overrunMs(timings: readonly TimingForEta[], now: number): number {
  let total = 0;
  for (const t of timings) {
    if (t.standardMinutes === null) continue;
    const standard = t.standardMinutes * MIN;
    if (t.status === 'done' && t.durationMs !== null) total += Math.max(0, t.durationMs - standard);
    else if (t.status === 'open' && t.startedAt !== null) total += Math.max(0, now - t.startedAt - standard);
  }
  return total;
}

/**
 * Minutes for a person: 6, 6.5, 14.8, 25 (one decimal below 20 minutes, where minimums live; never
 * rounded up, so a step 2 s short of 15 minutes does not read "15 of 15").
 */
export function minutesLabel(ms: number): string {
  const m = ms / MIN;
  return m < 20 ? String(Math.floor(m * 10) / 10) : String(Math.floor(m));
}

/** The text on the band's display after a short step (at most 80 characters) [GB-3.4]. */
export function shortOperationReason(name: { zh: string; en: string }, durationMs: number, minMinutes: number): string {
  const took = minutesLabel(durationMs);
  const min = minutesLabel(minMinutes * MIN);
  const zh = `${name.zh}仅${took}/${min}分钟`;
  const en = `${took} of ${min} min: check`;
  const text = `${zh} · ${en}`;
  return text.length <= 80 ? text : `${zh.slice(0, 80 - en.length - 3)} · ${en}`;
}

/** The middle value, or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
