// The queue's rules as plain functions: which lane a check-in joins, how tickets are numbered, whether
// a booking is honoured, and which ticket a desk calls next (a due booking, else the longest waiting).
// No clock, no storage: `now` comes in.
import { APPOINTMENT_LEAD_MIN, APPOINTMENT_WINDOW, type ServiceCategory } from '@glassbay/protocol';

const MIN = 60_000;

export interface LaneRule {
  id: string;
  prefix: string;
  categories: readonly ServiceCategory[];
  /** Lower wins when a check-in's categories span lanes (a complaint goes to diagnosis first). */
  precedence: number;
}

/**
 * The lane a check-in joins: the lane of highest precedence among those that take any chosen
 * category; a described problem counts as a repair. Falls back to the first lane by precedence.
 */
export function chooseLane<L extends LaneRule>(
  lanes: readonly L[],
  categories: readonly ServiceCategory[],
  complaint: boolean,
): L {
  const wanted = new Set<ServiceCategory>(categories);
  if (complaint) wanted.add('repair');
  const sorted = [...lanes].sort((a, b) => a.precedence - b.precedence);
  const match = sorted.find((l) => l.categories.some((c) => wanted.has(c)));
  const lane = match ?? sorted[0];
  if (!lane) throw new Error('no lane is configured');
  return lane;
}

/** A001 … A999, then A1000: the number shown, printed and spoken. */
export const ticketNumber = (prefix: string, seq: number): string => `${prefix}${String(seq).padStart(3, '0')}`;

/** The shop's day a moment belongs to, in the hub's local time: tickets are numbered per day. */
export function localDay(now: number): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Whether a booked customer arriving at `arrivedAt` keeps the booking's place. */
export function bookingHonoured(bookedAt: number, arrivedAt: number): boolean {
  return (
    arrivedAt >= bookedAt - APPOINTMENT_WINDOW.earlyMin * MIN &&
    arrivedAt <= bookedAt + APPOINTMENT_WINDOW.lateMin * MIN
  );
}

export interface WaitingTicket {
  id: string;
  laneId: string;
  /** Arrival at the kiosk, or the original arrival for a ticket transferred from another lane. */
  arrivedAt: number;
  /** The booked time of an honoured booking, else null (a walk-in). */
  appointmentAt: number | null;
}

const dueAt = (t: WaitingTicket) => (t.appointmentAt ?? 0) - APPOINTMENT_LEAD_MIN * MIN;
const byArrival = (a: WaitingTicket, b: WaitingTicket) =>
  a.arrivedAt - b.arrivedAt || a.id.localeCompare(b.id, 'en', { numeric: true });

/**
 * The ticket a desk calls next from those waiting in its lanes: a booking that is due (earliest
 * booking first), else the longest-waiting walk-in, else a booking not yet due (the desk is free).
 * Bookings are thus merged into the walk-in queue near their time: from a few minutes before it.
 */
export function pickNext<T extends WaitingTicket>(heads: readonly T[], now: number): T | undefined {
  const rank = (t: T): [number, number] =>
    t.appointmentAt === null ? [1, t.arrivedAt] : dueAt(t) <= now ? [0, t.appointmentAt] : [2, t.appointmentAt];
  return [...heads].sort((a, b) => {
    const [ra, ka] = rank(a);
    const [rb, kb] = rank(b);
    return ra - rb || ka - kb || byArrival(a, b);
  })[0];
}
