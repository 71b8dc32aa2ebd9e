// From an alert to the video (issue 18, item 3): the recording of one wristband step on its bay's
// camera, for staff with the camera role. The wristbands module says when and where the step was
// (step-windows.ts); this file picks the bay's camera and the replay range around the step, and
// says whether the ring still holds any of it. The player then loads an ordinary replay playlist.
import { MAX_REPLAY_MS, STEP_VIDEO_MARGIN_MS, type StepVideo } from '@glassbay/protocol';
import { AppError } from '../domain/errors.ts';
import { stepVideoRange, type StepMoment } from '../domain/job-footage.ts';
import type { Recordings } from './recordings.ts';

/** A step's moment on its bay, as the wristbands module reports it. */
export interface StepSource extends StepMoment {
  bayId: string;
  jobId: string | null;
  jobCode: string | null;
  step: { name: { zh: string; en: string } };
  tech: string | null;
  until: number | null;
}

export interface StepSources {
  ofAlert(alertId: string): StepSource;
  ofJob(jobId: string, stepId: string): StepSource;
}

export function createStepVideos(deps: {
  sources: StepSources | undefined;
  camerasOfBay: (bayId: string) => { id: string; name: string }[];
  bayName: (bayId: string) => string | null;
  recordings: Recordings;
}) {
  function video(s: StepSource, now: number): StepVideo {
    const camera = deps.camerasOfBay(s.bayId)[0];
    if (!camera)
      throw new AppError(
        404,
        'CAMERA_NOT_FOUND',
        `bay "${deps.bayName(s.bayId) ?? s.bayId}" has no camera recording it`,
      );
    const { from, to } = stepVideoRange(s, s.until ?? now, STEP_VIDEO_MARGIN_MS, MAX_REPLAY_MS);
    return {
      cameraId: camera.id,
      bayId: s.bayId,
      name: deps.bayName(s.bayId) ?? camera.name,
      jobId: s.jobId,
      jobCode: s.jobCode,
      stepName: s.step.name,
      tech: s.tech,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      from,
      to: Math.min(to, Math.max(now, from + 1)),
      recorded: (deps.recordings.get(camera.id)?.range(from, to).length ?? 0) > 0,
    };
  }
  const sources = (): StepSources => {
    if (!deps.sources) throw new AppError(503, 'VIDEO_UNAVAILABLE', 'wristband steps are not set up on this hub');
    return deps.sources;
  };
  return {
    forAlert: (alertId: string, now: number) => video(sources().ofAlert(alertId), now),
    forStep: (jobId: string, stepId: string, now: number) => video(sources().ofJob(jobId, stepId), now),
  };
}
