import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayFromKey,
  dayKeys,
  dayStart,
  openMs,
  openWindows,
  periodKey,
  type OpeningHours,
} from './kpi-time.ts';

// Shop time is UTC+8 (480 minutes east): local hh:mm on a date is UTC hh-8:mm.
const TZ = 480;
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h - 8, mi);

describe('periodKey', () => {
  it('labels the local day, not the UTC one', () => {
    // 00:30 local on 3 March is 16:30 UTC on 2 March.
    expect(periodKey(local(2026, 3, 3, 0, 30), 'day', TZ)).toBe('2026-03-03');
    expect(periodKey(local(2026, 3, 2, 23, 30), 'day', TZ)).toBe('2026-03-02');
    expect(periodKey(local(2026, 3, 31, 23, 59), 'month', TZ)).toBe('2026-03');
    expect(periodKey(local(2026, 4, 1, 0, 0), 'month', TZ)).toBe('2026-04');
  });
  it('numbers ISO weeks: Monday first, week 1 holds the first Thursday', () => {
    // 1 Jan 2026 is a Thursday, so Monday 29 Dec 2025 opens 2026-W01.
    expect(periodKey(local(2025, 12, 29, 9), 'week', TZ)).toBe('2026-W01');
    expect(periodKey(local(2025, 12, 28, 9), 'week', TZ)).toBe('2025-W52');
    // Monday 2 March 2026 = 29 Dec + 63 days = 9 weeks later: week 10; Sunday 8 March still in it.
    expect(periodKey(local(2026, 3, 2, 9), 'week', TZ)).toBe('2026-W10');
    expect(periodKey(local(2026, 3, 8, 23), 'week', TZ)).toBe('2026-W10');
    // 2026 starts on a Thursday, so it has 53 weeks: Friday 1 Jan 2027 is in 2026-W53.
    expect(periodKey(local(2027, 1, 1, 9), 'week', TZ)).toBe('2026-W53');
  });
});

describe('opening hours', () => {
  const weekdays: OpeningHours = { openMin: 8 * 60 + 30, closeMin: 18 * 60, days: [1, 2, 3, 4, 5, 6] };
  it('clips each open day to the range and skips closed days', () => {
    // Saturday 7 March 12:00 → Monday 9 March 10:00 (Sunday 8 March closed):
    // Saturday 12:00–18:00 = 360 min, Monday 08:30–10:00 = 90 min.
    const w = openWindows(local(2026, 3, 7, 12), local(2026, 3, 9, 10), weekdays, TZ);
    expect(w).toEqual([
      [local(2026, 3, 7, 12), local(2026, 3, 7, 18)],
      [local(2026, 3, 9, 8, 30), local(2026, 3, 9, 10)],
    ]);
    expect(openMs(local(2026, 3, 7, 12), local(2026, 3, 9, 10), weekdays, TZ)).toBe(450 * 60_000);
  });
  it('finds local midnight', () => {
    expect(dayStart(local(2026, 3, 3, 0, 30), TZ)).toBe(local(2026, 3, 3));
    expect(dayStart(local(2026, 3, 2, 23, 59), TZ)).toBe(local(2026, 3, 2));
  });
});

describe('day keys', () => {
  it('counts days across a month end in local time', () => {
    expect(dayKeys('2026-02-27', '2026-03-02', TZ)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(addDays('2026-03-01', -1, TZ)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1, TZ)).toBe('2027-01-01');
    expect(dayFromKey('2026-03-02', TZ)).toBe(local(2026, 3, 2));
  });
});
