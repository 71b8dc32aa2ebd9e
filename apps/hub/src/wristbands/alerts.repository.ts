// Wristband alerts and their record: every acknowledgement, resolution, override and technician's
// answer is a row of its own, never overwritten. Also the raw material of the console's figures.
import type { AlertAction, AlertActionKind, AlertKind, AlertState, TimingClock } from '@glassbay/protocol';
import type { Db } from '../store/db.ts';

export interface MissingStep {
  serviceCode: string;
  code: string;
  versionId: number;
}

export interface AlertRecord {
  id: number;
  kind: AlertKind;
  state: AlertState;
  jobId: string | null;
  jobCode: string | null;
  timingId: number | null;
  bayId: string;
  tech: string | null;
  bandId: string | null;
  serviceCode: string | null;
  stepCode: string | null;
  sopVersionId: number | null;
  missing: MissingStep[];
  durationMs: number | null;
  minMinutes: number | null;
  standardMinutes: number | null;
  clock: TimingClock | null;
  raisedAt: number;
  closedAt: number | null;
  actions: AlertAction[];
}

export type NewAlert = Omit<AlertRecord, 'id' | 'state' | 'jobCode' | 'closedAt' | 'actions'>;

interface AlertRow {
  id: number;
  kind: AlertKind;
  state: AlertState;
  job_id: number | null;
  job_code: string | null;
  timing_id: number | null;
  bay_id: string;
  tech: string | null;
  band_id: string | null;
  service_code: string | null;
  step_code: string | null;
  sop_version_id: number | null;
  missing: string | null;
  duration_ms: number | null;
  min_minutes: number | null;
  standard_minutes: number | null;
  clock: TimingClock | null;
  raised_at: number;
  closed_at: number | null;
}
interface ActionRow {
  alert_id: number;
  kind: AlertActionKind;
  at: number;
  by_kind: 'staff' | 'technician';
  by_name: string;
  note: string;
  clip_from: number | null;
  clip_to: number | null;
}

const SELECT = 'SELECT a.*, j.code AS job_code FROM wristband_alerts a LEFT JOIN jobs j ON j.id = a.job_id';
const LIVE = `a.state IN ('open', 'acknowledged')`;

export function createAlertsRepository(db: Db) {
  const q = {
    insert: db.prepare(
      `INSERT INTO wristband_alerts (kind, job_id, timing_id, bay_id, tech, band_id, service_code, step_code,
         sop_version_id, missing, duration_ms, min_minutes, standard_minutes, clock, raised_at)
       VALUES (@kind, @jobId, @timingId, @bayId, @tech, @bandId, @serviceCode, @stepCode, @sopVersionId, @missing,
         @durationMs, @minMinutes, @standardMinutes, @clock, @raisedAt)`,
    ),
    one: db.prepare<[number], AlertRow>(`${SELECT} WHERE a.id = ?`),
    visible: db.prepare<[number], AlertRow>(`${SELECT} WHERE ${LIVE} OR a.raised_at >= ? ORDER BY a.id`),
    live: db.prepare<[], AlertRow>(`${SELECT} WHERE ${LIVE} ORDER BY a.id`),
    blocking: db.prepare<[number], AlertRow>(`${SELECT} WHERE a.job_id = ? AND ${LIVE} ORDER BY a.id`),
    liveOfKind: db.prepare<[number, AlertKind], AlertRow>(
      `${SELECT} WHERE a.job_id = ? AND a.kind = ? AND ${LIVE} ORDER BY a.id`,
    ),
    lastOfKind: db.prepare<[number, AlertKind], AlertRow>(
      `${SELECT} WHERE a.job_id = ? AND a.kind = ? ORDER BY a.id DESC LIMIT 1`,
    ),
    actions: db.prepare<[number], ActionRow>('SELECT * FROM wristband_alert_actions WHERE alert_id = ? ORDER BY id'),
    addAction: db.prepare(
      `INSERT INTO wristband_alert_actions (alert_id, kind, at, by_kind, by_id, by_name, note, clip_from, clip_to)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    setState: db.prepare<[AlertState, number | null, number]>(
      'UPDATE wristband_alerts SET state = ?, closed_at = ? WHERE id = ?',
    ),
    setMissing: db.prepare<[string, number]>('UPDATE wristband_alerts SET missing = ? WHERE id = ?'),
    answered: db.prepare<[number], { tech: string; n: number }>(
      `SELECT a.tech AS tech, COUNT(DISTINCT a.id) AS n FROM wristband_alerts a
         JOIN wristband_alert_actions x ON x.alert_id = a.id AND x.kind = 'answer'
       WHERE a.raised_at >= ? AND a.tech IS NOT NULL GROUP BY a.tech`,
    ),
  };

  const toRecord = (r: AlertRow): AlertRecord => ({
    id: r.id,
    kind: r.kind,
    state: r.state,
    jobId: r.job_id === null ? null : String(r.job_id),
    jobCode: r.job_code,
    timingId: r.timing_id,
    bayId: r.bay_id,
    tech: r.tech,
    bandId: r.band_id,
    serviceCode: r.service_code,
    stepCode: r.step_code,
    sopVersionId: r.sop_version_id,
    missing: r.missing ? (JSON.parse(r.missing) as MissingStep[]) : [],
    durationMs: r.duration_ms,
    minMinutes: r.min_minutes,
    standardMinutes: r.standard_minutes,
    clock: r.clock,
    raisedAt: r.raised_at,
    closedAt: r.closed_at,
    actions: q.actions.all(r.id).map((a) => ({
      kind: a.kind,
      at: a.at,
      by: a.by_name,
      byKind: a.by_kind,
      note: a.note,
      ...(a.clip_from !== null && a.clip_to !== null ? { clip: { from: a.clip_from, to: a.clip_to } } : {}),
    })),
  });

  return {
    insert(a: NewAlert): number {
      return Number(
        q.insert.run({
          ...a,
          jobId: a.jobId === null ? null : Number(a.jobId),
          missing: a.missing.length ? JSON.stringify(a.missing) : null,
        }).lastInsertRowid,
      );
    },
    get(id: number): AlertRecord | undefined {
      const r = q.one.get(id);
      return r && toRecord(r);
    },
    /** Open and acknowledged alerts, and every alert raised since `since` (the console's day). */
    visible: (since: number) => q.visible.all(since).map(toRecord),
    live: () => q.live.all().map(toRecord),
    /** The job's live alerts: each keeps it from being released (release rules, protocol). */
    blocking: (jobId: string) => q.blocking.all(Number(jobId)).map(toRecord),
    /** The job's newest alert of a kind, in any state. */
    lastOfKind(jobId: string, kind: AlertKind): AlertRecord | undefined {
      const r = q.lastOfKind.get(Number(jobId), kind);
      return r && toRecord(r);
    },
    liveOfKind: (jobId: string, kind: AlertKind) => q.liveOfKind.all(Number(jobId), kind).map(toRecord),
    addAction(
      alertId: number,
      kind: AlertActionKind,
      by: { kind: 'staff' | 'technician'; id: string | null; name: string },
      note: string,
      now: number,
      clip?: { from: number; to: number },
    ) {
      q.addAction.run(alertId, kind, now, by.kind, by.id, by.name, note, clip?.from ?? null, clip?.to ?? null);
    },
    setState: (id: number, state: AlertState, closedAt: number | null) => q.setState.run(state, closedAt, id),
    setMissing: (id: number, missing: MissingStep[]) => q.setMissing.run(JSON.stringify(missing), id),
    /** Alerts each technician answered, raised since `since`. */
    answeredByTech: (since: number) => new Map(q.answered.all(since).map((r) => [r.tech, r.n])),
  };
}
export type AlertsRepository = ReturnType<typeof createAlertsRepository>;
