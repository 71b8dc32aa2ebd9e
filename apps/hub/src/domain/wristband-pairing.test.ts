import { describe, expect, it } from 'vitest';
import {
  judgeDuration,
  median,
  minutesLabel,
  overrunMs,
  overrunWorthAlert,
  pairEvent,
  shortOperationReason,
  type PendingTiming,
} from './wristband-pairing.ts';

const MIN = 60_000;
const open = (id: number, tech: string, startedAt: number): PendingTiming => ({
  id,
  status: 'open',
  tech,
  startedAt,
  endedAt: null,
});
const endOnly = (id: number, tech: string, endedAt: number): PendingTiming => ({
  id,
  status: 'end-only',
  tech,
  startedAt: null,
  endedAt,
});

describe('pairing starts and ends', () => {
  it('opens a step on a start with nothing pending, and closes it on the end', () => {
    expect(pairEvent({ kind: 'start', tech: 'li', at: 0 }, [])).toEqual({ kind: 'open', restarts: null });
    expect(pairEvent({ kind: 'end', tech: 'li', at: 5 }, [open(1, 'li', 0)])).toEqual({
      kind: 'close',
      timingId: 1,
      handover: false,
    });
  });

  it('keeps an end with no start as an end-only record', () => {
    expect(pairEvent({ kind: 'end', tech: 'li', at: 5 }, [])).toEqual({ kind: 'end-only' });
    // A start that is later than the end is not its start.
    expect(pairEvent({ kind: 'end', tech: 'li', at: 5 }, [open(1, 'li', 9)])).toEqual({ kind: 'end-only' });
  });

  it('completes an end-only record when its start arrives late (out of order)', () => {
    expect(pairEvent({ kind: 'start', tech: 'li', at: 0 }, [endOnly(4, 'li', 7)])).toEqual({
      kind: 'complete',
      timingId: 4,
    });
    // An end before this start belongs to an earlier run.
    expect(pairEvent({ kind: 'start', tech: 'li', at: 9 }, [endOnly(4, 'li', 7)])).toEqual({
      kind: 'open',
      restarts: null,
    });
  });

  it('prefers the same technician, and lets another end a step only when theirs has none', () => {
    const pending = [open(1, 'li', 0), open(2, 'wang', 1)];
    expect(pairEvent({ kind: 'end', tech: 'wang', at: 5 }, pending)).toMatchObject({ timingId: 2, handover: false });
    expect(pairEvent({ kind: 'end', tech: 'zhao', at: 5 }, [open(1, 'li', 0)])).toMatchObject({
      timingId: 1,
      handover: true,
    });
  });

  it('restarts a step started twice; a stale start arriving late is superseded', () => {
    expect(pairEvent({ kind: 'start', tech: 'li', at: 10 }, [open(1, 'li', 0)])).toEqual({ kind: 'open', restarts: 1 });
    expect(pairEvent({ kind: 'start', tech: 'li', at: 0 }, [open(1, 'li', 10)])).toEqual({ kind: 'superseded' });
  });
});

describe('judging a step', () => {
  const drain = { minMinutes: 15, standardMinutes: 18 };
  it('is short below the minimum, an overrun past the standard, ok between', () => {
    expect(judgeDuration(6 * MIN, drain)).toBe('short');
    expect(judgeDuration(15 * MIN, drain)).toBe('ok');
    expect(judgeDuration(18 * MIN, drain)).toBe('ok');
    expect(judgeDuration(18 * MIN + 1, drain)).toBe('overrun');
    expect(judgeDuration(1, { minMinutes: 0, standardMinutes: 2 })).toBe('ok');
    expect(judgeDuration(1, null)).toBe('unjudged');
  });

  it('tells the band what ran short in at most 80 characters, in both languages', () => {
    expect(shortOperationReason({ zh: '排放旧机油', en: 'Drain the old oil' }, 6 * MIN, 15)).toBe(
      '排放旧机油仅6/15分钟 · 6 of 15 min: check',
    );
    const long = shortOperationReason({ zh: '很'.repeat(70), en: 'x' }, 90_000, 1.5);
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long.endsWith('1.5 of 1.5 min: check')).toBe(true);
    expect(minutesLabel(5.99 * MIN)).toBe('5.9');
    expect(minutesLabel(14.8 * MIN)).toBe('14.8');
    expect(minutesLabel(14.999 * MIN)).toBe('14.9');
    expect(minutesLabel(25.7 * MIN)).toBe('25');
  });

  it('alerts on an overrun only when it is well past the standard', () => {
    expect(overrunWorthAlert(4.3 * MIN, 4)).toBe(false);
    expect(overrunWorthAlert(8.9 * MIN, 4)).toBe(false);
    expect(overrunWorthAlert(9 * MIN, 4)).toBe(true);
    expect(overrunWorthAlert(29 * MIN, 20)).toBe(false);
    expect(overrunWorthAlert(30 * MIN, 20)).toBe(true);
  });

  it('adds up how far work runs past its standards, finished and under way', () => {
    const timings = [
      { status: 'done', startedAt: 0, durationMs: 38 * MIN, standardMinutes: 18 },
      { status: 'done', startedAt: 0, durationMs: 2 * MIN, standardMinutes: 6 },
      { status: 'open', startedAt: 100 * MIN, durationMs: null, standardMinutes: 5 },
      { status: 'done', startedAt: 0, durationMs: 9 * MIN, standardMinutes: null },
    ];
    expect(overrunMs(timings, 108 * MIN)).toBe(20 * MIN + 3 * MIN);
  });

  it('takes the median of step times', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
