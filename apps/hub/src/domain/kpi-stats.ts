// The small statistics and the slicing every KPI shares: summaries of durations, rates, and rows
// bucketed by period and by one dimension (lane, service, technician, bay, step).
import { periodKey, type Period } from './kpi-time.ts';

export const MIN = 60_000;

/** Count, mean, median, 90th percentile and maximum of a set of values (null where empty). */
export interface Summary {
  n: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  max: number | null;
}

/** Median: the middle value, or the mean of the two middle ones. p90: nearest rank, ⌈0.9·n⌉-th value. */
export function summarise(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { n, mean: null, median: null, p90: null, max: null };
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(n / 2);
  return {
    n,
    mean: s.reduce((a, b) => a + b, 0) / n,
    median: n % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2,
    p90: s[Math.ceil(0.9 * n) - 1]!,
    max: s[n - 1]!,
  };
}

export const rate = (k: number, n: number): number | null => (n === 0 ? null : k / n);

export const dimensions = ['all', 'lane', 'service', 'technician', 'bay', 'step'] as const;
export type Dimension = (typeof dimensions)[number];

/** How a KPI is sliced: the calendar period and one dimension. */
export interface SliceOptions<D extends Dimension = Dimension> {
  period: Period;
  by: D;
  tzOffsetMin: number;
}

/** The key of a row that has none in a dimension (a job with no bay yet). */
export const NONE = '(none)';

/** The first columns of every KPI row. */
export interface Slice {
  period: string;
  by: Dimension;
  key: string;
}

/**
 * Bucket rows by the period of their moment and by their keys in the dimension (a job with two
 * services counts under each). Rows without a moment are left out. Buckets come out in period order,
 * then key order, so tables and charts read in time.
 */
export function slice<T>(
  rows: readonly T[],
  at: (r: T) => number | null,
  keys: (r: T) => readonly (string | null)[],
  o: SliceOptions,
): { slice: Slice; rows: T[] }[] {
  const buckets = new Map<string, { slice: Slice; rows: T[] }>();
  for (const r of rows) {
    const t = at(r);
    if (t === null) continue;
    const period = periodKey(t, o.period, o.tzOffsetMin);
    const ks = o.by === 'all' ? ['all'] : keys(r).map((k) => k ?? NONE);
    for (const key of new Set(ks)) {
      const id = `${period}\u0000${key}`;
      let b = buckets.get(id);
      if (!b) buckets.set(id, (b = { slice: { period, by: o.by, key }, rows: [] }));
      b.rows.push(r);
    }
  }
  return [...buckets.values()].sort((a, b) =>
    a.slice.period === b.slice.period
      ? a.slice.key.localeCompare(b.slice.key)
      : a.slice.period < b.slice.period
        ? -1
        : 1,
  );
}
