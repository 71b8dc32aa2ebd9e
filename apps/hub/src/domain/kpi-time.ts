// Calendar arithmetic for the KPIs: which day, ISO week or month a moment falls in, and how much of
// an interval lies inside the shop's opening hours. Local time is a fixed offset from UTC (minutes
// east), passed in: the shops this is built for keep one offset all year (China has no summer time),
// and a fixed offset keeps these functions pure.

export type Period = 'day' | 'week' | 'month';
export const periods: readonly Period[] = ['day', 'week', 'month'];

const DAY = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The local calendar day of a moment, as a UTC date whose fields are the local ones. */
const local = (ms: number, tzOffsetMin: number) => new Date(ms + tzOffsetMin * 60_000);

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
function isoWeek(d: Date): { year: number; week: number } {
  const day = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3));
  const year = thursday.getUTCFullYear();
  // The week's Thursday is in week n of its year when it is among that year's days 7(n-1)+1 … 7n.
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY));
  return { year, week };
}

/** The label of the period holding `ms`: 2026-03-02, 2026-W10 or 2026-03. Labels sort in time order. */
export function periodKey(ms: number, period: Period, tzOffsetMin: number): string {
  const d = local(ms, tzOffsetMin);
  if (period === 'month') return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
  if (period === 'week') {
    const w = isoWeek(d);
    return `${w.year}-W${pad(w.week)}`;
  }
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Local midnight at or before `ms`, as epoch ms. */
export function dayStart(ms: number, tzOffsetMin: number): number {
  const off = tzOffsetMin * 60_000;
  return Math.floor((ms + off) / DAY) * DAY - off;
}

/** The shop's opening hours, in minutes after local midnight, the same every day it opens. */
export interface OpeningHours {
  openMin: number;
  closeMin: number;
  /** Days of the week it opens, 0 Sunday … 6 Saturday. */
  days: readonly number[];
}
/** A 4S store's usual hours: 08:30–18:00, every day. */
export const defaultOpeningHours: OpeningHours = {
  openMin: 8 * 60 + 30,
  closeMin: 18 * 60,
  days: [0, 1, 2, 3, 4, 5, 6],
};

/** Each opening window [from, to) that overlaps [from, to), clipped to it. */
export function openWindows(from: number, to: number, hours: OpeningHours, tzOffsetMin: number): [number, number][] {
  const out: [number, number][] = [];
  for (let d = dayStart(from, tzOffsetMin); d < to; d += DAY) {
    if (!hours.days.includes(local(d, tzOffsetMin).getUTCDay())) continue;
    const a = Math.max(from, d + hours.openMin * 60_000);
    const b = Math.min(to, d + hours.closeMin * 60_000);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/** How many ms of [from, to) fall inside opening hours. */
export const openMs = (from: number, to: number, hours: OpeningHours, tzOffsetMin: number): number =>
  openWindows(from, to, hours, tzOffsetMin).reduce((s, [a, b]) => s + b - a, 0);

/** Local midnight opening a YYYY-MM-DD day. */
export function dayFromKey(key: string, tzOffsetMin: number): number {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) - tzOffsetMin * 60_000;
}

/** The YYYY-MM-DD keys of the days from `from` to `to`, both included. */
export function dayKeys(from: string, to: string, tzOffsetMin: number): string[] {
  const out: string[] = [];
  // Noon of each day steps safely past any leap second or rounding.
  for (let t = dayFromKey(from, tzOffsetMin) + DAY / 2; t < dayFromKey(to, tzOffsetMin) + DAY; t += DAY)
    out.push(periodKey(t, 'day', tzOffsetMin));
  return out;
}

/** The day key `n` days after (or before, negative) a day key. */
export const addDays = (key: string, n: number, tzOffsetMin: number): string =>
  periodKey(dayFromKey(key, tzOffsetMin) + n * DAY + DAY / 2, 'day', tzOffsetMin);
