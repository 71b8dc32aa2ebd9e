import { describe, expect, it } from 'vitest';
import {
  bayUtilisation,
  comebackRate,
  findComebacks,
  stepRates,
  tallySteps,
  type KpiStep,
  type OccupancyInterval,
} from './kpi-quality.ts';
import { defaultOpeningHours } from './kpi-time.ts';
import type { KpiJob } from './kpi.ts';

// Shop time UTC+8; day 0 is Monday 2 March 2026. at(d, h, m) is local h:m on day d.
const TZ = 480;
const at = (d: number, h: number, m = 0) => Date.UTC(2026, 2, 2 + d, h - 8, m);
const DAY = 86_400_000;

describe('step rates', () => {
  const step = (id: string, over: Partial<KpiStep>): KpiStep => ({
    id,
    jobId: 'j1',
    stepCode: 'oil-drain',
    serviceCode: 'oil-change',
    tech: 'Wang',
    bayId: 'bay-1',
    endedAt: at(0, 10),
    durationMs: 18 * 60_000,
    verdict: 'ok',
    ...over,
  });
  const steps = [
    step('s1', {}),
    step('s2', { jobId: 'j3', verdict: 'short' }),
    step('s3', { jobId: 'j9', tech: 'Li' }),
    step('s4', { stepCode: 'filter-replace', verdict: 'overrun' }),
    step('s5', { stepCode: 'filter-replace', tech: 'Li', verdict: 'unjudged' }),
    step('s6', { jobId: 'j3', verdict: 'short' }),
  ];
  it('per step: short and overrun shares of the judged steps, and the jobs with short steps', () => {
    const rows = stepRates(tallySteps(steps, 'step'), { period: 'day', by: 'step', tzOffsetMin: TZ });
    // filter-replace: s4 overrun (s5 unjudged) → 1/1. oil-drain: s1 s2 s3 s6, short s2 s6 → 2/4; jobs j3 once.
    expect(rows).toEqual([
      {
        period: '2026-03-02',
        by: 'step',
        key: 'filter-replace',
        n: 1,
        short: 0,
        overrun: 1,
        shortRate: 0,
        overrunRate: 1,
        ids: [],
      },
      {
        period: '2026-03-02',
        by: 'step',
        key: 'oil-drain',
        n: 4,
        short: 2,
        overrun: 0,
        shortRate: 0.5,
        overrunRate: 0,
        ids: ['j3'],
      },
    ]);
  });
  it('per technician', () => {
    const rows = stepRates(tallySteps(steps, 'technician'), { period: 'day', by: 'technician', tzOffsetMin: TZ });
    // Li: s3 ok → 0/1. Wang: s1 s2 s4 s6 → short 2/4, overrun 1/4.
    expect(rows.map((r) => [r.key, r.n, r.shortRate, r.overrunRate])).toEqual([
      ['Li', 1, 0, 0],
      ['Wang', 4, 0.5, 0.25],
    ]);
  });
});

describe('comebacks', () => {
  const job = (
    id: string,
    plate: string,
    services: string[],
    createdAt: number,
    over: Partial<KpiJob> = {},
  ): KpiJob => ({
    id,
    plate,
    services,
    laneId: 'repair',
    bayId: 'bay-1',
    technician: 'Wang',
    createdAt,
    promisedAt: null,
    readyAt: createdAt + 2 * 3_600_000,
    deliveredAt: createdAt + 3 * 3_600_000,
    cancelled: false,
    rating: null,
    ...over,
  });
  const jobs = [
    // P1: brake pads, delivered day 0 12:00; back day 10 09:00 for brake fluid (same group) → comeback.
    job('k1', 'P1', ['brake-pads'], at(0, 9)),
    job('k2', 'P1', ['brake-fluid'], at(10, 9)),
    // P2: oil change, then tyres: unrelated.
    job('k3', 'P2', ['oil-change'], at(0, 8)),
    job('k4', 'P2', ['tyre-rotation'], at(5, 9)),
    // P3: tyres delivered day 0 16:00; diagnosis day 31 09:00 = 30 days 17 h later: outside 30 days.
    job('k5', 'P3', ['tyre-rotation'], at(0, 13)),
    job('k6', 'P3', ['diagnosis'], at(31, 9)),
    // P4: an inspection has no group, so nothing after it is a comeback.
    job('k7', 'P4', ['inspection'], at(0, 9)),
    job('k8', 'P4', ['diagnosis'], at(2, 9)),
    // P5: oil change delivered day 0 10:00; diagnosis day 1 10:00 (a complaint, '*') → comeback, 1 day.
    // Then a cancelled visit (ignored) and an oil change after the diagnosis: not a comeback of it.
    job('k9', 'P5', ['oil-change'], at(0, 7)),
    job('k10', 'P5', ['diagnosis'], at(1, 10)),
    job('k11', 'P5', ['oil-change'], at(3, 10), { cancelled: true }),
    job('k12', 'P5', ['oil-change', 'car-wash'], at(4, 10)),
  ];

  it('finds a related return within the window, judged against the previous visit', () => {
    // k2: day 10 09:00 − day 0 12:00 = 9 days 21 h = 9.875 days.
    expect(findComebacks(jobs)).toEqual([
      { jobId: 'k10', originalJobId: 'k9', plate: 'P5', days: 1, services: ['diagnosis'] },
      { jobId: 'k2', originalJobId: 'k1', plate: 'P1', days: 9.875, services: ['brake-fluid'] },
    ]);
  });
  it('honours a longer window', () => {
    // P3 at 31 days: day 31 09:00 − day 0 16:00 = 30 days 17 h = 30 + 17/24 days.
    const p3 = findComebacks(jobs, 31).find((c) => c.plate === 'P3');
    expect(p3?.days).toBeCloseTo(30 + 17 / 24, 10);
  });
  it('rate by the day the original was handed over', () => {
    const rows = comebackRate(jobs, findComebacks(jobs), { period: 'day', by: 'all', tzOffsetMin: TZ });
    // Handed over on day 0: k1 k3 k5 k7 k9 → 5; came back: k1, k9 → 2/5.
    expect(rows[0]).toEqual({ period: '2026-03-02', by: 'all', key: 'all', n: 5, k: 2, rate: 0.4, ids: ['k1', 'k9'] });
  });
});

describe('bay utilisation', () => {
  // Open 08:30–18:00 (570 min). Range day 0 00:00 → day 2 00:00, now day 1 12:00: day 0 570 min,
  // day 1 08:30–12:00 = 210 min.
  const intervals: OccupancyInterval[] = [
    { bayId: 'bay-1', from: at(0, 7), to: at(0, 9, 30) }, // 08:30–09:30 counts: 60
    { bayId: 'bay-1', from: at(0, 12), to: at(0, 13) }, // 60
    { bayId: 'bay-1', from: at(0, 17), to: at(1, 9) }, // day 0 17:00–18:00 60, day 1 08:30–09:00 30
    { bayId: 'bay-2', from: at(1, 11), to: null }, // still there: 11:00–12:00 (now) 60
  ];
  const range = { from: at(0, 0), to: at(0, 0) + 2 * DAY, now: at(1, 12) };
  it('per bay and day: occupied share of opening hours, an open interval running to now', () => {
    const rows = bayUtilisation(intervals, ['bay-1', 'bay-2'], range, defaultOpeningHours, {
      period: 'day',
      by: 'bay',
      tzOffsetMin: TZ,
    });
    // day 0: bay-1 180/570, bay-2 0/570; day 1: bay-1 30/210, bay-2 60/210.
    expect(rows.map((r) => [r.period, r.key, r.openMinutes, r.occupiedMinutes])).toEqual([
      ['2026-03-02', 'bay-1', 570, 180],
      ['2026-03-02', 'bay-2', 570, 0],
      ['2026-03-03', 'bay-1', 210, 30],
      ['2026-03-03', 'bay-2', 210, 60],
    ]);
    expect(rows[0]!.utilisation).toBeCloseTo(180 / 570, 10);
  });
  it("for the whole shop, every bay's open time together", () => {
    const rows = bayUtilisation(intervals, ['bay-1', 'bay-2'], range, defaultOpeningHours, {
      period: 'week',
      by: 'all',
      tzOffsetMin: TZ,
    });
    // (180 + 0 + 30 + 60) / (2·570 + 2·210) = 270 / 1560.
    expect(rows).toHaveLength(1);
    expect(rows[0]!.utilisation).toBeCloseTo(270 / 1560, 10);
  });
});

describe('step tallies', () => {
  it('add up tallies the store counted per day into a week', () => {
    const d0 = Date.UTC(2026, 2, 2, 2); // Monday 10:00 local
    const rows = stepRates(
      [
        { at: d0, key: 'Wang', n: 10, short: 1, overrun: 2, shortJobIds: ['j1'] },
        { at: d0 + 86_400_000, key: 'Wang', n: 30, short: 3, overrun: 0, shortJobIds: ['j1', 'j7'] },
      ],
      { period: 'week', by: 'technician', tzOffsetMin: TZ },
    );
    // (1 + 3)/(10 + 30) = 0.1 short, 2/40 = 0.05 overrun; j1 listed once.
    expect(rows).toEqual([
      {
        period: '2026-W10',
        by: 'technician',
        key: 'Wang',
        n: 40,
        short: 4,
        overrun: 2,
        shortRate: 0.1,
        overrunRate: 0.05,
        ids: ['j1', 'j7'],
      },
    ]);
  });
});
