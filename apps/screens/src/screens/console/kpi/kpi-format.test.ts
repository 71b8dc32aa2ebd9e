import { describe, expect, it } from 'vitest';
import { formatFigure, verdict } from './kpi-format.ts';

describe('KPI figures', () => {
  it('read as minutes, percentages and stars', () => {
    expect(formatFigure('min', 12.34)).toBe('12');
    expect(formatFigure('min', 7.25)).toBe('7.3');
    expect(formatFigure('share', 0.873)).toBe('87%');
    expect(formatFigure('share', 0.034)).toBe('3.4%');
    expect(formatFigure('stars', 4.5)).toBe('4.50');
    expect(formatFigure('min', null)).toBe('—');
  });
  it("judge the day against the baseline in the figure's own direction", () => {
    // Waits: lower is better. 10 against 12 is 17% lower: better.
    expect(verdict({ value: 10, baseline: 12, better: 'lower' })).toBe('better');
    // On time: higher is better. 0.80 against 0.90 is 11% lower: worse.
    expect(verdict({ value: 0.8, baseline: 0.9, better: 'higher' })).toBe('worse');
    // 0.88 against 0.90 is 2% off: the same.
    expect(verdict({ value: 0.88, baseline: 0.9, better: 'higher' })).toBe('same');
    expect(verdict({ value: null, baseline: 0.9, better: 'higher' })).toBe(null);
  });
});
