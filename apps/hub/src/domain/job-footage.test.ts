import { describe, expect, it } from 'vitest';
import type { JobStage, TimelineEvent } from '@glassbay/protocol';
import { bayPeriods, clipMoments, windowsOf, windowsOnBay, type JobEvent } from './job-footage.ts';

const ev = (at: number, stage: JobStage, bayId: string | null, event: TimelineEvent | null = null): JobEvent => ({
  at,
  stage,
  bayId,
  event,
});

describe("a job's time on bays", () => {
  it('counts only the on-bay stages on the assigned bay, and ends at delivery', () => {
    const events = [
      ev(0, 'checked-in', 'bay-1'),
      ev(10, 'waiting', 'bay-1'),
      ev(20, 'in-service', 'bay-1'),
      ev(50, 'quality-check', 'bay-1'),
      ev(60, 'ready', 'bay-1'),
      ev(90, 'delivered', 'bay-1'),
    ];
    expect(bayPeriods(events, 90)).toEqual([{ bayId: 'bay-1', from: 20, to: 60 }]);
  });

  it('follows the car to another bay', () => {
    const events = [
      ev(0, 'checked-in', null),
      ev(5, 'checked-in', 'bay-1', 'bay-assigned'),
      ev(10, 'in-service', 'bay-1'),
      ev(30, 'waiting', 'bay-1'),
      ev(31, 'waiting', 'bay-2', 'bay-assigned'),
      ev(40, 'in-service', 'bay-2'),
    ];
    expect(bayPeriods(events, null)).toEqual([
      { bayId: 'bay-1', from: 10, to: 30 },
      { bayId: 'bay-2', from: 40, to: null },
    ]);
  });

  it('pauses while a sensor sees the car gone, until it is back or staff restart the service', () => {
    const events = [
      ev(10, 'in-service', 'bay-1'),
      ev(20, 'in-service', 'bay-1', 'bay-freed'),
      ev(25, 'in-service', 'bay-1', 'car-on-bay'),
      ev(40, 'quality-check', 'bay-1'),
      ev(45, 'quality-check', 'bay-1', 'bay-freed'),
      ev(50, 'washing', 'bay-1'),
      ev(70, 'in-service', 'bay-1'),
    ];
    expect(bayPeriods(events, null)).toEqual([
      { bayId: 'bay-1', from: 10, to: 20 },
      { bayId: 'bay-1', from: 25, to: 45 },
      { bayId: 'bay-1', from: 70, to: null },
    ]);
  });

  it('shows neither customer the time two jobs claim the same bay', () => {
    const own = [{ bayId: 'bay-1', from: 10, to: 100 }];
    const other = [
      { bayId: 'bay-1', from: 40, to: 60 },
      { bayId: 'bay-2', from: 0, to: null },
    ];
    expect(windowsOnBay(own, other, 'bay-1')).toEqual([
      { from: 10, to: 40 },
      { from: 60, to: 100 },
    ]);
    expect(windowsOnBay(own, other, 'bay-2')).toEqual([]);
    // A period still going reaches as far as any request can.
    expect(windowsOnBay([{ bayId: 'bay-1', from: 10, to: null }], [], 'bay-1')).toEqual([
      { from: 10, to: Number.MAX_SAFE_INTEGER },
    ]);
  });
});

describe('the repair clip', () => {
  const S = 1000;
  const windows = windowsOf(new Map([['bay-1', [{ from: 0, to: 600 * S }]]]));
  const step = (name: string, startedAt: number | null, endedAt: number | null, bayId = 'bay-1') => ({
    step: { name: { zh: name, en: name } },
    bayId,
    startedAt,
    endedAt,
  });

  it("takes the start of each wristband step, at most one step long, within the job's footage", () => {
    const moments = clipMoments({
      steps: [
        step('drain', 100 * S, 400 * S),
        step('filter', 60 * S, 63 * S),
        step('elsewhere', 50 * S, 90 * S, 'bay-9'),
      ],
      stages: [],
      windows,
    });
    expect(moments.map((m) => [m.chapter.kind === 'step' && m.chapter.name.en, m.from / S, m.to / S])).toEqual([
      ['filter', 60, 63],
      ['drain', 100, 112],
    ]);
  });

  it('keeps the clip short however many steps there were', () => {
    const steps = Array.from({ length: 40 }, (_, i) => step(`s${i}`, i * 10 * S, i * 10 * S + 9 * S));
    const moments = clipMoments({ steps, stages: [], windows });
    const total = moments.reduce((n, m) => n + m.to - m.from, 0);
    expect(total).toBeLessThanOrEqual(60 * S);
    expect(moments.length).toBeGreaterThan(5);
    expect(moments[0]!.from).toBe(0);
    expect(moments.at(-1)!.from).toBe(390 * S);
  });

  it('falls back to the stages on the bay when no wristband step was marked', () => {
    const moments = clipMoments({
      steps: [step('never started', null, null)],
      stages: [
        { stage: 'waiting', at: 0 },
        { stage: 'in-service', at: 30 * S },
        { stage: 'quality-check', at: 300 * S },
        { stage: 'ready', at: 600 * S },
      ],
      windows,
    });
    expect(moments.map((m) => [m.chapter.kind === 'stage' && m.chapter.stage, m.from / S])).toEqual([
      ['in-service', 30],
      ['quality-check', 300],
    ]);
  });
});
