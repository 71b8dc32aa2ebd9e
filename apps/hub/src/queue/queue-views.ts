// The queue as screens see it, computed from the store's records at a moment: each lane's order and
// the wait of every waiting ticket, the lanes' summary, the desks and the last calls.
import {
  RECENT_CALLS,
  maskPlate,
  type CallView,
  type DeskView,
  type LaneView,
  type TicketView,
  type WaitEstimate,
} from '@glassbay/protocol';
import { deskFreeAt, forecastCalls, type ForecastDesk, type ForecastTicket } from '../domain/forecast.ts';
import { localDayStart } from '../domain/desk-breaks.ts';
import {
  estimateWait,
  handoverMs,
  recentSamples,
  serviceTime,
  type LaneHistory,
  type ServiceTime,
} from '../domain/wait.ts';
import type { DeskRecord, Duration, LaneRecord, QueueEvent, TicketRecord } from './queue.repository.ts';

const MIN = 60_000;

export interface QueueRecords {
  lanes: LaneRecord[];
  desks: DeskRecord[];
  /** Waiting and called tickets. */
  open: TicketRecord[];
  durations: Duration[];
  /** Each lane's desk times over the days before today (wait.ts); `durations` holds today's. */
  history?: ReadonlyMap<string, LaneHistory>;
  /** The pauses between a desk's customers over the days before today (wait.ts handoverMs). */
  pastGaps?: readonly number[];
  /** Each desk's usual breaks today, epoch ms (learned from the days before, desk-breaks.ts). */
  breaks?: ReadonlyMap<string, readonly { from: number; to: number }[]>;
  /** Today's bookings not checked in yet: they will take their place when they come. */
  expected: { id: number; laneId: string; bookedAt: number }[];
  calls: QueueEvent[];
  ticket: (id: number) => TicketRecord | undefined;
}

export interface QueueState {
  tickets: Map<string, TicketView>;
  lanes: Map<string, LaneView>;
  desks: Map<string, DeskView>;
  calls: Map<string, CallView>;
  /** Each lane's waiting tickets in the order they are expected to be called. */
  orders: Map<string, TicketRecord[]>;
}

const asWaiting = (t: TicketRecord): ForecastTicket => ({
  id: String(t.id),
  laneId: t.laneId,
  arrivedAt: t.createdAt,
  appointmentAt: t.appointmentAt,
});

/** The forecast of every waiting ticket, and what turns it into the wait a customer is told. */
export function planQueue(
  r: Pick<QueueRecords, 'lanes' | 'desks' | 'open' | 'durations' | 'expected' | 'breaks' | 'history' | 'pastGaps'>,
  now: number,
) {
  const handover = handoverMs([...(r.pastGaps ?? []), ...r.durations.flatMap((d) => (d.gap === null ? [] : [d.gap]))]);
  const today = localDayStart(now);
  const times = new Map<string, ServiceTime>();
  for (const lane of r.lanes) {
    const samples = r.durations.filter((d) => d.lane_id === lane.id).map((d) => ({ closedAt: d.closed_at, ms: d.ms }));
    times.set(
      lane.id,
      serviceTime({
        samplesMs: recentSamples(samples, today, now),
        defaultMs: lane.deskMinutes * MIN,
        history: r.history?.get(lane.id),
      }),
    );
  }
  const cycle = (laneId: string) => (times.get(laneId)?.meanMs ?? 10 * MIN) + handover;
  const breaksOf = (id: string) => r.breaks?.get(id) ?? [];
  // A closed desk on its usual break comes back when the break ends; an open one leaves for it.
  const returning = (id: string) => breaksOf(id).find((b) => now >= b.from && now < b.to);
  const desks: ForecastDesk[] = r.desks
    .filter((d) => d.staffId !== null || returning(d.id))
    .map((d) => {
      if (d.staffId === null) return { id: d.id, lanes: d.lanes, freeAt: returning(d.id)!.to, breaks: breaksOf(d.id) };
      const at = r.open.find((t) => t.status === 'called' && t.deskId === d.id);
      const freeAt = deskFreeAt(now, at?.calledAt ?? null, at ? cycle(at.laneId) : 0);
      return { id: d.id, lanes: d.lanes, freeAt, breaks: breaksOf(d.id) };
    });
  const waiting = r.open.filter((t) => t.status === 'waiting');
  const expected: ForecastTicket[] = r.expected.map((b) => ({
    id: `booking-${b.id}`,
    laneId: b.laneId,
    arrivedAt: b.bookedAt,
    appointmentAt: b.bookedAt,
    expected: true,
  }));
  const all = [...waiting.map(asWaiting), ...expected];
  const forecast = forecastCalls(all, desks, cycle);
  const orders = new Map<string, TicketRecord[]>();
  for (const lane of r.lanes) {
    const at = (t: TicketRecord) => forecast.get(String(t.id))?.callAt ?? Infinity;
    const mine = waiting.filter((t) => t.laneId === lane.id);
    orders.set(
      lane.id,
      mine.sort((a, b) => at(a) - at(b) || a.createdAt - b.createdAt || a.id - b.id),
    );
  }
  const desksOpen = (laneId: string) => desks.filter((d) => d.lanes.includes(laneId)).length;
  const time = (laneId: string) => times.get(laneId) ?? serviceTime({ samplesMs: [], defaultMs: 10 * MIN });
  /** What a customer joining a lane now would be told: the forecast with them added last. */
  const joining = (laneId: string): WaitEstimate => {
    const me: ForecastTicket = { id: 'joining', laneId, arrivedAt: now, appointmentAt: null };
    const f = forecastCalls([...all, me], desks, cycle).get('joining');
    return estimateWait(f, now, desksOpen(laneId), time(laneId));
  };
  const waitOf = (t: TicketRecord) =>
    estimateWait(forecast.get(String(t.id)), now, desksOpen(t.laneId), time(t.laneId));
  return { orders, waitOf, joining, desksOpen };
}

/** Today's desk times are read row by row; the days before come learned once a day (queue.service.ts). */
export const durationsSince = (now: number) => localDayStart(now);

export function toTicketView(t: TicketRecord, position: number | null, wait: WaitEstimate | null): TicketView {
  return {
    id: String(t.id),
    number: t.number,
    laneId: t.laneId,
    status: t.status,
    plateMasked: maskPlate(t.plate),
    position,
    wait,
    deskId: t.deskId,
    calledAt: t.calledAt,
    createdAt: t.createdAt,
    appointmentAt: t.appointmentAt,
    lang: t.lang,
    staff: {
      plate: t.plate,
      plateKind: t.plateKind,
      phone: t.phone,
      mileageKm: t.mileageKm,
      lastMileageKm: t.lastMileageKm,
      categories: t.categories,
      services: t.services,
      complaint: t.complaint,
      verified: t.verified,
      vehicleCheck: t.vehicleCheck,
      comeback: t.comeback,
      appointmentCode: t.appointmentCode,
      recalls: t.recalls,
      closedAt: t.closedAt,
      jobId: t.jobId,
    },
  };
}

export function computeQueueState(r: QueueRecords, now: number): QueueState {
  const { orders, waitOf, joining, desksOpen } = planQueue(r, now);
  const tickets = new Map<string, TicketView>();
  const lanes = new Map<string, LaneView>();
  for (const lane of r.lanes) {
    const order = orders.get(lane.id) ?? [];
    order.forEach((t, i) => tickets.set(String(t.id), toTicketView(t, i, waitOf(t))));
    lanes.set(lane.id, {
      id: lane.id,
      prefix: lane.prefix,
      name: lane.name,
      position: lane.position,
      waiting: order.length,
      desksOpen: desksOpen(lane.id),
      wait: joining(lane.id),
    });
  }
  for (const t of r.open) if (t.status === 'called') tickets.set(String(t.id), toTicketView(t, null, null));

  const desks = new Map<string, DeskView>();
  for (const d of r.desks) {
    const current = r.open.find((t) => t.status === 'called' && t.deskId === d.id);
    desks.set(d.id, {
      id: d.id,
      number: d.number,
      name: d.name,
      lanes: d.lanes,
      open: d.staffId !== null,
      ticketId: current ? String(current.id) : null,
      staff: d.staffId === null ? null : { id: d.staffId, name: d.staffName ?? '' },
    });
  }

  const calls = new Map<string, CallView>();
  for (const e of r.calls.slice(0, RECENT_CALLS)) {
    const t = r.ticket(e.ticketId);
    const d = r.desks.find((x) => x.id === e.deskId);
    if (!t || !d) continue;
    calls.set(String(e.id), {
      id: String(e.id),
      ticketId: String(t.id),
      number: t.number,
      laneId: t.laneId,
      deskId: d.id,
      deskNumber: d.number,
      deskName: d.name,
      lang: t.lang,
      at: e.at,
      recall: e.kind === 'recall',
    });
  }
  return { tickets, lanes, desks, calls, orders };
}

/** The board's "last called" reaches back this far (a new day starts with an empty list). */
export const CALLS_SINCE_MS = 12 * 60 * MIN;
