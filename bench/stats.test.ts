import { describe, expect, it } from 'vitest';
import { percentile, round, summarize } from './stats.ts';

describe('percentile', () => {
  const hundred = Float64Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

  it('picks the nearest-rank sample', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
  });

  it('reports the worst sample as p99.9 when there are fewer than a thousand', () => {
    expect(percentile(hundred, 99.9)).toBe(100);
  });

  it('shows two slow samples in a thousand at p99.9 but not at p99, and one only as the max', () => {
    const fast = (i: number) => 1 + (i % 10) / 10;
    const two = summarize(Float64Array.from({ length: 1000 }, (_, i) => (i >= 998 ? 40 : fast(i))));
    expect(two.p99).toBe(1.9);
    expect(two.p999).toBe(40);
    const one = summarize(Float64Array.from({ length: 1000 }, (_, i) => (i === 999 ? 40 : fast(i))));
    expect(one.p999).toBe(1.9);
    expect(one.max).toBe(40);
  });

  it('is NaN for no samples and refuses a percentile outside 0–100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile(hundred, 101)).toThrow(RangeError);
    expect(() => percentile(hundred, Number.NaN)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('sorts numerically without changing its input', () => {
    const input = [10, 9, 100, 2, 1];
    const s = summarize(input);
    expect(input).toEqual([10, 9, 100, 2, 1]);
    expect(s).toMatchObject({ count: 5, min: 1, p50: 9, max: 100, mean: 24.4 });
  });

  it('summarises nothing as a count of zero', () => {
    expect(summarize([])).toMatchObject({ count: 0, p50: Number.NaN, mean: Number.NaN });
  });
});

describe('round', () => {
  it('rounds to the given decimals and leaves non-finite values alone', () => {
    expect(round(1.23456)).toBe(1.23);
    expect(round(1.23456, 3)).toBe(1.235);
    expect(Number.isNaN(round(Number.NaN))).toBe(true);
  });
});
