// Wristband events (each applied once), the bands (who wears each, how far its clock is off) and the
// step timings paired from the events. The service wraps each event's changes in one transaction.
import type { TimingClock, TimingStatus, TimingVerdict } from '@glassbay/protocol';
import type { FinishedStep } from '../domain/wristband-figures.ts';
import type { PendingTiming } from '../domain/wristband-pairing.ts';
import type { Db } from '../store/db.ts';

export interface StoredEvent {
  bandId: string;
  eventId: string;
  tech: string;
  bayId: string;
  step: string;
  kind: 'start' | 'end';
  deviceTs: number;
  receivedAt: number;
  at: number;
  live: boolean;
  trusted: boolean;
  timingId: number | null;
}

export interface BandRecord {
  bandId: string;
  tech: string | null;
  techSince: number | null;
  clockOffsetMs: number | null;
  clockSampledAt: number | null;
}

export interface TimingRecord {
  id: number;
  jobId: string | null;
  bayId: string;
  tech: string;
  endTech: string | null;
  bandId: string | null;
  serviceCode: string | null;
  stepCode: string;
  sopVersionId: number | null;
  status: TimingStatus;
  startEvent: string | null;
  endEvent: string | null;
  startedAt: number | null;
  endedAt: number | null;
  startReceivedAt: number | null;
  endReceivedAt: number | null;
  durationMs: number | null;
  clock: TimingClock | null;
  backlog: boolean;
  verdict: TimingVerdict;
  minMinutes: number | null;
  standardMinutes: number | null;
}

type NewTiming = Omit<TimingRecord, 'id'>;

interface TimingRow {
  id: number;
  job_id: number | null;
  bay_id: string;
  tech: string;
  end_tech: string | null;
  band_id: string | null;
  service_code: string | null;
  step_code: string;
  sop_version_id: number | null;
  status: TimingStatus;
  start_event: string | null;
  end_event: string | null;
  started_at: number | null;
  ended_at: number | null;
  start_received_at: number | null;
  end_received_at: number | null;
  duration_ms: number | null;
  clock: TimingClock | null;
  backlog: number;
  verdict: TimingVerdict;
  min_minutes: number | null;
  standard_minutes: number | null;
}

const toTiming = (r: TimingRow): TimingRecord => ({
  id: r.id,
  jobId: r.job_id === null ? null : String(r.job_id),
  bayId: r.bay_id,
  tech: r.tech,
  endTech: r.end_tech,
  bandId: r.band_id,
  serviceCode: r.service_code,
  stepCode: r.step_code,
  sopVersionId: r.sop_version_id,
  status: r.status,
  startEvent: r.start_event,
  endEvent: r.end_event,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  startReceivedAt: r.start_received_at,
  endReceivedAt: r.end_received_at,
  durationMs: r.duration_ms,
  clock: r.clock,
  backlog: r.backlog === 1,
  verdict: r.verdict,
  minMinutes: r.min_minutes,
  standardMinutes: r.standard_minutes,
});

const jobParam = (jobId: string | null) => (jobId === null ? null : Number(jobId));

export function createWristbandsRepository(db: Db) {
  const q = {
    hasEvent: db.prepare<[string, string], { n: number }>(
      'SELECT COUNT(*) AS n FROM wristband_events WHERE band_id = ? AND event_id = ?',
    ),
    insertEvent: db.prepare(
      `INSERT INTO wristband_events (band_id, event_id, tech, bay_id, step, kind, device_ts, received_at, at, live, trusted, timing_id)
       VALUES (@bandId, @eventId, @tech, @bayId, @step, @kind, @deviceTs, @receivedAt, @at, @live, @trusted, @timingId)`,
    ),
    band: db.prepare<[string], BandRecord>(
      `SELECT band_id AS bandId, tech, tech_since AS techSince, clock_offset_ms AS clockOffsetMs,
         clock_sampled_at AS clockSampledAt FROM wristband_bands WHERE band_id = ?`,
    ),
    saveBand: db.prepare(
      `INSERT INTO wristband_bands (band_id, tech, tech_since, clock_offset_ms, clock_sampled_at)
       VALUES (@bandId, @tech, @techSince, @clockOffsetMs, @clockSampledAt)
       ON CONFLICT (band_id) DO UPDATE SET tech = excluded.tech, tech_since = excluded.tech_since,
         clock_offset_ms = excluded.clock_offset_ms, clock_sampled_at = excluded.clock_sampled_at`,
    ),
    handover: db.prepare('INSERT INTO wristband_handovers (band_id, from_tech, to_tech, at) VALUES (?, ?, ?, ?)'),
    pending: db.prepare<[number | null, string, string | null, string], TimingRow>(
      // `+job_id`: keep the planner on the small partial index of pending timings; by job_id it would
      // scan every timing of the job, or of every bay with no job.
      `SELECT * FROM step_timings WHERE +job_id IS ? AND bay_id = ? AND service_code IS ? AND step_code = ?
         AND status IN ('open', 'end-only') ORDER BY id`,
    ),
    timing: db.prepare<[number], TimingRow>('SELECT * FROM step_timings WHERE id = ?'),
    ofJob: db.prepare<[number], TimingRow>(
      'SELECT * FROM step_timings WHERE job_id = ? ORDER BY COALESCE(started_at, ended_at), id',
    ),
    insertTiming: db.prepare(
      `INSERT INTO step_timings (job_id, bay_id, tech, end_tech, band_id, service_code, step_code, sop_version_id,
         status, start_event, end_event, started_at, ended_at, start_received_at, end_received_at, duration_ms, clock,
         backlog, verdict, min_minutes, standard_minutes)
       VALUES (@jobId, @bayId, @tech, @endTech, @bandId, @serviceCode, @stepCode, @sopVersionId, @status, @startEvent,
         @endEvent, @startedAt, @endedAt, @startReceivedAt, @endReceivedAt, @durationMs, @clock, @backlog, @verdict,
         @minMinutes, @standardMinutes)`,
    ),
    updateTiming: db.prepare(
      `UPDATE step_timings SET tech = @tech, end_tech = @endTech, band_id = @bandId, status = @status,
         start_event = @startEvent, end_event = @endEvent, started_at = @startedAt, ended_at = @endedAt,
         start_received_at = @startReceivedAt, end_received_at = @endReceivedAt, duration_ms = @durationMs,
         clock = @clock, backlog = @backlog, verdict = @verdict WHERE id = @id`,
    ),
    setStatus: db.prepare<[TimingStatus, number]>('UPDATE step_timings SET status = ? WHERE id = ?'),
    finished: db.prepare<[number], FinishedStep>(
      `SELECT COALESCE(end_tech, tech) AS tech, service_code AS serviceCode, step_code AS stepCode,
         duration_ms AS durationMs, verdict FROM step_timings WHERE status = 'done' AND ended_at >= ?`,
    ),
  };

  const timingParams = (t: NewTiming | TimingRecord) => ({
    ...t,
    jobId: jobParam(t.jobId),
    backlog: t.backlog ? 1 : 0,
  });

  return {
    hasEvent: (bandId: string, eventId: string) => q.hasEvent.get(bandId, eventId)!.n > 0,
    insertEvent: (e: StoredEvent) => q.insertEvent.run({ ...e, live: e.live ? 1 : 0, trusted: e.trusted ? 1 : 0 }),
    band: (bandId: string): BandRecord | undefined => q.band.get(bandId),
    saveBand: (b: BandRecord) => q.saveBand.run(b),
    recordHandover: (bandId: string, from: string | null, to: string, at: number) =>
      q.handover.run(bandId, from, to, at),

    /** Timings of one step on one job (or, with no job, on one bay) still waiting for their other half. */
    pending(scope: { jobId: string | null; bayId: string }, serviceCode: string | null, stepCode: string) {
      return q.pending.all(jobParam(scope.jobId), scope.bayId, serviceCode, stepCode).map(toTiming);
    },
    asPending: (t: TimingRecord): PendingTiming => ({
      id: t.id,
      status: t.status === 'end-only' ? 'end-only' : 'open',
      tech: t.tech,
      startedAt: t.startedAt,
      endedAt: t.endedAt,
    }),
    timing(id: number): TimingRecord | undefined {
      const r = q.timing.get(id);
      return r && toTiming(r);
    },
    ofJob: (jobId: string) => q.ofJob.all(Number(jobId)).map(toTiming),
    insertTiming: (t: NewTiming): number => Number(q.insertTiming.run(timingParams(t)).lastInsertRowid),
    updateTiming: (t: TimingRecord) => q.updateTiming.run(timingParams(t)),
    setStatus: (id: number, status: TimingStatus) => q.setStatus.run(status, id),
    /** Steps finished since a moment, for the console's figures. */
    finishedSince: (since: number): FinishedStep[] => q.finished.all(since),
  };
}
export type WristbandsRepository = ReturnType<typeof createWristbandsRepository>;
