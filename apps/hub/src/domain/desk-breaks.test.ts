// A desk's usual break is learned from days when it stopped calling while its customers waited,
// and a desk that was merely idle (nobody waiting) is not sent on a break.
import { describe, expect, it } from 'vitest';
import { BREAKS, usualBreaks, type PastCall } from './desk-breaks.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const D0 = Date.UTC(2026, 2, 2);
const dayStart = (t: number) => D0 + Math.floor((t - D0) / DAY) * DAY;
const lanes = (id: string) => (id === 'desk-3' ? ['repair', 'tyres'] : ['maintenance', 'repair']);

/** A day of calls: desk-3 every 10 min from 08:30 to `leave`, back at 14:00; desk-2 all day. */
function day(d: number, leave: number, waited: number): PastCall[] {
  const calls: PastCall[] = [];
  const at = (h: number) => D0 + d * DAY + h * 60 * MIN;
  for (let m = 510; m < 1020; m += 10) {
    const h = m / 60;
    if (h < leave || h >= 14) calls.push({ deskId: 'desk-3', at: at(h), laneId: 'repair', createdAt: at(h) - 3 * MIN });
    calls.push({ deskId: 'desk-2', at: at(h) + MIN, laneId: 'repair', createdAt: at(h) + MIN - waited });
  }
  return calls;
}

describe('usual desk breaks', () => {
  it('learns the lunch a desk takes day after day while its customers wait', () => {
    const calls = [...day(0, 12, 20 * MIN), ...day(1, 11.9, 20 * MIN), ...day(2, 12.1, 20 * MIN)];
    const breaks = usualBreaks(calls, lanes, D0 + 3 * DAY, dayStart).get('desk-3')!;
    expect(breaks).toHaveLength(1);
    // It may call until its latest last call seen (+ a margin) and is back by two.
    expect(breaks[0]!.from / MIN).toBeCloseTo(12 * 60 + BREAKS.lastCallMs / MIN, -1);
    expect(breaks[0]!.to / MIN).toBeCloseTo(14 * 60, -1);
    expect(usualBreaks(calls, lanes, D0 + 3 * DAY, dayStart).has('desk-2')).toBe(false);
  });

  it('sends nobody on a break for a gap when no customer was waiting', () => {
    const calls = [...day(0, 12, 0), ...day(1, 12, 0), ...day(2, 12, 0)];
    expect(usualBreaks(calls, lanes, D0 + 3 * DAY, dayStart).size).toBe(0);
  });

  it('needs the gap on more than one day', () => {
    expect(usualBreaks(day(0, 12, 20 * MIN), lanes, D0 + DAY, dayStart).size).toBe(0);
  });
});
