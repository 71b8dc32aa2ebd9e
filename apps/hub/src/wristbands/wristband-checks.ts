// The wristbands' say in a job's stage moves: an open short operation keeps the car from being
// released, and at quality check every step never done or never ended is flagged.
import { minutesLabel } from '../domain/wristband-pairing.ts';
import { missingSteps } from '../domain/wristband-sop.ts';
import type { AlertRecord, AlertsRepository, MissingStep } from './alerts.repository.ts';
import type { WristbandsRepository } from './wristbands.repository.ts';
import { AppError } from '../domain/errors.ts';
import type { SopsService } from './sops.service.ts';
import type { BayJob as JobRef } from '../jobs/module.ts';

/** Refuse the move to ready while a short operation is open or only acknowledged. */
export function releaseCheck(blocking: AlertRecord[], sops: Pick<SopsService, 'byId'>): void {
  if (blocking.length === 0) return;
  const what = blocking
    .map((a) => {
      const step = sops.byId(a.sopVersionId ?? -1)?.steps.find((s) => s.code === a.stepCode);
      const name = step ? step.name.en : (a.stepCode ?? 'a step');
      return `${name} (${minutesLabel(a.durationMs ?? 0)} of ${a.minMinutes ?? '?'} min)`;
    })
    .join(', ');
  throw new AppError(
    409,
    'SHORT_OPERATION_OPEN',
    `${what} ended before its minimum: check the work and resolve the alert, or a manager overrides it, ` +
      'before the car is released',
  );
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
    alerts.addAction(
      existing.id,
      'resolve',
      { kind: 'staff', id: null, name: 'Glassbay' },
      'every step recorded since',
      now,
    );
    alerts.setState(existing.id, 'resolved', now);
    changed.push(existing.id);
  } else if (existing) {
    alerts.setMissing(existing.id, missing);
    changed.push(existing.id);
  } else if (missing.length > 0) {
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
