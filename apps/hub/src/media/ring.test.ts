import { describe, expect, it } from 'vitest';
import { planRing, type RingCamera, type RingLimits } from './ring.ts';

const MB = 1024 * 1024;
const HOUR = 3_600_000;

/** `n` one-second segments of `bytes` each, the last one ending at `end`. */
function camera(id: string, n: number, end: number, bytes = MB): RingCamera {
  const segments = Array.from({ length: n }, (_, i) => ({
    name: `${i}`,
    start: end - (n - i) * 1000,
    duration: 1000,
    bytes,
  }));
  return { id, segments, totalBytes: n * bytes };
}

const roomy: RingLimits = { maxBytes: 1e12, maxAgeMs: 48 * HOUR, minFreeBytes: 0, keepNewest: 3 };
const now = 1_800_000_000_000;
const names = (plan: ReturnType<typeof planRing>, cam: string) =>
  plan.deletions.find((d) => d.camera === cam)?.segments.map((s) => s.name) ?? [];

describe('recording ring', () => {
  it('deletes nothing while every camera is within its limits and the disk has room', () => {
    const plan = planRing([camera('a', 10, now)], roomy, { freeBytes: 100 * MB }, now);
    expect(plan).toEqual({ deletions: [], stillShortBytes: 0 });
  });

  it('deletes recordings older than the age limit, oldest first', () => {
    // Ten segments, the last ending now: segment 3 ended 6 s ago, segment 4 ended 5 s ago.
    const plan = planRing([camera('a', 10, now)], { ...roomy, maxAgeMs: 5500 }, { freeBytes: 100 * MB }, now);
    expect(names(plan, 'a')).toEqual(['0', '1', '2', '3']);
  });

  it('deletes the oldest recordings until a camera is back under its size limit', () => {
    const plan = planRing([camera('a', 10, now)], { ...roomy, maxBytes: 6.5 * MB }, { freeBytes: 100 * MB }, now);
    expect(names(plan, 'a')).toEqual(['0', '1', '2', '3']);
  });

  it('keeps the newest segments (the live window) even when they alone exceed the limits', () => {
    const plan = planRing(
      [camera('a', 5, now - 72 * HOUR)],
      { ...roomy, maxBytes: 1, keepNewest: 3 },
      { freeBytes: 100 * MB },
      now,
    );
    expect(names(plan, 'a')).toEqual(['0', '1']);
  });

  it('keeps the disk floor by deleting the oldest recording of any camera', () => {
    // Camera b's footage is older than a's; the disk is 2.5 MB short of its floor.
    const a = camera('a', 6, now);
    const b = camera('b', 6, now - 1500);
    const plan = planRing([a, b], { ...roomy, minFreeBytes: 10 * MB }, { freeBytes: 7.5 * MB }, now);
    // Oldest starts: b0 (now-7.5s), b1 (now-6.5s), a0 (now-6s); b2 (now-5.5s) is younger than a0.
    expect(names(plan, 'b')).toEqual(['0', '1']);
    expect(names(plan, 'a')).toEqual(['0']);
    expect(plan.stillShortBytes).toBe(0);
  });

  it('counts what the age and size rules already free toward the disk floor', () => {
    const plan = planRing(
      [camera('a', 10, now)],
      { ...roomy, maxBytes: 8 * MB, minFreeBytes: 5 * MB },
      { freeBytes: 3 * MB },
      now,
    );
    expect(names(plan, 'a')).toEqual(['0', '1']);
  });

  it('reports the shortfall when only protected segments are left and the disk is still too full', () => {
    const plan = planRing([camera('a', 4, now)], { ...roomy, minFreeBytes: 10 * MB }, { freeBytes: 1 * MB }, now);
    expect(names(plan, 'a')).toEqual(['0']);
    expect(plan.stillShortBytes).toBe(8 * MB);
  });
});
