import { describe, expect, it } from 'vitest';
import { closingTimeCrossed, isOpen, localTime, type OpeningHours, type OpeningPeriod } from './opening-hours.ts';

const tz = 'Asia/Shanghai';
/** A moment given as Shanghai wall-clock time (UTC+8, no daylight saving). */
const at = (isoLocal: string) => new Date(`${isoLocal}+08:00`);

const weekdays: OpeningHours = [
  { days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '08:00', close: '18:30' },
  { days: ['sat'], open: '09:00', close: '14:00' },
];

describe('opening hours', () => {
  it('reads weekday and minute in the shop’s time zone, not the machine’s', () => {
    // 2025-03-03 is a Monday; 23:30 UTC on Sunday is already Monday 07:30 in Shanghai.
    expect(localTime(new Date('2025-03-02T23:30:00Z'), tz)).toEqual({ day: 'mon', minute: 7 * 60 + 30 });
  });

  it.each([
    ['Monday 07:59', '2025-03-03T07:59', false],
    ['Monday 08:00 (opening minute)', '2025-03-03T08:00', true],
    ['Wednesday noon', '2025-03-05T12:00', true],
    ['Friday 18:29', '2025-03-07T18:29', true],
    ['Friday 18:30 (closing minute)', '2025-03-07T18:30', false],
    ['Saturday 10:00', '2025-03-08T10:00', true],
    ['Saturday 15:00', '2025-03-08T15:00', false],
    ['Sunday noon', '2025-03-09T12:00', false],
  ])('%s → open: %s', (_what, local, open) => {
    expect(isOpen(at(local), weekdays, tz)).toBe(open);
  });

  it('runs a night shift past midnight on the day it opened', () => {
    const night: OpeningHours = [{ days: ['fri'], open: '22:00', close: '02:00' }];
    expect(isOpen(at('2025-03-07T23:00'), night, tz)).toBe(true); // Friday night
    expect(isOpen(at('2025-03-08T01:59'), night, tz)).toBe(true); // early Saturday, still Friday's shift
    expect(isOpen(at('2025-03-08T02:00'), night, tz)).toBe(false);
    expect(isOpen(at('2025-03-07T01:00'), night, tz)).toBe(false); // early Friday belongs to Thursday
  });

  it('treats 00:00–00:00 as the whole day', () => {
    const allSunday: OpeningHours = [{ days: ['sun'], open: '00:00', close: '00:00' }];
    expect(isOpen(at('2025-03-09T00:00'), allSunday, tz)).toBe(true);
    expect(isOpen(at('2025-03-09T23:59'), allSunday, tz)).toBe(true);
    expect(isOpen(at('2025-03-10T00:00'), allSunday, tz)).toBe(false);
  });

  it('is always open when no hours are configured', () => {
    expect(isOpen(at('2025-03-09T03:00'), undefined, tz)).toBe(true);
  });
});

describe('closing time', () => {
  const hours: OpeningPeriod[] = [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '08:00', close: '19:00' },
  ];
  // 2026-12-07 is a Monday; Asia/Shanghai is UTC+8.
  const at = (hhmm: string) => new Date(`2026-12-07T${hhmm}:00+08:00`);

  it('is crossed once, in the minute the shop closes', () => {
    expect(closingTimeCrossed(at('18:58'), at('18:59'), hours, 'Asia/Shanghai')).toBe(false);
    expect(closingTimeCrossed(at('18:59'), at('19:00'), hours, 'Asia/Shanghai')).toBe(true);
    expect(closingTimeCrossed(at('19:00'), at('19:01'), hours, 'Asia/Shanghai')).toBe(false);
    expect(closingTimeCrossed(at('07:59'), at('08:00'), hours, 'Asia/Shanghai')).toBe(false);
  });

  it('falls at 03:00 without opening hours', () => {
    expect(closingTimeCrossed(at('02:59'), at('03:00'), undefined, 'Asia/Shanghai')).toBe(true);
    expect(closingTimeCrossed(at('03:00'), at('03:01'), undefined, 'Asia/Shanghai')).toBe(false);
    expect(closingTimeCrossed(at('23:59'), at('00:00'), undefined, 'Asia/Shanghai')).toBe(false);
  });
});
