// The live view's timeline as plain functions: what time span the bar shows, where a time sits on
// it and back, which footage a tap lands in (snapped to the nearest recorded moment), the hour and
// minute ticks, and the markers laid out in rows so their labels never overlap.
import type { VideoMarker, VideoPeriod } from '@glassbay/protocol';

export interface Span {
  from: number;
  to: number;
}

/** A tap this close to "now" on a live period means live, not a replay of a few seconds ago. */
export const LIVE_EDGE_MS = 8_000;
/** One replay playlist covers at most this (the hub's MAX_REPLAY_MS). */
export const MAX_REPLAY_MS = 12 * 3_600_000;
const MIN_SPAN_MS = 30_000;

const endOf = (p: VideoPeriod, now: number) => p.to ?? now;

/** Room left before the first footage, as a share of the footage shown: its start is not on the edge. */
const LEAD = 0.04;

/**
 * The bar spans where the viewer has footage (the job's time on bays, or a camera's recent
 * recording), to now while anything is live: a car on its bay for twenty minutes of a three-hour
 * visit fills the bar, not a sliver of it. Without footage yet, the stages so far. At least half a
 * minute.
 */
export function timelineSpan(periods: readonly VideoPeriod[], markers: readonly VideoMarker[], now: number): Span {
  const starts = periods.length ? periods.map((p) => p.from) : markers.map((m) => m.at);
  const ends = periods.map((p) => endOf(p, now));
  const to = ends.length ? Math.max(...ends) : now;
  let from = starts.length ? Math.min(...starts) : now - MIN_SPAN_MS;
  from -= (to - from) * LEAD;
  if (to - from < MIN_SPAN_MS) from = to - MIN_SPAN_MS;
  return { from: Math.round(from), to };
}

/** A place's name once: a staff camera is "bay · camera", and the camera is often named after its bay. */
export function placeName(name: string): string {
  const parts = name.split(' · ').filter(Boolean);
  return parts.filter((p, i) => !parts.some((q, j) => j !== i && q.includes(p) && (q !== p || j < i))).join(' · ');
}

export const toFraction = (span: Span, t: number) => Math.min(1, Math.max(0, (t - span.from) / (span.to - span.from)));
export const fromFraction = (span: Span, f: number) => span.from + Math.min(1, Math.max(0, f)) * (span.to - span.from);

/** The period that holds `t`, if any. */
export const periodAt = (periods: readonly VideoPeriod[], t: number, now: number) =>
  periods.find((p) => p.from <= t && t <= endOf(p, now));

/**
 * Where a tap at `t` should play: inside a period as is; in a gap (the car was elsewhere), the
 * nearest recorded moment. Undefined when there is no footage at all.
 */
export function snapToFootage(
  periods: readonly VideoPeriod[],
  t: number,
  now: number,
): { period: VideoPeriod; at: number } | undefined {
  let best: { period: VideoPeriod; at: number; distance: number } | undefined;
  for (const p of periods) {
    const at = Math.min(Math.max(t, p.from), endOf(p, now));
    const distance = Math.abs(at - t);
    if (!best || distance < best.distance) best = { period: p, at, distance };
  }
  return best && { period: best.period, at: best.at };
}

/** Is `t` on the live edge of a period that is still going? */
export const atLiveEdge = (period: VideoPeriod, t: number, now: number) =>
  period.to === null && t >= now - LIVE_EDGE_MS;

/** The replay playlist's range for a period: all of it, or its last 12 hours. */
export function replayRange(period: VideoPeriod, now: number): Span {
  const to = endOf(period, now);
  return { from: Math.max(period.from, to - MAX_REPLAY_MS), to };
}

const STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 240];

/** Round times for the bar's labels: about `count` of them, on a step of whole minutes. */
export function ticks(span: Span, count = 6): number[] {
  const wantMin = (span.to - span.from) / 60_000 / count;
  const stepMin = STEPS_MIN.find((s) => s >= wantMin) ?? 480;
  const step = stepMin * 60_000;
  // Whole steps of local time: 10:15, 10:30 … (the offset keeps hours on the hour east of UTC too).
  const offset = new Date(span.from).getTimezoneOffset() * 60_000;
  const first = Math.ceil((span.from - offset) / step) * step + offset;
  const out: number[] = [];
  for (let t = first; t <= span.to; t += step) out.push(t);
  return out;
}

export interface PlacedMarker {
  marker: VideoMarker;
  /** Position on the bar, 0…1; a step also has its end. */
  x: number;
  x2: number | null;
  /** Label row, 0 first; labels closer than `minGap` go down a row; -1: no room for a label. */
  row: number;
}

/**
 * Markers on the bar. A label reads rightwards from its marker; where they crowd, the later marker
 * (the more recent stage or step) keeps its label, each in the first row with room before the next.
 */
export function placeMarkers(
  markers: readonly VideoMarker[],
  span: Span,
  now: number,
  opts: { minGap?: number; rows?: number } = {},
): PlacedMarker[] {
  const minGap = opts.minGap ?? 0.14;
  const rows = opts.rows ?? 2;
  const nextX = Array.from({ length: rows }, () => Infinity);
  const out: PlacedMarker[] = [];
  for (const m of [...markers].sort((a, b) => b.at - a.at)) {
    if (m.at > span.to || m.at < span.from) continue;
    const x = toFraction(span, m.at);
    const x2 = m.kind === 'step' ? toFraction(span, m.end ?? now) : null;
    // Every row crowded: the marker still shows on the bar, without a label that would cover another.
    const row = nextX.findIndex((next) => next - x >= minGap);
    if (row >= 0) nextX[row] = x;
    out.push({ marker: m, x, x2, row });
  }
  return out.reverse();
}
