// The wristbands' say in a job's stage moves: a live alert of the job keeps the car from being
// released, and at quality check (and again at release) every step never done or never ended is flagged.
import { releaseHoldCodes, releaseStages, type AlertKind, type JobStage } from '@glassbay/protocol';
import { minutesLabel } from '../domain/wristband-pairing.ts';
import { missingSteps } from '../domain/wristband-sop.ts';
import type { AlertRecord, AlertsRepository, MissingStep } from './alerts.repository.ts';
import type { WristbandsRepository } from './wristbands.repository.ts';
import { AppError } from '../domain/errors.ts';
import type { SopsService } from './sops.service.ts';
import type { BayJob as JobRef } from '../jobs/module.ts';

/** The hub itself, when it closes an alert on its own. */
const SYSTEM = { kind: 'staff' as const, id: null, name: 'Glassbay' };

export const isRelease = (to: JobStage): boolean => (releaseStages as readonly JobStage[]).includes(to);

/** What a holding alert is about, in a sentence a person can act on. */
function describe(a: AlertRecord, sops: Pick<SopsService, 'byId'>): string {
  const stepName = (versionId: number | null, code: string | null) =>
    sops.byId(versionId ?? -1)?.steps.find((s) => s.code === code)?.name.en ?? code ?? 'a step';
  switch (a.kind) {
    case 'short-operation':
      return `${stepName(a.sopVersionId, a.stepCode)} ended before its minimum (${minutesLabel(a.durationMs ?? 0)} of ${a.minMinutes ?? '?'} min)`;
    case 'step-missed':
      return `${a.missing.length} step${a.missing.length === 1 ? ' was' : 's were'} never recorded (${a.missing
        .map((m) => stepName(m.versionId, m.code))
        .join(', ')})`;
    case 'step-unfinished':
      return `${stepName(a.sopVersionId, a.stepCode)} was started and never ended`;
    case 'overrun':
      return `${stepName(a.sopVersionId, a.stepCode)} ran past its standard and is not decided`;
  }
}

/**
 * The release rules (protocol, wristbands.ts): refuse the move to ready or delivered while a live
 * alert of the job holds it, naming each one and what decides it.
 */
export function releaseCheck(blocking: AlertRecord[], sops: Pick<SopsService, 'byId'>): void {
  if (blocking.length === 0) return;
  const first = (Object.keys(releaseHoldCodes) as AlertKind[]).find((k) => blocking.some((a) => a.kind === k))!;
  throw new AppError(
    409,
    releaseHoldCodes[first],
    `${blocking.map((a) => describe(a, sops)).join('; ')}: check the work, then a manager resolves each alert ` +
      'with what was found, or overrides it with the reason, before the car is released',
  );
}

/** A step-missed alert a manager already decided covers these steps: no new alert for them. */
function decidedBefore(decided: AlertRecord | undefined, missing: MissingStep[]): boolean {
  if (!decided || decided.state === 'open' || decided.state === 'acknowledged') return false;
  // Closed by the hub itself (every step recorded since) is no manager's decision.
  const byManager = decided.actions.some(
    (a) => a.kind === 'override' || (a.kind === 'resolve' && a.by !== SYSTEM.name),
  );
  if (!byManager) return false;
  const key = (m: MissingStep) => `${m.serviceCode}/${m.code}`;
  const covered = new Set(decided.missing.map(key));
  return missing.every((m) => covered.has(key(m)));
}

/**
 * The job reached quality check: a step started and never ended is closed as never ended and
 * flagged; the steps of its standards with no record at all are listed in one step-missed alert
 * (updated when the job comes back to quality check, closed by itself once nothing is missing).
 * Returns the ids of the alerts raised or changed. Call inside a transaction.
 */
export function flagAtQualityCheck(
  job: JobRef,
  repo: { wristbands: WristbandsRepository; alerts: AlertsRepository; sops: Pick<SopsService, 'forJob'> },
  now: number,
): number[] {
  const { wristbands, alerts } = repo;
  const changed: number[] = [];
  const bayId = job.bayId ?? '';
  const timings = wristbands.ofJob(job.id);
  for (const t of timings.filter((t) => t.status === 'open')) {
    wristbands.setStatus(t.id, 'never-ended');
    changed.push(
      alerts.insert({
        kind: 'step-unfinished',
        jobId: job.id,
        timingId: t.id,
        bayId: t.bayId,
        tech: t.tech,
        bandId: t.bandId,
        serviceCode: t.serviceCode,
        stepCode: t.stepCode,
        sopVersionId: t.sopVersionId,
        missing: [],
        durationMs: null,
        minMinutes: t.minMinutes,
        standardMinutes: t.standardMinutes,
        clock: t.clock,
        raisedAt: now,
      }),
    );
  }
  const recorded = (svc: string, code: string) =>
    timings.some((t) => t.serviceCode === svc && t.stepCode === code && t.status !== 'restarted');
  const missing: MissingStep[] = missingSteps(repo.sops.forJob(job.services, job.startedAt), recorded).map(
    ({ standard, step }) => ({ serviceCode: standard.serviceCode, code: step.code, versionId: standard.id }),
  );
  const existing = alerts.liveOfKind(job.id, 'step-missed')[0];
  if (existing && missing.length === 0) {
    alerts.addAction(existing.id, 'resolve', SYSTEM, 'every step recorded since', now);
    alerts.setState(existing.id, 'resolved', now);
    changed.push(existing.id);
  } else if (existing) {
    alerts.setMissing(existing.id, missing);
    changed.push(existing.id);
  } else if (missing.length > 0 && !decidedBefore(alerts.lastOfKind(job.id, 'step-missed'), missing)) {
    changed.push(
      alerts.insert({
        kind: 'step-missed',
        jobId: job.id,
        timingId: null,
        bayId,
        tech: null,
        bandId: null,
        serviceCode: null,
        stepCode: null,
        sopVersionId: null,
        missing,
        durationMs: null,
        minMinutes: null,
        standardMinutes: null,
        clock: null,
        raisedAt: now,
      }),
    );
  }
  return changed;
}
