import { describe, expect, it } from 'vitest';
import type { VideoMarker, VideoPeriod } from '@glassbay/protocol';
import {
  atLiveEdge,
  placeMarkers,
  placeName,
  replayRange,
  snapToFootage,
  ticks,
  timelineSpan,
  toFraction,
} from './timeline.ts';

const MIN = 60_000;
const t0 = Date.UTC(2026, 10, 23, 2, 0, 0); // 10:00 in Shanghai
const bay1: VideoPeriod = { cameraId: 'cam-1', bayId: 'bay-1', name: 'Bay 1', from: t0, to: t0 + 20 * MIN };
const bay2: VideoPeriod = { cameraId: 'cam-2', bayId: 'bay-2', name: 'Bay 2', from: t0 + 30 * MIN, to: null };
const now = t0 + 50 * MIN;

describe('the live view timeline', () => {
  it('spans where the car has footage, not the whole visit, to now while it is on a bay', () => {
    const markers: VideoMarker[] = [{ kind: 'stage', at: t0 - 90 * MIN, stage: 'checked-in' }];
    const span = timelineSpan([bay1, bay2], markers, now);
    expect(span.to).toBe(now);
    // A little room before the first footage, and nothing of the hour and a half before it.
    expect(span.from).toBe(t0 - 0.04 * (now - t0));
    expect(toFraction(span, bay1.from)).toBeLessThan(0.05);
    // Finished footage ends where it ends; a short one is still half a minute wide.
    expect(timelineSpan([{ ...bay1, to: t0 + 10_000 }], [], now)).toEqual({ from: t0 - 20_000, to: t0 + 10_000 });
    // No footage yet: the stages so far.
    expect(timelineSpan([], markers, now).from).toBeLessThan(t0 - 90 * MIN);
  });

  it('names a place once', () => {
    expect(placeName('1号工位 · 1号工位 摄像头')).toBe('1号工位 摄像头');
    expect(placeName('1号工位 · lift cam')).toBe('1号工位 · lift cam');
    expect(placeName('1号工位 · 1号工位')).toBe('1号工位');
    expect(placeName('Bay 1')).toBe('Bay 1');
  });

  it('snaps a tap between two bays to the nearest footage, and knows the live edge', () => {
    expect(snapToFootage([bay1, bay2], t0 + 22 * MIN, now)).toEqual({ period: bay1, at: t0 + 20 * MIN });
    expect(snapToFootage([bay1, bay2], t0 + 29 * MIN, now)).toEqual({ period: bay2, at: t0 + 30 * MIN });
    expect(snapToFootage([bay1, bay2], t0 + 10 * MIN, now)).toEqual({ period: bay1, at: t0 + 10 * MIN });
    expect(snapToFootage([], t0, now)).toBeUndefined();
    expect(atLiveEdge(bay2, now - 2000, now)).toBe(true);
    expect(atLiveEdge(bay2, now - 60_000, now)).toBe(false);
    expect(atLiveEdge(bay1, t0 + 20 * MIN, t0 + 20 * MIN)).toBe(false);
  });

  it('replays at most the last twelve hours of a long period', () => {
    const long = { ...bay2, from: now - 20 * 3_600_000 };
    expect(replayRange(long, now)).toEqual({ from: now - 12 * 3_600_000, to: now });
    expect(replayRange(bay1, now)).toEqual({ from: bay1.from, to: bay1.to });
  });

  it('labels the bar on round minutes of local time', () => {
    const span = { from: t0 + 7 * MIN, to: t0 + 67 * MIN };
    const labels = ticks(span).map((t) => new Date(t).toISOString().slice(11, 16));
    expect(labels).toEqual(['02:10', '02:20', '02:30', '02:40', '02:50', '03:00']);
  });

  it('puts markers that would overlap on a second row, the latest first, and leaves out a label with no room', () => {
    const span = { from: t0, to: t0 + 100 * MIN };
    const placed = placeMarkers(
      [
        { kind: 'stage', at: t0 + 10 * MIN, stage: 'in-service' },
        { kind: 'step', at: t0 + 12 * MIN, end: t0 + 30 * MIN, name: { zh: '放油', en: 'Drain oil' } },
        { kind: 'stage', at: t0 + 14 * MIN, stage: 'awaiting-approval' },
        { kind: 'stage', at: t0 + 60 * MIN, stage: 'quality-check' },
      ],
      span,
      now,
    );
    expect(placed.map((p) => [p.row, p.x, p.x2])).toEqual([
      [-1, 0.1, null],
      [1, 0.12, 0.3],
      [0, 0.14, null],
      [0, 0.6, null],
    ]);
    expect(toFraction(span, t0 - MIN)).toBe(0);
  });
});
