// When each waiting ticket will be called: play the desks forward from now with the rules the desks
// follow (a due booking first, then the longest waiting across the desk's lanes), each call taking
// its lane's mean desk time. This uses what a generic queue system cannot know: which desk serves
// which lanes, how far the customers at the desks are, and the bookings still to arrive today.
import { APPOINTMENT_LEAD_MIN } from '@glassbay/protocol';
import { pickNext, type WaitingTicket } from './queue.ts';

const MIN = 60_000;

export interface ForecastDesk {
  id: string;
  lanes: readonly string[];
  /** When the desk can call its next customer: now when idle. */
  freeAt: number;
  /** Its usual breaks today (desk-breaks.ts), epoch ms: it calls nobody in them. */
  breaks?: readonly { from: number; to: number }[];
}

export interface ForecastTicket extends WaitingTicket {
  /** A booking not here yet: callable only from its due time. */
  expected?: boolean;
}

export interface Forecast {
  callAt: number;
  /** Calls (any lane) the desks make before this one: the base of the estimate's spread. */
  before: number;
}

/** A busy desk's customer has taken longer than the mean: assume this much more, not zero. */
const OVERRUN_SHARE = 0.25;

export function deskFreeAt(now: number, calledAt: number | null, cycleMs: number): number {
  if (calledAt === null) return now;
  return Math.max(calledAt + cycleMs, now + OVERRUN_SHARE * cycleMs);
}

const dueAt = (t: WaitingTicket) => (t.appointmentAt ?? 0) - APPOINTMENT_LEAD_MIN * MIN;

export function forecastCalls(
  waiting: readonly ForecastTicket[],
  desks: readonly ForecastDesk[],
  cycleMs: (laneId: string) => number,
): Map<string, Forecast> {
  const out = new Map<string, Forecast>();
  const left = new Set(waiting);
  const free = desks.map((d) => ({ ...d }));
  let calls = 0;
  while (left.size > 0 && free.length > 0) {
    free.sort((a, b) => a.freeAt - b.freeAt || a.id.localeCompare(b.id));
    const desk = free[0]!;
    const away = desk.breaks?.find((b) => desk.freeAt >= b.from && desk.freeAt < b.to);
    if (away) {
      desk.freeAt = away.to;
      continue;
    }
    const mine = [...left].filter((t) => desk.lanes.includes(t.laneId));
    // A booking not yet here can be called only once it is due; if nothing else is waiting the
    // desk waits for it.
    const present = mine.filter((t) => !t.expected || dueAt(t) <= desk.freeAt);
    const next = pickNext(present, desk.freeAt);
    if (!next) {
      const upcoming = mine.filter((t) => t.expected).map(dueAt);
      if (upcoming.length === 0) {
        free.shift();
        continue;
      }
      desk.freeAt = Math.min(...upcoming);
      continue;
    }
    left.delete(next);
    out.set(next.id, { callAt: desk.freeAt, before: calls++ });
    desk.freeAt += cycleMs(next.laneId);
  }
  return out;
}
