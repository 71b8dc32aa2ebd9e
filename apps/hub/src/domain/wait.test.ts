import { describe, expect, it } from 'vitest';
import {
  WAIT,
  estimateWait,
  handoverMs,
  laneHistory,
  midpointMin,
  recentSamples,
  serviceTime,
  toSteps,
} from './wait.ts';

const MIN = 60_000;
const NOW = Date.UTC(2025, 5, 2, 3, 0);
const steady = serviceTime({ samplesMs: Array(10).fill(5 * MIN), defaultMs: 6 * MIN });
const erratic = serviceTime({ samplesMs: [1, 9, 2, 10, 3, 8, 1, 9].map((m) => m * MIN), defaultMs: 6 * MIN });
const none = serviceTime({ samplesMs: [], defaultMs: 6 * MIN });
const at = (min: number, before: number) => ({ callAt: NOW + min * MIN, before });

describe('wait estimates', () => {
  it('says it does not know when no desk is open for the lane', () => {
    expect(estimateWait(at(10, 2), NOW, 0, steady)).toEqual({ kind: 'unknown', reason: 'no-desk-open' });
    expect(estimateWait(undefined, NOW, 2, steady)).toEqual({ kind: 'unknown', reason: 'no-desk-open' });
  });

  it('says "now" when a desk is free for the ticket at once', () => {
    expect(estimateWait(at(0, 0), NOW, 1, steady)).toEqual({ kind: 'now' });
  });

  it('gives a range around the forecast, from the standard time (wider) until there are recent services', () => {
    const recent = estimateWait(at(22, 4), NOW, 1, steady);
    const standard = estimateWait(at(22, 4), NOW, 1, none);
    expect(recent).toMatchObject({ kind: 'range', basis: 'recent' });
    expect(standard).toMatchObject({ kind: 'range', basis: 'default' });
    if (recent.kind !== 'range' || standard.kind !== 'range') throw new Error('expected ranges');
    expect(recent.lowMin).toBeLessThanOrEqual(22);
    expect(recent.highMin).toBeGreaterThanOrEqual(22);
    expect(standard.highMin - standard.lowMin).toBeGreaterThan(recent.highMin - recent.lowMin);
  });

  it('widens with erratic desk times and with more calls before, narrows with more desks', () => {
    const width = (w: ReturnType<typeof estimateWait>) => (w.kind === 'range' ? w.highMin - w.lowMin : NaN);
    expect(width(estimateWait(at(40, 8), NOW, 1, erratic))).toBeGreaterThan(
      width(estimateWait(at(40, 8), NOW, 1, steady)),
    );
    expect(width(estimateWait(at(40, 16), NOW, 1, erratic))).toBeGreaterThan(
      width(estimateWait(at(40, 2), NOW, 1, erratic)),
    );
    expect(width(estimateWait(at(40, 8), NOW, 3, erratic))).toBeLessThan(
      width(estimateWait(at(40, 8), NOW, 1, erratic)),
    );
  });

  it('rounds ranges outwards to five minutes', () => {
    expect(toSteps(11.4, 18.9)).toEqual({ lowMin: 10, highMin: 20 });
    expect(toSteps(0, 0.5)).toEqual({ lowMin: 0, highMin: 5 });
  });

  it('scores "now" as zero and "unknown" as nothing', () => {
    expect(midpointMin({ kind: 'now' })).toBe(0);
    expect(midpointMin({ kind: 'range', lowMin: 10, highMin: 20, basis: 'recent' })).toBe(15);
    expect(midpointMin({ kind: 'unknown', reason: 'no-desk-open' })).toBeNull();
  });
});

describe('service times', () => {
  it('uses only positive samples closed since the given moment, newest first', () => {
    const samples = recentSamples(
      [
        { closedAt: NOW - 10 * MIN, ms: 4 * MIN },
        { closedAt: NOW - 5 * MIN, ms: 6 * MIN },
        { closedAt: NOW - 5 * 60 * MIN, ms: 30 * MIN },
        { closedAt: NOW - 1 * MIN, ms: -5 },
        { closedAt: NOW + 1 * MIN, ms: 7 * MIN },
      ],
      NOW - 3 * 60 * MIN,
      NOW,
    );
    expect(samples).toEqual([6 * MIN, 4 * MIN]);
  });
  it('reports mean and spread of the samples', () => {
    const st = serviceTime({ samplesMs: [4, 6, 4, 6, 5].map((m) => m * MIN), defaultMs: 10 * MIN });
    expect(st).toMatchObject({ basis: 'recent', meanMs: 5 * MIN });
    expect(st.sdMs).toBeGreaterThan(0);
  });
  it("steadies a few of today's desk times with the week before's, today's counting in full", () => {
    // A skewed lane: today's three customers were long; the week's 150 averaged 11 minutes.
    const week = laneHistory({ n: 150, meanMs: 11 * MIN, meanSquareMs: (11 * MIN) ** 2 + (6 * MIN) ** 2 });
    expect(week.sdMs).toBeCloseTo(6 * MIN, -2);
    const today = [20, 18, 22].map((m) => m * MIN);
    const st = serviceTime({ samplesMs: today, defaultMs: 10 * MIN, history: week });
    expect(st.basis).toBe('recent');
    // (150 × 11 + 60) / 153 minutes: the week's mean, moved a little by today's.
    expect(st.meanMs / MIN).toBeCloseTo((150 * 11 + 60) / 153, 5);
    // Today's far-off times widen the spread beyond the week's own.
    expect(st.sdMs).toBeGreaterThan(week.sdMs);
    // Without the week, three samples are too few: the standard time.
    expect(serviceTime({ samplesMs: today, defaultMs: 10 * MIN })).toMatchObject({
      basis: 'default',
      meanMs: 10 * MIN,
    });
  });
  it(`takes the week's services only to make up ${WAIT.maxSamples} in all`, () => {
    const week = laneHistory({ n: 500, meanMs: 5 * MIN, meanSquareMs: (5 * MIN) ** 2 + (7 * MIN) ** 2 });
    const full = Array(WAIT.maxSamples).fill(8 * MIN);
    expect(serviceTime({ samplesMs: full, defaultMs: 6 * MIN, history: week }).meanMs).toBe(8 * MIN);
    const half = Array(WAIT.maxSamples / 2).fill(8 * MIN);
    expect(serviceTime({ samplesMs: half, defaultMs: 6 * MIN, history: week }).meanMs).toBeCloseTo(6.5 * MIN, 5);
    // A new day: the week alone.
    expect(serviceTime({ samplesMs: [], defaultMs: 6 * MIN, history: week })).toMatchObject({
      basis: 'recent',
      meanMs: 5 * MIN,
    });
  });
  it("leaves the week out once today's desk times are off it by far more than chance", () => {
    // The week: 8 minutes, give or take 3. Today the desk takes about one (the demo's clock runs
    // 30 times faster; in a shop, a changed process): five of today's say so.
    const week = laneHistory({ n: 800, meanMs: 8 * MIN, meanSquareMs: (8 * MIN) ** 2 + (3 * MIN) ** 2 });
    const quick = [1, 1.5, 0.5, 1, 1].map((m) => m * MIN);
    expect(serviceTime({ samplesMs: quick, defaultMs: 6 * MIN, history: week }).meanMs).toBeCloseTo(1 * MIN, 5);
    // Four are too few to tell; five within chance of the week are pooled with it.
    expect(serviceTime({ samplesMs: quick.slice(0, 4), defaultMs: 6 * MIN, history: week }).meanMs).toBeGreaterThan(
      7 * MIN,
    );
    const usual = [7, 10, 6, 9, 8].map((m) => m * MIN);
    expect(serviceTime({ samplesMs: usual, defaultMs: 6 * MIN, history: week }).meanMs).toBeCloseTo(8 * MIN, 5);
  });
  it('measures the pause between customers, ignoring pauses when nobody was waiting', () => {
    expect(handoverMs([30_000, 40_000])).toBe(MIN);
    expect(handoverMs([30_000, 40_000, 50_000, 60_000, 45_000, 20 * MIN])).toBe(45_000);
  });
});
