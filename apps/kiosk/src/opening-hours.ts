// Opening hours decide when a board keeps its display awake. Pure: `now` and the time zone come in,
// nothing reads the clock here.

export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

/** One opening period: on these days, from `open` to `close` (HH:MM, 24-hour, local to the shop). */
export interface OpeningPeriod {
  days: Weekday[];
  open: string;
  close: string;
}

/** `undefined` means no hours configured: the screen never sleeps. */
export type OpeningHours = OpeningPeriod[] | undefined;

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Weekday and minute of the day of `now` in the shop's time zone (the system's when not given). */
export function localTime(now: Date, timeZone?: string): { day: Weekday; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as Weekday;
  return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/**
 * Whether the shop is open at `now`. A period whose close is not after its open runs past midnight
 * (a 22:00–02:00 night shift belongs to the day it opens), and `00:00`–`00:00` means the whole day.
 */
export function isOpen(now: Date, hours: OpeningHours, timeZone?: string): boolean {
  if (hours === undefined) return true;
  const { day, minute } = localTime(now, timeZone);
  const yesterday = weekdays[(weekdays.indexOf(day) + 6) % 7]!;
  return hours.some((p) => {
    const open = minutesOf(p.open);
    const close = minutesOf(p.close);
    if (close > open) return p.days.includes(day) && minute >= open && minute < close;
    // Past midnight: open from `open` today until `close` tomorrow.
    return (p.days.includes(day) && minute >= open) || (p.days.includes(yesterday) && minute < close);
  });
}

/** Without opening hours, the nightly reload happens at 03:00, when nobody watches. */
export const NIGHTLY_RELOAD_MINUTE = 3 * 60;

/**
 * Whether closing time fell between two checks (`prev` and `now`, a minute or so apart): the shop was
 * open at `prev` and is closed at `now`. Without opening hours: 03:00 local passed. The shell reloads
 * its page then, so a week on the wall starts each day from a fresh document.
 */
export function closingTimeCrossed(prev: Date, now: Date, hours: OpeningHours, timeZone?: string): boolean {
  if (now.getTime() <= prev.getTime()) return false;
  if (hours !== undefined) return isOpen(prev, hours, timeZone) && !isOpen(now, hours, timeZone);
  if (now.getTime() - prev.getTime() > 12 * 3_600_000) return false;
  const a = localTime(prev, timeZone).minute;
  const b = localTime(now, timeZone).minute;
  return a < NIGHTLY_RELOAD_MINUTE && b >= NIGHTLY_RELOAD_MINUTE;
}
