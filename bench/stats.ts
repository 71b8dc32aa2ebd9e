// Percentiles and summaries for benchmark samples. Nearest-rank percentiles: every figure reported is
// a value that was actually observed, never an interpolation between two.

export interface Summary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

/**
 * The nearest-rank percentile of an ascending array: the smallest value with at least `p` percent of
 * the samples at or below it. NaN for an empty array.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0–100, got ${p}`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  // The tolerance keeps float noise (0.999 * 1000 = 999.0000000000001) from skipping a rank.
  const rank = Math.max(1, Math.ceil((p / 100) * n - 1e-9));
  return sorted[rank - 1]!;
}

/** Summarise samples (any order; the input is not modified). */
export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: n,
    min: n ? sorted[0]! : Number.NaN,
    mean: n ? sum / n : Number.NaN,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: n ? sorted[n - 1]! : Number.NaN,
  };
}

/** Round to a fixed number of decimals for reporting; keeps NaN and null as they are. */
export function round(v: number, decimals = 2): number {
  if (!Number.isFinite(v)) return v;
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}
