import type { SopStep } from '@glassbay/protocol';
import { describe, expect, it } from 'vitest';
import { stepProgress, type StepMark } from './step-progress.ts';

const step = (code: string, standardMinutes: number, customer?: string): SopStep => ({
  code,
  name: { zh: `内部 ${code}`, en: `internal ${code}` },
  ...(customer ? { customerName: { zh: `客户 ${customer}`, en: customer } } : {}),
  minMinutes: 0,
  standardMinutes,
  skippable: false,
});
const oil = {
  serviceCode: 'oil-change',
  steps: [step('drain', 20, 'Draining'), step('filter', 10), step('refill', 10)],
};
const tyres = { serviceCode: 'tyre-rotation', steps: [step('lift', 5), step('rotate', 5)] };
const mark = (
  stepCode: string,
  status: StepMark['status'],
  startedAt: number | null,
  endedAt: number | null,
  serviceCode = 'oil-change',
): StepMark => ({
  serviceCode,
  stepCode,
  status,
  startedAt,
  endedAt,
});

describe('step progress', () => {
  it('shows the running step by its customer name, and the share of standard minutes done', () => {
    const p = stepProgress([oil], [mark('drain', 'done', 100, 200), mark('filter', 'open', 210, null)])!;
    expect(p.current).toEqual({
      serviceCode: 'oil-change',
      index: 2,
      count: 3,
      name: { zh: '内部 filter', en: 'internal filter' },
      running: true,
    });
    expect(p.done).toBeCloseTo(20 / 40);
    expect(p.services[0]!.steps.map((s) => [s.state, s.at])).toEqual([
      ['done', 200],
      ['running', 210],
      ['pending', null],
    ]);
    expect(p.services[0]!.steps[0]!.name).toEqual({ zh: '客户 Draining', en: 'Draining' });
  });

  it('with nothing running, the current step is the next one after the furthest done, not one left behind', () => {
    const p = stepProgress([oil, tyres], [mark('drain', 'done', 1, 2), mark('refill', 'done', 3, 4)])!;
    expect(p.current).toMatchObject({ serviceCode: 'tyre-rotation', index: 1, count: 2, running: false });
    expect(p.done).toBeCloseTo(30 / 50);
  });

  it('moves to the next step when a step ends, and to none when all are done', () => {
    const before = stepProgress([oil], [mark('drain', 'open', 1, null)])!;
    const after = stepProgress([oil], [mark('drain', 'done', 1, 9)])!;
    expect([before.current?.index, before.current?.running]).toEqual([1, true]);
    expect([after.current?.index, after.current?.running]).toEqual([2, false]);
    const all = stepProgress(
      [oil],
      ['drain', 'filter', 'refill'].map((c) => mark(c, 'done', 1, 2)),
    )!;
    expect(all.current).toBeNull();
    expect(all.done).toBe(1);
  });

  it('ignores a restarted start and a start never ended; an end alone counts as done', () => {
    const p = stepProgress(
      [oil],
      [
        mark('drain', 'restarted', 1, null),
        mark('filter', 'never-ended', 2, null),
        mark('refill', 'end-only', null, 7),
      ],
    )!;
    expect(p.services[0]!.steps.map((s) => s.state)).toEqual(['pending', 'pending', 'done']);
  });

  it('carries nothing about who worked or how the step was judged', () => {
    const p = stepProgress([oil], [{ ...mark('drain', 'done', 1, 2), tech: 'li-wei', verdict: 'short' } as StepMark]);
    expect(JSON.stringify(p)).not.toMatch(/li-wei|short|overrun|tech|verdict/);
  });

  it('is null for a job with no standard', () => {
    expect(stepProgress([], [])).toBeNull();
    expect(stepProgress([{ serviceCode: 'car-wash', steps: [] }], [])).toBeNull();
  });
});
