// The KPIs' reads: tickets and their calls, bookings, jobs with their milestones, judged step
// timings (counted per day in SQL), step durations, and the bays' occupancy. A read model over the
// other features' tables: it never writes, so it reads them directly rather than through ports.
import type { KpiBooking, KpiJob, KpiStepTally, KpiTicket, OccupancyInterval, StepDimension } from '../domain/kpi.ts';
import type { Db } from '../store/db.ts';

const DAY = 86_400_000;

interface TicketRow {
  id: number;
  lane_id: string;
  walk_in: number;
  created_at: number;
  first_call: number | null;
  last_call: number | null;
  status: KpiTicket['status'];
  closed_at: number | null;
}
interface TicketDayRow {
  at: number;
  wait_n: number;
  wait_ms: number;
  wait_sq_min: number;
  desk_n: number;
  desk_ms: number;
  closed_n: number;
  no_show_n: number;
}
interface JobRow {
  id: number;
  plate: string;
  services: string;
  lane_id: string | null;
  bay_id: string | null;
  technician: string | null;
  created_at: number;
  checkin_promised_at: number | null;
  ready_at: number | null;
  delivered_at: number | null;
  stage: string;
  rating_stars: number | null;
  rating_comment: string | null;
  rated_at: number | null;
}
interface TallyRow {
  at: number;
  key: string | null;
  n: number;
  short: number;
  overrun: number;
  short_jobs: string | null;
}
interface MomentRow {
  at: number;
  n: number;
  sum: number;
  sum_sq: number;
  jobs: string | null;
}

/** The local day of a column, as the epoch ms of its local midnight (offset in ms as @off). */
// better-sqlite3 binds a JS number as REAL: cast, or the division would not truncate to the day.
const dayOf = (col: string) => `((${col} + CAST(@off AS INTEGER)) / ${DAY}) * ${DAY} - CAST(@off AS INTEGER)`;

// Each dimension's column; a fixed list, so the SQL never carries anything a request sent.
const stepColumn: Record<StepDimension, string> = {
  all: 'NULL',
  step: 'step_code',
  technician: 'tech',
  bay: 'bay_id',
  service: 'service_code',
};

// A ticket's first call and its last call or recall. Ticket ids grow with check-in time, so the
// calls of a range's tickets are one run of the (ticket_id, kind, at) index, grouped as it is read:
// far cheaper than two lookups per ticket. The join keeps exactly the range's tickets either way.
const TICKETS = `WITH ids AS (SELECT min(id) AS lo, max(id) AS hi FROM tickets WHERE created_at >= @from AND created_at < @to),
  calls AS (SELECT ticket_id, min(CASE WHEN kind = 'call' THEN at END) AS first_call,
              max(CASE WHEN kind IN ('call', 'recall') THEN at END) AS last_call
            FROM queue_events, ids WHERE ticket_id BETWEEN ids.lo AND ids.hi AND kind IN ('call', 'recall')
            GROUP BY ticket_id)
  SELECT t.id, t.lane_id, t.appointment_id IS NULL AS walk_in, t.created_at, t.status, t.closed_at, c.first_call, c.last_call
  FROM tickets t LEFT JOIN calls c ON c.ticket_id = t.id
  WHERE t.created_at >= @from AND t.created_at < @to`;

export function createKpiRepository(db: Db) {
  const q = {
    tickets: db.prepare<{ from: number; to: number }, TicketRow>(TICKETS),
    ticketDays: db.prepare<{ from: number; to: number; off: number }, TicketDayRow>(
      `SELECT day AS at,
         sum(walk_in AND first_call IS NOT NULL) AS wait_n,
         coalesce(sum(CASE WHEN walk_in AND first_call IS NOT NULL THEN first_call - created_at END), 0) AS wait_ms,
         coalesce(sum(CASE WHEN walk_in AND first_call IS NOT NULL
           THEN ((first_call - created_at) / 60000.0) * ((first_call - created_at) / 60000.0) END), 0) AS wait_sq_min,
         sum(status = 'served' AND last_call IS NOT NULL AND closed_at IS NOT NULL) AS desk_n,
         coalesce(sum(CASE WHEN status = 'served' AND last_call IS NOT NULL AND closed_at IS NOT NULL
           THEN closed_at - last_call END), 0) AS desk_ms,
         sum(status IN ('served', 'no-show')) AS closed_n,
         sum(status = 'no-show') AS no_show_n
       FROM (${TICKETS.replace('SELECT t.id', `SELECT ${dayOf('t.created_at')} AS day, t.id`)})
       GROUP BY day`,
    ),
    bookings: db.prepare<
      { from: number; to: number },
      { id: number; lane_id: string; booked_at: number; status: KpiBooking['status'] }
    >('SELECT id, lane_id, booked_at, status FROM appointments WHERE booked_at >= @from AND booked_at < @to'),
    jobs: db.prepare<{ from: number; to: number }, JobRow>(
      `SELECT j.id, j.plate, j.services, t.lane_id, j.bay_id, j.technician, j.created_at, j.checkin_promised_at,
         j.stage, j.rating_stars, j.rating_comment, j.rated_at,
         (SELECT min(at) FROM job_events e WHERE e.job_id = j.id AND e.event IS NULL AND e.stage = 'ready') AS ready_at,
         (SELECT min(at) FROM job_events e WHERE e.job_id = j.id AND e.event IS NULL AND e.stage = 'delivered') AS delivered_at
       FROM jobs j LEFT JOIN tickets t ON t.id = j.ticket_id
       WHERE j.created_at >= @from AND j.created_at < @to`,
    ),
    occupancy: db.prepare<{ from: number; to: number }, { bay_id: string; from_at: number; to_at: number | null }>(
      `SELECT bay_id, from_at, to_at FROM bay_occupancy
       WHERE from_at < @to AND (to_at IS NULL OR to_at > @from)`,
    ),
    bays: db.prepare<[], { id: string }>('SELECT id FROM bays ORDER BY position, id'),
    tallies: Object.fromEntries(
      Object.entries(stepColumn).map(([by, col]) => [
        by,
        db.prepare<{ from: number; to: number; off: number }, TallyRow>(
          `SELECT ${dayOf('ended_at')} AS at, ${col} AS key, count(*) AS n,
             sum(verdict = 'short') AS short, sum(verdict = 'overrun') AS overrun,
             group_concat(DISTINCT CASE WHEN verdict = 'short' THEN job_id END) AS short_jobs
           FROM step_timings
           WHERE ended_at >= @from AND ended_at < @to AND verdict IN ('ok', 'short', 'overrun')
           GROUP BY 1, 2`,
        ),
      ]),
    ) as Record<StepDimension, ReturnType<typeof db.prepare<{ from: number; to: number; off: number }, TallyRow>>>,
    // The per-day counts kept by migration 0017's triggers, and the few short steps' jobs beside them.
    dayTallies: Object.fromEntries(
      (['all', 'technician'] as const).map((by) => [
        by,
        db.prepare<{ from: number; to: number; off: number }, TallyRow>(
          `WITH c AS (SELECT day_at AS at, ${by === 'all' ? 'NULL' : 'tech'} AS key, sum(n) AS n,
                 sum(short) AS short, sum(overrun) AS overrun
               FROM kpi_step_days WHERE day_at >= @from AND day_at < @to GROUP BY 1, 2 HAVING sum(n) > 0),
             s AS (SELECT ${dayOf('ended_at')} AS at, ${by === 'all' ? 'NULL' : 'tech'} AS key,
                 group_concat(DISTINCT job_id) AS short_jobs
               FROM step_timings WHERE verdict = 'short' AND ended_at >= @from AND ended_at < @to GROUP BY 1, 2)
           SELECT c.at, c.key, c.n, c.short, c.overrun, s.short_jobs
           FROM c LEFT JOIN s ON s.at = c.at AND s.key IS c.key`,
        ),
      ]),
    ) as Record<
      'all' | 'technician',
      ReturnType<typeof db.prepare<{ from: number; to: number; off: number }, TallyRow>>
    >,
    // Migration 0018's per-day ticket sums.
    ticketDaySums: db.prepare<{ from: number; to: number }, TicketDayRow>(
      `SELECT day_at AS at, wait_n, wait_ms, wait_sq_min, desk_n, desk_ms, closed_n, no_show_n
       FROM kpi_ticket_days WHERE day_at >= @from AND day_at < @to ORDER BY day_at`,
    ),
    dayTalliesOffset: db.prepare<[], { offset_ms: number }>('SELECT offset_ms FROM kpi_step_days_tz'),
    stepMoments: db.prepare<{ from: number; to: number; off: number; step: string }, MomentRow>(
      // Durations in minutes, so a year's sums of squares stay far inside a double's exact range.
      `SELECT ${dayOf('ended_at')} AS at, count(*) AS n, sum(duration_ms / 60000.0) AS sum,
         sum((duration_ms / 60000.0) * (duration_ms / 60000.0)) AS sum_sq, group_concat(DISTINCT job_id) AS jobs
       FROM step_timings
       WHERE step_code = @step AND ended_at >= @from AND ended_at < @to AND status = 'done' AND duration_ms IS NOT NULL
       GROUP BY 1`,
    ),
    stepCodes: db.prepare<{ from: number; to: number }, { code: string; n: number }>(
      `SELECT step_code AS code, count(*) AS n FROM step_timings
       WHERE ended_at >= @from AND ended_at < @to AND status = 'done' GROUP BY step_code ORDER BY n DESC`,
    ),
  };

  const ids = (s: string | null) => (s === null ? [] : s.split(','));
  /** [from, to) is whole local days at the offset the per-day tables were counted in: they can answer. */
  const wholeDays = (from: number, to: number, tzOffsetMin: number) => {
    const off = tzOffsetMin * 60_000;
    return (from + off) % DAY === 0 && (to + off) % DAY === 0 && q.dayTalliesOffset.get()!.offset_ms === off;
  };

  return {
    tickets: (from: number, to: number): KpiTicket[] =>
      q.tickets.all({ from, to }).map((r) => ({
        id: String(r.id),
        laneId: r.lane_id,
        walkIn: r.walk_in === 1,
        createdAt: r.created_at,
        firstCalledAt: r.first_call,
        lastCalledAt: r.last_call,
        status: r.status,
        closedAt: r.closed_at,
      })),
    /**
     * The dashboard's ticket figures per local day, summed in SQL (a month of tickets is tens of
     * thousands of rows): walk-in waits, times at the desk and no-shows, as walkInWait, deskTime and
     * noShowRate define them (the integration test holds the two to the same numbers).
     */
    ticketDays: (from: number, to: number, tzOffsetMin: number) =>
      (wholeDays(from, to, tzOffsetMin)
        ? q.ticketDaySums.all({ from, to })
        : q.ticketDays.all({ from, to, off: tzOffsetMin * 60_000 })
      ).map((r) => ({
        at: r.at,
        wait: { n: r.wait_n, sumMs: r.wait_ms, sumSqMin: r.wait_sq_min },
        desk: { n: r.desk_n, sumMs: r.desk_ms },
        noShow: { n: r.closed_n, k: r.no_show_n },
      })),
    bookings: (from: number, to: number): KpiBooking[] =>
      q.bookings
        .all({ from, to })
        .map((r) => ({ id: String(r.id), laneId: r.lane_id, bookedAt: r.booked_at, status: r.status })),
    /** Jobs checked in during [from, to). */
    jobs: (from: number, to: number): KpiJob[] =>
      q.jobs.all({ from, to }).map((r) => ({
        id: String(r.id),
        plate: r.plate,
        services: JSON.parse(r.services) as string[],
        laneId: r.lane_id,
        bayId: r.bay_id,
        technician: r.technician,
        createdAt: r.created_at,
        promisedAt: r.checkin_promised_at,
        // A job delivered without passing ready was ready when it was delivered.
        readyAt: r.ready_at ?? r.delivered_at,
        deliveredAt: r.delivered_at,
        cancelled: r.stage === 'cancelled',
        rating:
          r.rating_stars === null
            ? null
            : { stars: r.rating_stars, comment: r.rating_comment, at: r.rated_at ?? r.created_at },
      })),
    occupancy: (from: number, to: number): OccupancyInterval[] =>
      q.occupancy.all({ from, to }).map((r) => ({ bayId: r.bay_id, from: r.from_at, to: r.to_at })),
    bayIds: () => q.bays.all().map((b) => b.id),
    /**
     * Judged steps that ended in [from, to), counted per local day and key of the dimension. Shop-wide
     * and per technician they come from the per-day counts when those are local to the same offset
     * and `from` and `to` are local midnights, as every caller passes them).
     */
    stepTallies: (from: number, to: number, by: StepDimension, tzOffsetMin: number): KpiStepTally[] => {
      const off = tzOffsetMin * 60_000;
      const counted = (by === 'all' || by === 'technician') && wholeDays(from, to, tzOffsetMin);
      return (counted ? q.dayTallies[by as 'all' | 'technician'] : q.tallies[by]).all({ from, to, off }).map((r) => ({
        at: r.at,
        key: r.key,
        n: r.n,
        short: r.short,
        overrun: r.overrun,
        shortJobIds: ids(r.short_jobs),
      }));
    },
    /**
     * Recount the per-day step counts and ticket sums at this offset if they were counted at another
     * (the shop's offset changed, or the migrations' first count at UTC). Seconds for a busy year; at start.
     */
    countDays: (tzOffsetMin: number) => {
      const off = tzOffsetMin * 60_000;
      if (q.dayTalliesOffset.get()!.offset_ms === off) return false;
      db.transaction(() => {
        db.prepare('UPDATE kpi_step_days_tz SET offset_ms = ?').run(off);
        db.prepare('DELETE FROM kpi_step_days').run();
        db.prepare('DELETE FROM kpi_ticket_days').run();
        db.prepare(
          `INSERT INTO kpi_ticket_days SELECT day_at, sum(wait_n), sum(wait_ms), sum(wait_sq_min), sum(desk_n),
             sum(desk_ms), sum(closed_n), sum(no_show_n) FROM kpi_ticket_share WHERE true GROUP BY day_at`,
        ).run();
        db.prepare(
          `INSERT INTO kpi_step_days (day_at, tech, n, short, overrun)
           SELECT ${dayOf('ended_at')}, tech, count(*), sum(verdict = 'short'), sum(verdict = 'overrun')
           FROM step_timings WHERE ended_at IS NOT NULL AND verdict IN ('ok', 'short', 'overrun') GROUP BY 1, 2`,
        ).run({ off });
      })();
      return true;
    },
    /** One step's durations per local day: count, sum and sum of squares in minutes, and the jobs. */
    stepMoments: (step: string, from: number, to: number, tzOffsetMin: number) =>
      q.stepMoments
        .all({ step, from, to, off: tzOffsetMin * 60_000 })
        .map((r) => ({ at: r.at, n: r.n, sum: r.sum, sumSq: r.sum_sq, jobIds: ids(r.jobs) })),
    /** Step codes timed in the range, most frequent first (the chart's default step). */
    stepCodes: (from: number, to: number) => q.stepCodes.all({ from, to }).map((r) => r.code),
  };
}
export type KpiRepository = ReturnType<typeof createKpiRepository>;
