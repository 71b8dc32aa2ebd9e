// Which moment of which bay a step was: an alert's step, or one of a job's steps, as the media
// module needs it to open the bay's recording at the step (issue 18: from an alert to the video) and
// as a technician's answer attaches it. Only a step with a recorded start has a moment to show.
import type { StepRef } from '@glassbay/protocol';
import { AppError } from '../domain/errors.ts';
import type { StepMoment } from '../domain/job-footage.ts';
import type { AlertsRepository } from './alerts.repository.ts';
import type { WristbandsRepository, TimingRecord } from './wristbands.repository.ts';

export interface StepOnBay extends StepMoment {
  bayId: string;
  jobId: string | null;
  jobCode: string | null;
  step: StepRef;
  tech: string | null;
  /** When the step's moment was last judged: the alert was raised then (a never-ended step runs to it). */
  until: number | null;
}

export function createStepWindows(deps: {
  alerts: Pick<AlertsRepository, 'get'>;
  wristbands: Pick<WristbandsRepository, 'timing'>;
  refOf: (serviceCode: string | null, code: string, versionId: number | null) => StepRef;
  jobCode: (jobId: string) => string | null;
}) {
  const timed = (t: TimingRecord | undefined): (TimingRecord & { startedAt: number }) | undefined =>
    t && t.startedAt !== null ? (t as TimingRecord & { startedAt: number }) : undefined;

  const onBay = (t: TimingRecord & { startedAt: number }, jobCode: string | null, until: number | null) => ({
    bayId: t.bayId,
    jobId: t.jobId,
    jobCode,
    step: deps.refOf(t.serviceCode, t.stepCode, t.sopVersionId),
    tech: t.endTech ?? t.tech,
    startedAt: t.startedAt,
    endedAt: t.endedAt,
    until,
  });

  return {
    /** The step an alert is about; 404 for an unknown alert or one with no timed step (never recorded). */
    ofAlert(alertId: string): StepOnBay {
      const a = deps.alerts.get(Number(alertId));
      if (!a) throw new AppError(404, 'ALERT_NOT_FOUND', `no alert ${alertId}`);
      const t = timed(a.timingId === null ? undefined : deps.wristbands.timing(a.timingId));
      if (!t)
        throw new AppError(
          404,
          'STEP_NOT_TIMED',
          'this alert names no step with a recorded start, so there is no moment to show; watch the bay’s camera instead',
        );
      return onBay(t, a.jobCode, a.raisedAt);
    },
    /** One of a job's steps, by the id of its timing. */
    ofJob(jobId: string, stepId: string): StepOnBay {
      const t = deps.wristbands.timing(Number(stepId));
      if (!t || t.jobId !== jobId) throw new AppError(404, 'STEP_NOT_FOUND', `job ${jobId} has no step ${stepId}`);
      const ok = timed(t);
      if (!ok)
        throw new AppError(404, 'STEP_NOT_TIMED', 'this step has no recorded start, so there is no moment to show');
      return onBay(ok, deps.jobCode(jobId), null);
    },
  };
}
export type StepWindows = ReturnType<typeof createStepWindows>;
