import { describe, expect, it } from 'vitest';
import { analyse } from './analyse.ts';

// Two sensors, three readings each, two screens: message n is sensor n % 2, seq floor(n / 2) + 1.
const S = 2;
const M = 3;
const at = (k: number, seq: number) => k * M + seq - 1;
/** Message n is published at 1000 + n ms. */
const sentAt = (k: number, seq: number) => 1000 + (seq - 1) * S + k;

function run(receipts: (screen: number, k: number, seq: number) => number | 0) {
  const publishedAt = new Float64Array(S * M);
  const received = new Float64Array(2 * S * M);
  for (let k = 0; k < S; k++)
    for (let seq = 1; seq <= M; seq++) {
      publishedAt[at(k, seq)] = sentAt(k, seq);
      for (let screen = 0; screen < 2; screen++) received[screen * S * M + at(k, seq)] = receipts(screen, k, seq);
    }
  return { publishedAt, received };
}

describe('analyse', () => {
  it('times every measured (screen, message) pair from its own publish', () => {
    const { publishedAt, received } = run((screen, k, seq) => sentAt(k, seq) + 2 + screen);
    const { latencies, lost } = analyse(received, publishedAt, 2, S, M, 0);
    expect(lost).toBe(0);
    expect([...latencies].sort()).toEqual([2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3]);
  });

  it('leaves warm-up messages out of the latencies but not out of the losses', () => {
    // Messages 0 and 1 (seq 1 of both sensors) are warm-up; screen 1 never saw message 0.
    const { publishedAt, received } = run((screen, k, seq) =>
      screen === 1 && k === 0 && seq === 1 ? 0 : sentAt(k, seq) + (seq === 1 ? 500 : 1),
    );
    const { latencies, lost } = analyse(received, publishedAt, 2, S, M, 2);
    expect(lost).toBe(1);
    expect(latencies.length).toBe(2 * 4);
    expect(Math.max(...latencies)).toBe(1);
  });

  it('counts a message missed by one screen once, and one missed by every screen once per screen', () => {
    const { publishedAt, received } = run((screen, k, seq) =>
      (k === 1 && seq === 3) || (screen === 0 && k === 0 && seq === 2) ? 0 : sentAt(k, seq) + 1,
    );
    expect(analyse(received, publishedAt, 2, S, M, 0).lost).toBe(3);
  });

  it('ignores readings that were never published', () => {
    const { publishedAt, received } = run((_screen, k, seq) => sentAt(k, seq) + 1);
    publishedAt[at(1, 3)] = 0; // the run ended before sensor 1's third reading
    const { latencies, lost } = analyse(received, publishedAt, 2, S, M, 0);
    expect(lost).toBe(0);
    expect(latencies.length).toBe(2 * 5);
  });
});
