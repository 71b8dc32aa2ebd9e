import { describe, expect, it } from 'vitest';
import { PLATE_THROTTLE, nextTryAt } from './lookup.ts';

const NOW = Date.UTC(2025, 5, 2, 3, 0);
const S = 1000;

describe('slowing down lookups', () => {
  it('lets the first three failures through at once', () => {
    expect(nextTryAt([], NOW, PLATE_THROTTLE)).toBe(NOW);
    expect(nextTryAt([NOW - 3 * S, NOW - 2 * S], NOW, PLATE_THROTTLE)).toBe(NOW);
  });

  it('then doubles the wait after each further failure, up to 15 minutes', () => {
    const three = [NOW - 3 * S, NOW - 2 * S, NOW - S];
    expect(nextTryAt(three, NOW, PLATE_THROTTLE)).toBe(NOW - S + 30 * S);
    expect(nextTryAt([...three, NOW], NOW, PLATE_THROTTLE)).toBe(NOW + 60 * S);
    const many = Array.from({ length: 20 }, (_, i) => NOW - i * S);
    expect(nextTryAt(many, NOW, PLATE_THROTTLE)).toBe(NOW + 15 * 60 * S);
  });

  it('forgets failures older than its window', () => {
    const old = Array.from({ length: 10 }, (_, i) => NOW - 2 * 3600 * S - i * S);
    expect(nextTryAt(old, NOW, PLATE_THROTTLE)).toBe(NOW);
  });
});
