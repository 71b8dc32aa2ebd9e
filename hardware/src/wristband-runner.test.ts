import { describe, expect, it } from 'vitest';
import type { BandPort } from './wristband.ts';
import { createBandRunner } from './wristband-runner.ts';
import type { CrewMember } from './wristband-plan.ts';

const MIN = 60_000;
const crew: CrewMember[] = [
  { bandId: 'band-01', tech: 'li-wei', bayId: 'bay-1', habit: 'by-the-book', clockSkewMs: 0 },
  { bandId: 'band-02', tech: 'wang-fang', bayId: 'bay-2', habit: 'drops-offline', clockSkewMs: 0 },
];

function recorder() {
  const calls: string[] = [];
  const port = (id: string): BandPort => ({
    send: async (n, e, at) => void calls.push(`${id} ${n} ${e.kind} ${e.step} @${at}`),
    resend: async (n) => void calls.push(`${id} resend ${n}`),
    goOffline: async () => void calls.push(`${id} offline`),
    comeOnline: async () => void calls.push(`${id} online`),
  });
  return { calls, ports: { 'band-01': port('band-01'), 'band-02': port('band-02') } };
}

describe('the band runner', () => {
  it('plays the bay’s technician through a car’s service at simulated times, stamped in epoch time', async () => {
    const { calls, ports } = recorder();
    const runner = createBandRunner({ crew, seed: 1, ports, epochAt: (t) => 1_000_000 + t });
    runner.carIn({ id: 'car-1', service: 'tyre-rotation', bayId: 'bay-1' }, 60 * MIN);
    expect(runner.nextAt()).toBeGreaterThan(60 * MIN);
    await runner.runUntil(61 * MIN);
    expect(calls).toEqual([]);
    await runner.runUntil(200 * MIN);
    expect(calls).toHaveLength(16);
    expect(calls[0]).toMatch(/^band-01 1 start tyre-rotation\/lift-secure @\d+$/);
    expect(Number(calls[0]!.split('@')[1])).toBeGreaterThan(1_000_000 + 61 * MIN);
    expect(runner.nextAt()).toBe(Number.POSITIVE_INFINITY);
  });

  it('numbers each band’s events across cars and takes up a car already on its bay at its next step', async () => {
    const { calls, ports } = recorder();
    const runner = createBandRunner({ crew, seed: 1, ports, epochAt: (t) => t, startAt: 30 * MIN });
    runner.carIn({ id: 'early', service: 'oil-change', bayId: 'bay-1' }, 10 * MIN);
    runner.carIn({ id: 'a', service: 'tyre-rotation', bayId: 'bay-1' }, 100 * MIN);
    runner.carIn({ id: 'b', service: 'tyre-rotation', bayId: 'bay-1' }, 200 * MIN);
    runner.carIn({ id: 'c', service: 'oil-change', bayId: 'bay-2' }, 40 * MIN);
    await runner.runUntil(1000 * MIN);
    const band1 = calls.filter((c) => c.startsWith('band-01'));
    const numbers = band1.map((c) => Number(c.split(' ')[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    // The early car's first steps were before the start: it is taken up at a step's start, not an end.
    expect(band1[0]).toMatch(/^band-01 \d+ start oil-change\//);
    expect(Number(band1[0]!.split('@')[1])).toBeGreaterThanOrEqual(30 * MIN);
    // Then both tyre rotations, whole: 16 events each, numbered after the oil change's 24.
    expect(numbers.slice(-32)).toEqual(Array.from({ length: 32 }, (_, i) => i + 25));
    expect(calls.filter((c) => c.startsWith('band-02')).some((c) => c.endsWith('offline'))).toBe(true);
  });
});
