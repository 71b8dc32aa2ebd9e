// Everything one job's evidence pack says, read in one go: the job, the standards it was judged by,
// its step timings, alerts with every decision, approvals, timeline and rating. A read model like
// the KPIs: it never writes these tables, so it reads them directly (the jobs and wristbands
// features own them) rather than adding a port per table to each.
import type { EvidenceRecord } from '@glassbay/protocol';
import type { Db } from '../store/db.ts';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function createEvidenceRepository(db: Db) {
  const q = {
    job: db.prepare<[number], Row>('SELECT * FROM jobs WHERE id = ?'),
    service: db.prepare<[string], { name_zh: string; name_en: string }>(
      'SELECT name_zh, name_en FROM services WHERE code = ?',
    ),
    // The standard a job is judged by: the newest version in force when it was opened.
    sop: db.prepare<[string, number], { id: number; version: number; effective_from: number }>(
      `SELECT id, version, effective_from FROM sop_versions WHERE service_code = ? AND effective_from <= ?
       ORDER BY effective_from DESC, version DESC LIMIT 1`,
    ),
    sopSteps: db.prepare<[number], Row>('SELECT * FROM sop_steps WHERE version_id = ? ORDER BY position'),
    steps: db.prepare<[number], Row>(
      'SELECT * FROM step_timings WHERE job_id = ? ORDER BY coalesce(started_at, ended_at), id',
    ),
    alerts: db.prepare<[number], Row>('SELECT * FROM wristband_alerts WHERE job_id = ? ORDER BY raised_at, id'),
    actions: db.prepare<[number], Row>('SELECT * FROM wristband_alert_actions WHERE alert_id = ? ORDER BY id'),
    approvals: db.prepare<[number], Row>('SELECT * FROM job_approvals WHERE job_id = ? ORDER BY id'),
    events: db.prepare<[number], Row>('SELECT * FROM job_events WHERE job_id = ? ORDER BY at, id'),
  };

  /** The record of a job as the pack states it (clip and maker added by the service); undefined if no such job. */
  function record(jobId: string): Omit<EvidenceRecord, 'format' | 'madeAt' | 'madeBy' | 'clip'> | undefined {
    const id = Number(jobId);
    const j = q.job.get(id);
    if (!j) return undefined;
    const createdAt = Number(j.created_at);
    const codes = JSON.parse(String(j.services)) as string[];
    const sops = codes.flatMap((code) => {
      const v = q.sop.get(code, createdAt);
      if (!v) return [];
      return [
        {
          serviceCode: code,
          version: v.version,
          effectiveFrom: v.effective_from,
          steps: q.sopSteps.all(v.id).map((s) => ({
            code: String(s.code),
            name: { zh: String(s.name_zh), en: String(s.name_en) },
            minMinutes: Number(s.min_minutes),
            standardMinutes: Number(s.standard_minutes),
          })),
        },
      ];
    });
    return {
      job: {
        id: jobId,
        code: String(j.code),
        plate: String(j.plate),
        model: str(j.model),
        mileageKm: num(j.mileage_km),
        services: codes.map((code) => {
          const s = q.service.get(code);
          return { code, name: { zh: s?.name_zh ?? code, en: s?.name_en ?? code } };
        }),
        complaint: str(j.complaint),
        bayId: str(j.bay_id),
        technician: str(j.technician),
        stage: String(j.stage),
        createdAt,
        promisedAt: num(j.checkin_promised_at) ?? num(j.promised_at),
        closedAt: num(j.closed_at),
      },
      sops,
      steps: q.steps.all(id).map((s) => ({
        serviceCode: str(s.service_code),
        stepCode: String(s.step_code),
        tech: String(s.end_tech ?? s.tech),
        status: String(s.status),
        startedAt: num(s.started_at),
        endedAt: num(s.ended_at),
        minutes: s.duration_ms === null ? null : Number(s.duration_ms) / 60_000,
        minMinutes: num(s.min_minutes),
        standardMinutes: num(s.standard_minutes),
        verdict: String(s.verdict),
      })),
      alerts: q.alerts.all(id).map((a) => ({
        id: String(a.id),
        kind: String(a.kind),
        state: String(a.state),
        stepCode: str(a.step_code),
        tech: str(a.tech),
        raisedAt: Number(a.raised_at),
        closedAt: num(a.closed_at),
        decisions: q.actions.all(Number(a.id)).map((x) => ({
          kind: String(x.kind),
          at: Number(x.at),
          by: String(x.by_name),
          note: String(x.note),
        })),
      })),
      approvals: q.approvals.all(id).map((a) => ({
        description: String(a.description),
        priceCents: Number(a.price_cents),
        state: String(a.state),
        requestedAt: Number(a.requested_at),
        requestedBy: String(a.requested_by),
        decidedAt: num(a.decided_at),
      })),
      timeline: q.events.all(id).map((e) => ({
        at: Number(e.at),
        stage: String(e.stage),
        event: str(e.event),
        by: String(e.actor_name ?? e.actor_id ?? e.actor_kind),
        note: str(e.note),
      })),
      rating:
        j.rating_stars === null
          ? null
          : { stars: Number(j.rating_stars), comment: str(j.rating_comment), at: num(j.rated_at) },
    };
  }

  return { record };
}
export type EvidenceRepository = ReturnType<typeof createEvidenceRepository>;
