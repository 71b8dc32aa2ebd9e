// A job's work as its customer may see it (job-steps.ts in the protocol): each step of the job's
// standards done, running or pending, the current step, and the share of the standard minutes done.
// Plain data in, plain data out; the timings' technicians and verdicts never reach the result.
import type { JobStepProgress, PublicStep, SopStep, TimingStatus } from '@glassbay/protocol';

/** One service's standard as the job is judged by it. */
export interface StepsStandard {
  serviceCode: string;
  steps: readonly SopStep[];
}

/** What the progress needs of a step timing: which step, how it stands, when. */
export interface StepMark {
  serviceCode: string | null;
  stepCode: string;
  status: TimingStatus;
  startedAt: number | null;
  endedAt: number | null;
}

const ended = (m: StepMark) => m.status === 'done' || m.status === 'end-only';

/** The name a customer reads: the shop's customer-facing one, else the step's own. */
export const customerNameOf = (step: SopStep) => step.customerName ?? step.name;

/**
 * The job's progress. A step is done once an end was recorded (the latest end shown), running while
 * a start waits for its end (the latest such start), pending otherwise. The current step is the
 * running one (the most recently started, when two run at once); else the first pending step after
 * the furthest one done, else the first pending one; null when all are done. null when the job has no
 * standard at all.
 */
export function stepProgress(standards: readonly StepsStandard[], marks: readonly StepMark[]): JobStepProgress | null {
  const withSteps = standards.filter((s) => s.steps.length > 0);
  if (withSteps.length === 0) return null;
  const of = (svc: string, code: string) => marks.filter((m) => m.serviceCode === svc && m.stepCode === code);

  type Placed = { service: number; index: number; step: PublicStep; startedAt: number };
  const placed: Placed[] = [];
  const services = withSteps.map((standard, service) => ({
    serviceCode: standard.serviceCode,
    steps: standard.steps.map((sop, index): PublicStep => {
      const mine = of(standard.serviceCode, sop.code);
      const ends = mine.filter(ended).map((m) => m.endedAt ?? 0);
      const starts = mine.filter((m) => m.status === 'open').map((m) => m.startedAt ?? 0);
      const base = { name: customerNameOf(sop), standardMinutes: sop.standardMinutes };
      const step: PublicStep =
        ends.length > 0
          ? { ...base, state: 'done', at: Math.max(...ends) }
          : starts.length > 0
            ? { ...base, state: 'running', at: Math.max(...starts) }
            : { ...base, state: 'pending', at: null };
      placed.push({ service, index, step, startedAt: step.state === 'running' ? step.at! : -Infinity });
      return step;
    }),
  }));

  const running = placed.filter((p) => p.step.state === 'running').sort((a, b) => b.startedAt - a.startedAt)[0];
  const lastDone = placed.findLastIndex((p) => p.step.state === 'done');
  const pendingAfter = placed.find((p, i) => i > lastDone && p.step.state === 'pending');
  const current = running ?? pendingAfter ?? placed.find((p) => p.step.state === 'pending');

  const total = placed.reduce((sum, p) => sum + p.step.standardMinutes, 0);
  const done = placed.filter((p) => p.step.state === 'done').reduce((sum, p) => sum + p.step.standardMinutes, 0);
  return {
    current: current
      ? {
          serviceCode: services[current.service]!.serviceCode,
          index: current.index + 1,
          count: services[current.service]!.steps.length,
          name: current.step.name,
          running: current.step.state === 'running',
        }
      : null,
    done: total > 0 ? Math.min(1, done / total) : 0,
    services,
  };
}
