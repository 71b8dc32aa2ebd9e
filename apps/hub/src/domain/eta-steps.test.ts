// The learned ETA on a fake clock: what a customer would notice of it. A step finished early brings
// the ready time forward, one running late pushes it, a car standing still is said to be idle (with
// the staff's reason) and expected to stand as long as cars that stood as long did, approved extra
// work adds its time, and with no history the standards rule.
import { describe, expect, it } from 'vitest';
import {
  estimateByStep,
  estimateShop,
  learnSpread,
  LEARN,
  paceOf,
  shrinkTowards,
  standLeft,
  type StepEtaJob,
  type WorkStep,
} from './eta-steps.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 7, 1, 30); // 09:30 in Shanghai

/** An oil change as four steps of 5, 18, 6 and 5 minutes standard. */
const steps = (learned: (std: number) => WorkStep['learned'] = () => null): WorkStep[] =>
  [5, 18, 6, 5].map((std) => ({ standardMin: std, learned: learned(std), startedAt: null, endedAt: null }));

function inService(over: Partial<StepEtaJob> = {}): StepEtaJob {
  return {
    id: '1',
    stage: 'in-service',
    stageSince: T0,
    createdAt: T0 - 20 * MIN,
    work: [{ code: 'oil-change', standardMin: 34, steps: steps() }],
    washMinutes: 0,
    pendingApprovals: 0,
    serviceMsBefore: 0,
    idleReason: null,
    ...over,
  };
}
const minutesFrom = (t: number, from: number) => (t - from) / MIN;

describe('the learned ETA of a job in service', () => {
  it('with no history is the standards of the steps left plus quality check, as a range around it', () => {
    const e = estimateByStep(inService(), T0);
    // 34 minutes of steps + 10 of quality check.
    expect(minutesFrom(e.eta, T0)).toBe(44);
    expect(e.low).toBeLessThan(e.eta);
    expect(e.high).toBeGreaterThan(e.eta);
    expect(minutesFrom(e.high, e.low)).toBeGreaterThanOrEqual(LEARN.stepMin);
    expect(e.idle).toBeNull();
  });

  it('comes forward when a step ends early, and is pushed while one runs late', () => {
    const job = inService();
    const first = job.work[0]!.steps[0]!;
    const at5 = estimateByStep(job, T0).eta;
    // The 18-minute drain started at 09:30; the first step was quick (2 of its 5 minutes).
    first.startedAt = T0;
    first.endedAt = T0 + 2 * MIN;
    const drain = job.work[0]!.steps[1]!;
    drain.startedAt = T0 + 2 * MIN;
    const early = estimateByStep(job, T0 + 2 * MIN).eta;
    // At least the 3 minutes it saved, and a little more: this job looks quick (paceOf).
    expect(minutesFrom(at5, early)).toBeGreaterThanOrEqual(3);
    // The drain is at 30 minutes of its 18: the ready time is 12+ minutes later than at its start.
    const late = estimateByStep(job, T0 + 32 * MIN).eta;
    expect(minutesFrom(late, early)).toBeGreaterThanOrEqual(12);
    // ... and keeps moving while it runs on: never "ready in 0 minutes" for the step. More than the
    // clock: a step this far past its time says the job runs slow, and the steps after it will too.
    const later = estimateByStep(job, T0 + 42 * MIN).eta;
    expect(minutesFrom(later, late)).toBeGreaterThan(10);
    expect(paceOf(job, T0 + 42 * MIN)).toBeGreaterThan(paceOf(job, T0 + 32 * MIN));
    expect(paceOf(job, T0 + 42 * MIN)).toBeGreaterThan(1);
  });

  it('says the car is idle when no step runs for a while, with the reason staff gave', () => {
    const job = inService({ idleReason: 'waiting-parts' });
    const first = job.work[0]!.steps[0]!;
    first.startedAt = T0;
    first.endedAt = T0 + 5 * MIN;
    expect(estimateByStep(job, T0 + 10 * MIN).idle).toBeNull();
    const idle = estimateByStep(job, T0 + 5 * MIN + LEARN.idleAfterMin * MIN);
    expect(idle.idle).toEqual({ since: T0 + 5 * MIN, reason: 'waiting-parts' });
    // Standing still is honest: the ready time moves with the clock instead of counting down, and
    // with no history of stands a car is expected to stand as long again as it has stood.
    expect(minutesFrom(idle.eta, T0 + 5 * MIN + LEARN.idleAfterMin * MIN)).toBe(29 + 10 + LEARN.idleAfterMin);
    const hourLater = estimateByStep(job, T0 + 65 * MIN);
    expect(minutesFrom(hourLater.eta, T0 + 65 * MIN)).toBe(29 + 10 + 60);
    // A step starting again ends the idle state.
    job.work[0]!.steps[1]!.startedAt = T0 + 65 * MIN;
    expect(estimateByStep(job, T0 + 66 * MIN).idle).toBeNull();
  });

  it("expects a standing car to stand as long as this shop's cars that stood as long did", () => {
    const job = inService({ idleReason: 'waiting-parts', stands: [20, 25, 30, 35, 40, 45, 5 * 60] });
    const first = job.work[0]!.steps[0]!;
    first.startedAt = T0;
    first.endedAt = T0 + 5 * MIN;
    // Stood 10 minutes: the stands longer than that have 10–35 minutes (and one of 290) left.
    const at10 = estimateByStep(job, T0 + 15 * MIN);
    expect(minutesFrom(at10.eta, T0 + 15 * MIN)).toBe(29 + 10 + 25);
    expect(minutesFrom(at10.high, at10.low)).toBeGreaterThan(30);
    expect(standLeft(job.stands, 10).p50).toBe(25);
    // Past most of them: too few left to say, as long again as it has stood.
    expect(standLeft(job.stands, 42)).toMatchObject({ p50: 42 });
  });

  it('moves a step with a few timings from its prior towards them, more with each', () => {
    const prior = { p10: 8, p50: 10, p90: 12 };
    expect(shrinkTowards([], prior)).toEqual(prior);
    const one = shrinkTowards([16], prior);
    const three = shrinkTowards([16, 15, 17], prior);
    expect(one.p50).toBeCloseTo(10 + (16 - 10) * (1 / (1 + LEARN.priorWeight)));
    expect(three.p50).toBeCloseTo(10 + (16 - 10) * (3 / (3 + LEARN.priorWeight)));
    expect(three.p90 / three.p50).toBeCloseTo(prior.p90 / prior.p50);
  });

  it('adds the time of approved extra work', () => {
    const before = estimateByStep(inService(), T0);
    const brakes: WorkStep[] = [8, 8, 6].map((std) => ({
      standardMin: std,
      learned: null,
      startedAt: null,
      endedAt: null,
    }));
    const job = inService();
    job.work.push({ code: 'brake-pads', standardMin: 22, steps: brakes });
    const after = estimateByStep(job, T0);
    expect(minutesFrom(after.eta, before.eta)).toBe(22);
    expect(minutesFrom(after.high, after.low)).toBeGreaterThan(minutesFrom(before.high, before.low));
  });

  it('learns the job’s own pace from its finished steps, trusting it as evidence grows', () => {
    const job = inService();
    expect(paceOf(job)).toBe(1);
    const [a, b] = job.work[0]!.steps;
    // The first two steps took 1.5× their usual time each.
    a!.startedAt = T0;
    a!.endedAt = T0 + 7.5 * MIN;
    b!.startedAt = T0 + 7.5 * MIN;
    b!.endedAt = T0 + 34.5 * MIN;
    const pace = paceOf(job);
    expect(pace).toBeGreaterThan(1.2);
    expect(pace).toBeLessThan(1.5);
  });

  it('uses what this shop takes for a step once it has the history', () => {
    // The shop drains in 25 minutes, not the standard 18.
    const history = Array.from({ length: 12 }, (_, i) => 24 + (i % 3));
    const drain = learnSpread(history)!;
    expect(drain.p50).toBe(25);
    const job = inService({
      work: [{ code: 'oil-change', standardMin: 34, steps: steps((std) => (std === 18 ? drain : null)) }],
    });
    expect(minutesFrom(estimateByStep(job, T0).eta, estimateByStep(inService(), T0).eta)).toBe(7);
    // Too little history: the standard.
    expect(learnSpread([30, 31, 29])).toBeNull();
  });
});

describe('the learned ETA of a job waiting for a bay', () => {
  it('waits for the job on the bay to finish rather than a fixed bay round', () => {
    const onBay = inService({ id: '1' });
    const waiting: StepEtaJob = { ...inService({ id: '2' }), stage: 'waiting', stageSince: T0, createdAt: T0 };
    const all = estimateShop([onBay, waiting], 0, T0);
    const bayFree = all.get('1')!.eta;
    const mine = all.get('2')!;
    // Its bay frees when job 1 is done (44 min); 5 min to move the car on, then its own 44.
    expect(minutesFrom(bayFree, T0)).toBe(44);
    expect(minutesFrom(mine.eta, T0)).toBe(44 + 5 + 44);
    // With a free bay it starts at once.
    const free = estimateShop([onBay, waiting], 1, T0).get('2')!;
    expect(minutesFrom(free.eta, T0)).toBe(5 + 44);
  });
});
