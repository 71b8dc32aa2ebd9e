// Lanes, desks, tickets and the desks' event log in SQLite. Plain reads and writes; the rules live in
// domain/queue.ts and the services.
import type { PastCall } from '../domain/desk-breaks.ts';
import type {
  ComebackTag,
  CustomerLanguage,
  PlateKind,
  ServiceCategory,
  TicketStatus,
  VehicleCheck,
} from '@glassbay/protocol';
import type { Db } from '../store/db.ts';

export interface LaneRecord {
  id: string;
  prefix: string;
  name: { zh: string; en: string };
  categories: ServiceCategory[];
  precedence: number;
  deskMinutes: number;
  position: number;
}

export interface DeskRecord {
  id: string;
  number: number;
  name: { zh: string; en: string };
  lanes: string[];
  staffId: number | null;
  staffName: string | null;
  openedAt: number | null;
}

export interface TicketRecord {
  id: number;
  attemptId: string;
  followTokenHash: string;
  day: string;
  number: string;
  laneId: string;
  status: TicketStatus;
  customerId: number | null;
  vehicleId: number | null;
  plate: string;
  plateKind: PlateKind;
  phone: string;
  lang: CustomerLanguage;
  mileageKm: number;
  lastMileageKm: number | null;
  categories: ServiceCategory[];
  services: string[];
  complaint: string | null;
  verified: boolean;
  /** Claims the car record did not take, for the advisor (domain/ownership.ts). */
  vehicleCheck: VehicleCheck | null;
  /** The car is back within the comeback window after a related job (jobs/comebacks.ts). */
  comeback: ComebackTag | null;
  appointmentId: number | null;
  appointmentAt: number | null;
  appointmentCode: string | null;
  createdAt: number;
  deskId: string | null;
  calledAt: number | null;
  recalls: number;
  closedAt: number | null;
  jobId: string | null;
}

export type NewTicket = Omit<
  TicketRecord,
  'id' | 'status' | 'appointmentCode' | 'deskId' | 'calledAt' | 'recalls' | 'closedAt' | 'jobId'
>;

export interface Duration {
  lane_id: string;
  closed_at: number;
  ms: number;
  /** Until the same desk's next call; null when it has not called since. */
  gap: number | null;
}

/** A lane's desk times over a stretch of past days: how many, their mean and mean square, ms. */
export interface LaneDeskTimes {
  laneId: string;
  n: number;
  meanMs: number;
  meanSquareMs: number;
}

export interface QueueEvent {
  id: number;
  ticketId: number;
  at: number;
  kind: 'call' | 'recall' | 'no-show' | 'transfer' | 'serve';
  deskId: string | null;
}

type Row = Record<string, unknown>;
const json = <T>(v: unknown): T => JSON.parse(v as string) as T;

const toLane = (r: Row): LaneRecord => ({
  id: r.id as string,
  prefix: r.prefix as string,
  name: { zh: r.name_zh as string, en: r.name_en as string },
  categories: json(r.categories),
  precedence: r.precedence as number,
  deskMinutes: r.desk_minutes as number,
  position: r.position as number,
});

const toTicket = (r: Row): TicketRecord => ({
  id: r.id as number,
  attemptId: r.attempt_id as string,
  followTokenHash: r.follow_token_hash as string,
  day: r.day as string,
  number: r.number as string,
  laneId: r.lane_id as string,
  status: r.status as TicketStatus,
  customerId: r.customer_id as number | null,
  vehicleId: r.vehicle_id as number | null,
  plate: r.plate as string,
  plateKind: r.plate_kind as PlateKind,
  phone: r.phone as string,
  lang: r.lang as CustomerLanguage,
  mileageKm: r.mileage_km as number,
  lastMileageKm: r.last_mileage_km as number | null,
  categories: json(r.categories),
  services: json(r.services),
  complaint: r.complaint as string | null,
  verified: r.verified === 1,
  vehicleCheck: r.vehicle_check ? json<VehicleCheck>(r.vehicle_check) : null,
  comeback: r.comeback ? json<ComebackTag>(r.comeback) : null,
  appointmentId: r.appointment_id as number | null,
  appointmentAt: r.appointment_at as number | null,
  appointmentCode: (r.appointment_code as string | null) ?? null,
  createdAt: r.created_at as number,
  deskId: r.desk_id as string | null,
  calledAt: r.called_at as number | null,
  recalls: r.recalls as number,
  closedAt: r.closed_at as number | null,
  jobId: r.job_id as string | null,
});

const TICKETS =
  'SELECT t.*, (SELECT code FROM appointments a WHERE a.id = t.appointment_id) AS appointment_code FROM tickets t';

export function createQueueRepository(db: Db) {
  const q = {
    lanes: db.prepare('SELECT * FROM lanes WHERE active = 1 ORDER BY position, id'),
    desks: db.prepare(`SELECT d.*, s.display_name AS staff_name,
        (SELECT json_group_array(lane_id) FROM desk_lanes WHERE desk_id = d.id) AS lanes
      FROM desks d LEFT JOIN staff_users s ON s.id = d.staff_id ORDER BY d.number`),
    setDeskStaff: db.prepare('UPDATE desks SET staff_id = ?, opened_at = ? WHERE id = ?'),
    nextSeq: db.prepare(`INSERT INTO ticket_counters (day, prefix, last) VALUES (?, ?, 1)
      ON CONFLICT (day, prefix) DO UPDATE SET last = last + 1 RETURNING last`),
    insertTicket: db.prepare(`INSERT INTO tickets (attempt_id, follow_token_hash, day, number, lane_id, status,
        customer_id, vehicle_id, plate, plate_kind, phone, lang, mileage_km, last_mileage_km, categories, services,
        complaint, verified, vehicle_check, comeback, appointment_id, appointment_at, created_at)
      VALUES (@attemptId, @followTokenHash, @day, @number, @laneId, 'waiting', @customerId, @vehicleId, @plate,
        @plateKind, @phone, @lang, @mileageKm, @lastMileageKm, @categories, @services, @complaint, @verified,
        @vehicleCheck, @comeback, @appointmentId, @appointmentAt, @createdAt)`),
    byId: db.prepare(`${TICKETS} WHERE t.id = ?`),
    byAttempt: db.prepare(`${TICKETS} WHERE t.attempt_id = ?`),
    byTokenHash: db.prepare(`${TICKETS} WHERE t.follow_token_hash = ?`),
    open: db.prepare(`${TICKETS} WHERE t.status IN ('waiting', 'called') ORDER BY t.id`),
    ofDay: db.prepare(`${TICKETS} WHERE t.day = ? ORDER BY t.id`),
    durations: db.prepare(`SELECT lane_id, closed_at, closed_at - called_at AS ms,
        (SELECT min(e.at) FROM queue_events e WHERE e.kind = 'call' AND e.desk_id = t.desk_id AND e.at >= t.closed_at)
          - closed_at AS gap
      FROM tickets t WHERE closed_at >= ? AND called_at IS NOT NULL AND status IN ('served', 'no-show')`),
    deskTimes: db.prepare(`SELECT lane_id AS laneId, count(*) AS n, avg(closed_at - called_at) AS meanMs,
        avg((closed_at - called_at) * (closed_at - called_at)) AS meanSquareMs
      FROM tickets WHERE closed_at >= ? AND closed_at < ? AND called_at IS NOT NULL
        AND status IN ('served', 'no-show') AND closed_at > called_at AND closed_at - called_at <= ?
      GROUP BY lane_id`),
    insertEvent: db.prepare(
      'INSERT INTO queue_events (ticket_id, at, kind, desk_id, staff_id, detail) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    setVehicleCheck: db.prepare(
      'UPDATE tickets SET vehicle_check = ?, vehicle_checked_by = ?, vehicle_checked_at = ? WHERE id = ?',
    ),
    pastCalls: db.prepare(`SELECT e.desk_id AS deskId, e.at, t.lane_id AS laneId, t.created_at AS createdAt
      FROM queue_events e JOIN tickets t ON t.id = e.ticket_id
      WHERE e.kind = 'call' AND e.desk_id IS NOT NULL AND e.at >= ? AND e.at < ? ORDER BY e.at`),
    recentCalls: db.prepare(`SELECT * FROM queue_events WHERE kind IN ('call', 'recall') AND at >= ?
      ORDER BY id DESC LIMIT ?`),
  };

  return {
    lanes: (): LaneRecord[] => (q.lanes.all() as Row[]).map(toLane),
    desks: (): DeskRecord[] =>
      (q.desks.all() as Row[]).map((r) => ({
        id: r.id as string,
        number: r.number as number,
        name: { zh: r.name_zh as string, en: r.name_en as string },
        lanes: json<string[]>(r.lanes).sort(),
        staffId: r.staff_id as number | null,
        staffName: r.staff_name as string | null,
        openedAt: r.opened_at as number | null,
      })),
    setDeskStaff: (deskId: string, staffId: number | null, at: number | null) =>
      q.setDeskStaff.run(staffId, at, deskId),
    /** The next number of a lane's letter on a day (1, 2, …). */
    nextSeq: (day: string, prefix: string): number => (q.nextSeq.get(day, prefix) as { last: number }).last,
    insertTicket(t: NewTicket): number {
      const r = q.insertTicket.run({
        ...t,
        categories: JSON.stringify(t.categories),
        services: JSON.stringify(t.services),
        verified: t.verified ? 1 : 0,
        vehicleCheck: t.vehicleCheck && JSON.stringify(t.vehicleCheck),
        comeback: t.comeback && JSON.stringify(t.comeback),
      });
      return Number(r.lastInsertRowid);
    },
    ticket: (id: number): TicketRecord | undefined => {
      const r = q.byId.get(id) as Row | undefined;
      return r && toTicket(r);
    },
    byAttempt: (attemptId: string): TicketRecord | undefined => {
      const r = q.byAttempt.get(attemptId) as Row | undefined;
      return r && toTicket(r);
    },
    byTokenHash: (hash: string): TicketRecord | undefined => {
      const r = q.byTokenHash.get(hash) as Row | undefined;
      return r && toTicket(r);
    },
    /** Waiting and called tickets, of any day (a ticket left open overnight is still someone's). */
    open: (): TicketRecord[] => (q.open.all() as Row[]).map(toTicket),
    ofDay: (day: string): TicketRecord[] => (q.ofDay.all(day) as Row[]).map(toTicket),
    /** Desk times (call → served or no-show) of tickets closed since `since`, and the pause before the desk's next call. */
    durations: (since: number) => q.durations.all(since) as Duration[],
    /** Each lane's desk times of tickets closed in [from, to), leaving out any longer than `maxMs` (a call left open). */
    deskTimes: (from: number, to: number, maxMs: number) => q.deskTimes.all(from, to, maxMs) as LaneDeskTimes[],
    update(
      id: number,
      fields: Partial<
        Pick<
          TicketRecord,
          'status' | 'laneId' | 'deskId' | 'calledAt' | 'recalls' | 'closedAt' | 'jobId' | 'followTokenHash'
        >
      >,
    ) {
      const cols: Record<string, string> = {
        status: 'status',
        laneId: 'lane_id',
        deskId: 'desk_id',
        calledAt: 'called_at',
        recalls: 'recalls',
        closedAt: 'closed_at',
        jobId: 'job_id',
        followTokenHash: 'follow_token_hash',
      };
      const keys = Object.keys(fields) as (keyof typeof fields)[];
      if (keys.length === 0) return;
      // Column names come from the fixed table above, never from input.
      const sql = `UPDATE tickets SET ${keys.map((k) => `${cols[k]} = @${k}`).join(', ')} WHERE id = @id`;
      db.prepare(sql).run({ ...fields, id });
    },
    event(
      ticketId: number,
      at: number,
      kind: QueueEvent['kind'],
      deskId: string | null,
      staffId: number | null,
      detail?: string,
    ) {
      q.insertEvent.run(ticketId, at, kind, deskId, staffId, detail ?? null);
    },
    /** What is left to confirm on a ticket, and who confirmed the rest when. */
    setVehicleCheck: (id: number, check: VehicleCheck | null, staffId: number, at: number) =>
      q.setVehicleCheck.run(check && JSON.stringify(check), staffId, at, id),
    /** Calls with their tickets' lanes and times, to learn the desks' usual breaks. */
    pastCalls: (since: number, until: number): PastCall[] => q.pastCalls.all(since, until) as PastCall[],
    recentCalls: (since: number, limit: number): QueueEvent[] =>
      (q.recentCalls.all(since, limit) as Row[]).map((r) => ({
        id: r.id as number,
        ticketId: r.ticket_id as number,
        at: r.at as number,
        kind: r.kind as QueueEvent['kind'],
        deskId: r.desk_id as string | null,
      })),
  };
}
export type QueueRepository = ReturnType<typeof createQueueRepository>;
