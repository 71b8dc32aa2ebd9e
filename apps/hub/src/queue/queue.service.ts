// The desks: take a desk, call the next ticket or a specific one, recall, no-show, transfer, serve.
// Every operation is one transaction, then one sync that publishes what changed to the screens.
import { BREAKS, localDayStart, usualBreaks } from '../domain/desk-breaks.ts';
import {
  APPOINTMENT_WINDOW,
  hasRole,
  type QueuedFollowView,
  type ScreenState,
  type StaffUser,
} from '@glassbay/protocol';
import { localDay, pickNext } from '../domain/queue.ts';
import { WAIT, laneHistory, type LaneHistory } from '../domain/wait.ts';
import type { CustomersRepository } from './customer-records.repository.ts';
import type { Db } from '../store/db.ts';
import type { DeskRecord, QueueRepository, TicketRecord } from './queue.repository.ts';
import { AppError } from '../domain/errors.ts';
import type { Publisher } from '../realtime/publisher.ts';
import { createTicketFollow, ticketFollowView, type TicketFollowPush } from './queue-follow.ts';
import { CALLS_SINCE_MS, computeQueueState, durationsSince, toTicketView, type QueueState } from './queue-views.ts';

/** Turns a served ticket into a workshop job (the jobs module); returns the job's id. */
export type ServeTicket = (ticket: TicketRecord, staff: StaffUser, now: number) => string | null;

export interface QueueServiceDeps {
  db: Db;
  queue: QueueRepository;
  customers: CustomersRepository;
  relay: Publisher;
  serveTicket?: ServeTicket | undefined;
  /** The customers' phones (the jobs module's follow channel); absent in tests without one. */
  follow?: (() => TicketFollowPush | undefined) | undefined;
  /** A ticket was called to a desk; told inside the call's transaction (notify queues its message there). */
  called?: ((t: TicketRecord, desk: DeskRecord, now: number) => void) | undefined;
}

type Collection = 'tickets' | 'lanes' | 'desks' | 'calls';

const DAY_MS = 24 * 3600_000;

/** Today's bookings still to come (not past their window): the forecast keeps their place. */
function expectedBookings(customers: CustomersRepository, now: number) {
  const day = localDay(now);
  return customers
    .appointmentsFrom(now - APPOINTMENT_WINDOW.lateMin * 60_000, now + 24 * 3600_000)
    .filter((a) => a.status === 'booked' && localDay(a.bookedAt) === day)
    .map((a) => ({ id: a.id, laneId: a.laneId, bookedAt: a.bookedAt }));
}

export function createQueueService(deps: QueueServiceDeps) {
  const { db, queue, customers, relay } = deps;
  /** What each screen was last sent, as JSON, to publish only what changed. */
  const sent = new Map<string, string>();
  const phones = createTicketFollow(() => deps.follow?.());

  /**
   * Learned once a day from the week before: the desks' usual breaks (desk-breaks.ts), the lanes'
   * desk times and the pauses between a desk's customers (wait.ts).
   */
  let learned: {
    day: number;
    byDesk: Map<string, { from: number; to: number }[]>;
    history: Map<string, LaneHistory>;
    gaps: number[];
  } | null = null;
  function learnedToday(now: number) {
    const day = localDayStart(now);
    if (learned?.day !== day) {
      const lanes = new Map(queue.desks().map((d) => [d.id, d.lanes]));
      const breaks = usualBreaks(
        queue.pastCalls(day - BREAKS.days * DAY_MS, day),
        (id) => lanes.get(id) ?? [],
        day,
        localDayStart,
      );
      const byDesk = new Map(
        [...breaks].map(([id, list]) => [id, list.map((b) => ({ from: day + b.from, to: day + b.to }))]),
      );
      const times = queue.deskTimes(day - WAIT.historyDays * DAY_MS, day, WAIT.maxDeskMs);
      const history = new Map(times.map((t) => [t.laneId, laneHistory(t)]));
      const gaps = queue
        .durations(day - WAIT.historyDays * DAY_MS)
        .flatMap((d) => (d.gap !== null && d.closed_at < day ? [d.gap] : []));
      learned = { day, byDesk, history, gaps };
    }
    return learned;
  }

  const state = (now: number): QueueState => {
    const { byDesk, history, gaps } = learnedToday(now);
    return computeQueueState(
      {
        lanes: queue.lanes(),
        desks: queue.desks(),
        open: queue.open(),
        durations: queue.durations(durationsSince(now)),
        expected: expectedBookings(customers, now),
        breaks: byDesk,
        history,
        pastGaps: gaps,
        calls: queue.recentCalls(now - CALLS_SINCE_MS, 50),
        ticket: queue.ticket,
      },
      now,
    );
  };

  /** Publish every view that changed since the last sync (and the removal of those that went). */
  function sync(now: number): QueueState {
    const s = state(now);
    const seen = new Set<string>();
    const each = <K extends Collection>(collection: K, items: Map<string, ScreenState[K][string]>) => {
      for (const [id, value] of items) {
        const key = `${collection}/${id}`;
        const text = JSON.stringify(value);
        seen.add(key);
        if (sent.get(key) === text) continue;
        sent.set(key, text);
        relay.publish(collection, id, value);
      }
    };
    each('tickets', s.tickets);
    each('lanes', s.lanes);
    each('desks', s.desks);
    each('calls', s.calls);
    for (const key of [...sent.keys()]) {
      if (seen.has(key)) continue;
      sent.delete(key);
      const [collection, id] = key.split('/') as [Collection, string];
      relay.publish(collection, id, null);
    }
    // Every call moves the others' places: each waiting phone hears of its own.
    phones.push(queue.open(), s);
    return s;
  }

  function desk(deskId: string) {
    const d = queue.desks().find((x) => x.id === deskId);
    if (!d) throw new AppError(404, 'DESK_NOT_FOUND', `there is no desk "${deskId}"`);
    return d;
  }

  /** The desk, held by this advisor (a manager may act for a colleague at an open desk). */
  function heldDesk(deskId: string, staff: StaffUser) {
    const d = desk(deskId);
    if (d.staffId === staff.id || (d.staffId !== null && hasRole(staff.role, 'manager'))) return d;
    throw new AppError(
      409,
      'DESK_NOT_YOURS',
      d.staffId === null ? `open ${d.name.en} first` : `${d.name.en} is held by ${d.staffName}; open your own desk`,
    );
  }

  const current = (deskId: string) => queue.open().find((t) => t.status === 'called' && t.deskId === deskId);

  function currentOf(deskId: string): TicketRecord {
    const t = current(deskId);
    if (!t) throw new AppError(409, 'DESK_IDLE', 'this desk has no called ticket; call one first');
    return t;
  }

  const result = (deskId: string, ticketId: number | null, now: number) => {
    const s = sync(now);
    const t = ticketId === null ? undefined : queue.ticket(ticketId);
    // The ticket the desk just closed (a no-show) is no longer open: its phone is told here.
    if (t) phones.push([t], s);
    return {
      desk: s.desks.get(deskId)!,
      ticket: t ? (s.tickets.get(String(t.id)) ?? toTicketView(t, null, null)) : null,
    };
  };

  function call(t: TicketRecord, deskId: string, staff: StaffUser, now: number) {
    queue.update(t.id, { status: 'called', deskId, calledAt: now, closedAt: null });
    queue.event(t.id, now, 'call', deskId, staff.id);
    deps.called?.(t, desk(deskId), now);
  }

  const busy = (deskId: string) => {
    const t = current(deskId);
    if (t)
      throw new AppError(
        409,
        'DESK_BUSY',
        `finish ${t.number} first: serve it, transfer it to another lane or mark it no-show`,
      );
  };

  return {
    sync,
    state,

    /** Fill a screen snapshot with the queue's collections. */
    fill(target: ScreenState, now: number): void {
      const s = state(now);
      for (const [id, v] of s.tickets) target.tickets[id] = v;
      for (const [id, v] of s.lanes) target.lanes[id] = v;
      for (const [id, v] of s.desks) target.desks[id] = v;
      for (const [id, v] of s.calls) target.calls[id] = v;
    },

    listToday: (day: string) => queue.ofDay(day),

    openDesk(deskId: string, staff: StaffUser, now: number) {
      db.transaction(() => {
        const d = desk(deskId);
        if (d.staffId !== null && d.staffId !== staff.id && !hasRole(staff.role, 'manager'))
          throw new AppError(409, 'DESK_TAKEN', `${d.name.en} is held by ${d.staffName}; ask them to leave it first`);
        // An advisor sits at one desk: taking another leaves the first (when nobody is at it).
        for (const other of queue.desks())
          if (other.id !== deskId && other.staffId === staff.id) {
            busy(other.id);
            queue.setDeskStaff(other.id, null, null);
          }
        queue.setDeskStaff(deskId, staff.id, now);
      })();
      return result(deskId, current(deskId)?.id ?? null, now);
    },

    closeDesk(deskId: string, staff: StaffUser, now: number) {
      db.transaction(() => {
        heldDesk(deskId, staff);
        busy(deskId);
        queue.setDeskStaff(deskId, null, null);
      })();
      return result(deskId, null, now);
    },

    callNext(deskId: string, staff: StaffUser, now: number) {
      const id = db.transaction(() => {
        const d = heldDesk(deskId, staff);
        busy(deskId);
        const waiting = queue
          .open()
          .filter((t) => t.status === 'waiting' && d.lanes.includes(t.laneId))
          .map((t) => ({
            id: String(t.id),
            laneId: t.laneId,
            arrivedAt: t.createdAt,
            appointmentAt: t.appointmentAt,
            t,
          }));
        const next = pickNext(waiting, now)?.t;
        if (!next) throw new AppError(404, 'QUEUE_EMPTY', "nobody is waiting in this desk's lanes");
        call(next, deskId, staff, now);
        return next.id;
      })();
      return result(deskId, id, now);
    },

    callTicket(deskId: string, ticketId: number, staff: StaffUser, now: number) {
      db.transaction(() => {
        heldDesk(deskId, staff);
        busy(deskId);
        const t = queue.ticket(ticketId);
        if (!t) throw new AppError(404, 'TICKET_NOT_FOUND', `there is no ticket ${ticketId}`);
        if (t.status !== 'waiting' && t.status !== 'no-show')
          throw new AppError(409, 'TICKET_NOT_WAITING', `${t.number} is ${t.status}, not waiting`);
        call(t, deskId, staff, now);
      })();
      return result(deskId, ticketId, now);
    },

    recall(deskId: string, staff: StaffUser, now: number) {
      const id = db.transaction(() => {
        heldDesk(deskId, staff);
        const t = currentOf(deskId);
        queue.update(t.id, { recalls: t.recalls + 1 });
        queue.event(t.id, now, 'recall', deskId, staff.id);
        return t.id;
      })();
      return result(deskId, id, now);
    },

    noShow(deskId: string, staff: StaffUser, now: number) {
      const id = db.transaction(() => {
        heldDesk(deskId, staff);
        const t = currentOf(deskId);
        queue.update(t.id, { status: 'no-show', closedAt: now });
        queue.event(t.id, now, 'no-show', deskId, staff.id);
        return t.id;
      })();
      return result(deskId, id, now);
    },

    transfer(deskId: string, laneId: string, staff: StaffUser, now: number) {
      const id = db.transaction(() => {
        heldDesk(deskId, staff);
        const t = currentOf(deskId);
        if (!queue.lanes().some((l) => l.id === laneId))
          throw new AppError(404, 'LANE_NOT_FOUND', `there is no lane "${laneId}"`);
        if (laneId === t.laneId) throw new AppError(409, 'SAME_LANE', `${t.number} is already in that lane`);
        // Back to waiting in the new lane, keeping its arrival: it is not sent to the end of a queue.
        queue.update(t.id, { status: 'waiting', laneId, deskId: null, calledAt: null });
        queue.event(t.id, now, 'transfer', deskId, staff.id, `${t.laneId} -> ${laneId}`);
        return t.id;
      })();
      return result(deskId, id, now);
    },

    serve(deskId: string, staff: StaffUser, now: number) {
      let jobId: string | null = null;
      const id = db.transaction(() => {
        heldDesk(deskId, staff);
        const t = currentOf(deskId);
        jobId = deps.serveTicket?.(t, staff, now) ?? null;
        queue.update(t.id, { status: 'served', closedAt: now, jobId });
        queue.event(t.id, now, 'serve', deskId, staff.id, jobId ?? undefined);
        if (t.vehicleId !== null)
          customers.addVisit({
            vehicleId: t.vehicleId,
            at: now,
            // A reading the car record did not take (waiting for the advisor) is not history either.
            mileageKm: t.vehicleCheck?.mileage ? null : t.mileageKm,
            services: t.services,
            ticketId: t.id,
          });
        return t.id;
      })();
      return { ...result(deskId, id, now), jobId };
    },

    /** The follow page of a ticket not yet turned into a job: its place, its call, or its missed call. */
    queuedFollow(tokenHash: string, now: number): QueuedFollowView | undefined {
      const t = queue.byTokenHash(tokenHash);
      return t && ticketFollowView(t, state(now));
    },
  };
}
export type QueueService = ReturnType<typeof createQueueService>;
