// The shop's service KPIs from plain rows: the walk-in queue (wait, time at the desk, no-shows),
// jobs (lead times, on-time delivery against the check-in promise, ETA error) and satisfaction.
// Pure: rows in, rows out, `now` passed in where it matters. Durations come out in minutes.
// Step rates, comebacks and bay utilisation are in kpi-quality.ts.
import { MIN, rate, slice, summarise, type SliceOptions, type Slice, type Summary } from './kpi-stats.ts';

export * from './kpi-stats.ts';
export * from './kpi-quality.ts';

/** A queue ticket as the KPIs need it. */
export interface KpiTicket {
  id: string;
  laneId: string;
  /** Came without a booking. */
  walkIn: boolean;
  createdAt: number;
  /** The first call to a desk; null if never called. */
  firstCalledAt: number | null;
  /** The last call (a recall moves it): when the customer was last asked to come. */
  lastCalledAt: number | null;
  status: 'waiting' | 'called' | 'served' | 'no-show' | 'cancelled';
  closedAt: number | null;
}

/** A job as the KPIs need it. `promisedAt` is the ETA promised at check-in, not a later revision. */
export interface KpiJob {
  id: string;
  plate: string;
  services: readonly string[];
  laneId: string | null;
  bayId: string | null;
  technician: string | null;
  createdAt: number;
  promisedAt: number | null;
  /** First time the job reached ready; null if never. */
  readyAt: number | null;
  deliveredAt: number | null;
  cancelled: boolean;
  rating: { stars: number; comment: string | null; at: number } | null;
}

/** Which dimensions make sense for tickets and for jobs. */
export type TicketDimension = 'all' | 'lane';
export type JobDimension = 'all' | 'lane' | 'service' | 'technician' | 'bay';

export const jobKeys = (j: KpiJob, by: JobDimension): readonly (string | null)[] =>
  by === 'lane' ? [j.laneId] : by === 'service' ? j.services : by === 'technician' ? [j.technician] : [j.bayId];

const ids = <T extends { id: string }>(rows: readonly T[]) => rows.map((r) => r.id);
const minutes = (ms: number) => ms / MIN;

export interface DurationRow extends Slice, Summary {
  ids: string[];
}

/** Walk-in wait: ticket printed → first call, for tickets that came without a booking. */
export function walkInWait(tickets: readonly KpiTicket[], o: SliceOptions<TicketDimension>): DurationRow[] {
  const called = tickets.filter((t) => t.walkIn && t.firstCalledAt !== null);
  return slice(
    called,
    (t) => t.createdAt,
    (t) => [t.laneId],
    o,
  ).map(({ slice, rows }) => ({
    ...slice,
    ...summarise(rows.map((t) => minutes(t.firstCalledAt! - t.createdAt))),
    ids: ids(rows),
  }));
}

/** Time at the desk: the last call (the one the customer answered) → served. */
export function deskTime(tickets: readonly KpiTicket[], o: SliceOptions<TicketDimension>): DurationRow[] {
  const served = tickets.filter((t) => t.status === 'served' && t.lastCalledAt !== null && t.closedAt !== null);
  return slice(
    served,
    (t) => t.createdAt,
    (t) => [t.laneId],
    o,
  ).map(({ slice, rows }) => ({
    ...slice,
    ...summarise(rows.map((t) => minutes(t.closedAt! - t.lastCalledAt!))),
    ids: ids(rows),
  }));
}

export interface RateRow extends Slice {
  n: number;
  k: number;
  rate: number | null;
  /** The rows counted in k (the no-shows, the late jobs, the comebacks…): what a chart point opens. */
  ids: string[];
}

/** No-show rate: tickets called and closed as no-show, out of those called and closed (served or no-show). */
export function noShowRate(tickets: readonly KpiTicket[], o: SliceOptions<TicketDimension>): RateRow[] {
  const closed = tickets.filter((t) => t.status === 'served' || t.status === 'no-show');
  return slice(
    closed,
    (t) => t.createdAt,
    (t) => [t.laneId],
    o,
  ).map(({ slice, rows }) => {
    const bad = rows.filter((t) => t.status === 'no-show');
    return { ...slice, n: rows.length, k: bad.length, rate: rate(bad.length, rows.length), ids: ids(bad) };
  });
}

export interface LeadTimeRow extends Slice {
  checkinToReady: Summary;
  readyToDelivered: Summary;
  ids: string[];
}

/** Job lead times by check-in day: check-in → ready, and ready → delivered (the car waiting for its owner). */
export function leadTimes(jobs: readonly KpiJob[], o: SliceOptions<JobDimension>): LeadTimeRow[] {
  const done = jobs.filter((j) => !j.cancelled && j.readyAt !== null);
  return slice(
    done,
    (j) => j.createdAt,
    (j) => jobKeys(j, o.by),
    o,
  ).map(({ slice, rows }) => ({
    ...slice,
    checkinToReady: summarise(rows.map((j) => minutes(j.readyAt! - j.createdAt))),
    readyToDelivered: summarise(
      rows.filter((j) => j.deliveredAt !== null).map((j) => minutes(j.deliveredAt! - j.readyAt!)),
    ),
    ids: ids(rows),
  }));
}

export const ON_TIME_WINDOW_MS = 15 * MIN;

export interface OnTimeRow extends Slice {
  /** Jobs that reached ready and had a promise at check-in. */
  n: number;
  onTime: number;
  onTimeRate: number | null;
  /** Ready within ±15 minutes of the promise: the promise was honest, neither late nor padded. */
  withinWindow: number;
  withinWindowRate: number | null;
  /** Ready minus promised, minutes: mean (bias; positive is late) and mean absolute (accuracy). */
  etaErrorMean: number | null;
  etaErrorMeanAbs: number | null;
  /** The late jobs. */
  ids: string[];
}

/** On-time delivery against the ETA promised at check-in, by the day the job was ready. */
export function onTime(jobs: readonly KpiJob[], o: SliceOptions<JobDimension>): OnTimeRow[] {
  const judged = jobs.filter((j) => !j.cancelled && j.readyAt !== null && j.promisedAt !== null);
  return slice(
    judged,
    (j) => j.readyAt,
    (j) => jobKeys(j, o.by),
    o,
  ).map(({ slice, rows }) => {
    const errors = rows.map((j) => j.readyAt! - j.promisedAt!);
    const late = rows.filter((j) => j.readyAt! > j.promisedAt!);
    const within = errors.filter((e) => Math.abs(e) <= ON_TIME_WINDOW_MS).length;
    const n = rows.length;
    return {
      ...slice,
      n,
      onTime: n - late.length,
      onTimeRate: rate(n - late.length, n),
      withinWindow: within,
      withinWindowRate: rate(within, n),
      etaErrorMean: minutes(errors.reduce((a, b) => a + b, 0)) / n,
      etaErrorMeanAbs: minutes(errors.reduce((a, b) => a + Math.abs(b), 0)) / n,
      ids: ids(late),
    };
  });
}

/** A rating at or below this is a low one: the manager reads each with its comment. */
export const LOW_RATING = 2;

export interface SatisfactionRow extends Slice {
  n: number;
  mean: number | null;
  /** How many ratings of 1, 2, 3, 4 and 5 stars. */
  distribution: [number, number, number, number, number];
  low: { jobId: string; stars: number; comment: string | null }[];
  ids: string[];
}

/** Satisfaction by the day of the rating: mean, the 1–5 distribution, and the low ratings with comments. */
export function satisfaction(jobs: readonly KpiJob[], o: SliceOptions<JobDimension>): SatisfactionRow[] {
  const rated = jobs.filter((j) => j.rating !== null);
  return slice(
    rated,
    (j) => j.rating!.at,
    (j) => jobKeys(j, o.by),
    o,
  ).map(({ slice, rows }) => {
    const distribution: SatisfactionRow['distribution'] = [0, 0, 0, 0, 0];
    for (const j of rows) distribution[j.rating!.stars - 1]! += 1;
    const low = rows.filter((j) => j.rating!.stars <= LOW_RATING);
    return {
      ...slice,
      n: rows.length,
      mean: rows.reduce((s, j) => s + j.rating!.stars, 0) / rows.length,
      distribution,
      low: low.map((j) => ({ jobId: j.id, stars: j.rating!.stars, comment: j.rating!.comment })),
      ids: ids(low),
    };
  });
}

/** A booking as the no-show rate needs it. */
export interface KpiBooking {
  id: string;
  laneId: string;
  bookedAt: number;
  status: 'booked' | 'arrived' | 'cancelled';
}

/** How late a booked customer may still arrive before the booking counts as a no-show. */
export const BOOKING_GRACE_MS = 60 * MIN;

/**
 * Booking no-show rate by booked day: bookings still unanswered past their grace time, out of those
 * that were due by `now` (cancelled ones left out; a booking still within its grace is not judged yet).
 */
export function bookingNoShowRate(
  bookings: readonly KpiBooking[],
  now: number,
  o: SliceOptions<TicketDimension>,
): RateRow[] {
  const due = bookings.filter(
    (b) => b.status !== 'cancelled' && (b.status === 'arrived' || b.bookedAt + BOOKING_GRACE_MS <= now),
  );
  return slice(
    due,
    (b) => b.bookedAt,
    (b) => [b.laneId],
    o,
  ).map(({ slice, rows }) => {
    const bad = rows.filter((b) => b.status === 'booked');
    return { ...slice, n: rows.length, k: bad.length, rate: rate(bad.length, rows.length), ids: ids(bad) };
  });
}
