// The stage track a customer reads: a few big steps (check-in → inspection → service → quality check
// → wash → ready), which are done, which is now, and when each was reached. Waiting for a bay sits on
// the check-in step, an approval on the inspection step (with attention), as a customer thinks of it.
import type { JobStage } from '@glassbay/protocol';

export type StepState = 'done' | 'current' | 'todo';
export interface TrackStep {
  stage: JobStage;
  state: StepState;
  /** When the car first reached this step, epoch ms. */
  at: number | null;
}

const WASH = 'car-wash';

/** Which step of the track each stage is shown on. */
const stepOf: Record<JobStage, JobStage> = {
  'checked-in': 'checked-in',
  waiting: 'checked-in',
  inspection: 'inspection',
  'awaiting-approval': 'inspection',
  'in-service': 'in-service',
  'quality-check': 'quality-check',
  washing: 'washing',
  ready: 'ready',
  delivered: 'ready',
  cancelled: 'checked-in',
};

export function trackSteps(job: {
  stage: JobStage;
  services: string[];
  timeline: { stage: JobStage; at: number }[];
}): TrackStep[] {
  const reached = (s: JobStage) => job.timeline.some((e) => stepOf[e.stage] === s);
  const washes = job.services.includes(WASH) || reached('washing');
  const steps: JobStage[] = ['checked-in', 'inspection', 'in-service', 'quality-check'];
  if (washes) steps.push('washing');
  steps.push('ready');
  const currentIndex = steps.indexOf(stepOf[job.stage]);
  return steps.map((stage, i) => ({
    stage,
    state: i < currentIndex || job.stage === 'delivered' ? 'done' : i === currentIndex ? 'current' : 'todo',
    at: job.timeline.find((e) => stepOf[e.stage] === stage)?.at ?? null,
  }));
}

/** Stages a customer should notice: something is asked of them, or the car waits for a bay. */
export const needsAttention = (stage: JobStage): boolean => stage === 'awaiting-approval';

/** Lounge order: cars ready for pickup first (the latest first), then the rest as they checked in. */
export function loungeOrder<T extends { stage: JobStage; stageSince: number; id: string }>(
  jobs: T[],
  checkedInAt: (j: T) => number,
): T[] {
  return [...jobs].sort((a, b) => {
    const ra = a.stage === 'ready' ? 1 : 0;
    const rb = b.stage === 'ready' ? 1 : 0;
    if (ra !== rb) return rb - ra;
    if (ra === 1) return b.stageSince - a.stageSince;
    return checkedInAt(a) - checkedInAt(b) || a.id.localeCompare(b.id);
  });
}
