import { describe, expect, it } from 'vitest';
import { loungeOrder, trackSteps } from './stage-track.ts';

const states = (steps: ReturnType<typeof trackSteps>) => steps.map((s) => `${s.stage}:${s.state}`);

describe('the stage track', () => {
  it('shows a car in service with check-in and inspection done, wash only when ordered', () => {
    const steps = trackSteps({
      stage: 'in-service',
      services: ['oil-change'],
      timeline: [
        { stage: 'checked-in', at: 1 },
        { stage: 'waiting', at: 2 },
        { stage: 'in-service', at: 3 },
      ],
    });
    expect(states(steps)).toEqual([
      'checked-in:done',
      'inspection:done',
      'in-service:current',
      'quality-check:todo',
      'ready:todo',
    ]);
    // Inspection was skipped: no time to show for it.
    expect(steps.map((s) => s.at)).toEqual([1, null, 3, null, null]);
    const washed = trackSteps({ stage: 'waiting', services: ['oil-change', 'car-wash'], timeline: [] });
    expect(states(washed)).toContain('washing:todo');
  });

  it('keeps waiting for a bay on the check-in step and an approval on the inspection step', () => {
    expect(states(trackSteps({ stage: 'waiting', services: [], timeline: [] }))[0]).toBe('checked-in:current');
    expect(states(trackSteps({ stage: 'awaiting-approval', services: [], timeline: [] }))[1]).toBe(
      'inspection:current',
    );
  });

  it('marks every step done once the car is delivered', () => {
    const steps = trackSteps({ stage: 'delivered', services: [], timeline: [] });
    expect(steps.every((s) => s.state === 'done')).toBe(true);
  });

  it('puts cars ready for pickup first, the latest first, then the rest by check-in', () => {
    const jobs = [
      { id: '1', stage: 'in-service' as const, stageSince: 5, created: 10 },
      { id: '2', stage: 'ready' as const, stageSince: 20, created: 5 },
      { id: '3', stage: 'waiting' as const, stageSince: 6, created: 1 },
      { id: '4', stage: 'ready' as const, stageSince: 30, created: 7 },
    ];
    expect(loungeOrder(jobs, (j) => j.created).map((j) => j.id)).toEqual(['4', '2', '3', '1']);
  });
});
