import { describe, expect, it } from 'vitest';
import { deskFreeAt, forecastCalls, type ForecastTicket } from './forecast.ts';

const MIN = 60_000;
const NOW = Date.UTC(2025, 5, 2, 2, 0);
const walkIn = (id: string, laneId: string, minAgo: number): ForecastTicket => ({
  id,
  laneId,
  arrivedAt: NOW - minAgo * MIN,
  appointmentAt: null,
});
const cycle = (ms: Record<string, number>) => (lane: string) => ms[lane]! * MIN;
const calls = (f: Map<string, { callAt: number }>) =>
  Object.fromEntries([...f].map(([id, v]) => [id, (v.callAt - NOW) / MIN]));

describe('forecast of calls', () => {
  it('calls a lane in arrival order, one mean desk time apart, on each free desk', () => {
    const waiting = [walkIn('a2', 'A', 5), walkIn('a1', 'A', 10), walkIn('a3', 'A', 1)];
    const oneDesk = forecastCalls(waiting, [{ id: 'd1', lanes: ['A'], freeAt: NOW }], cycle({ A: 6 }));
    expect(calls(oneDesk)).toEqual({ a1: 0, a2: 6, a3: 12 });
    const twoDesks = forecastCalls(
      waiting,
      [
        { id: 'd1', lanes: ['A'], freeAt: NOW },
        { id: 'd2', lanes: ['A'], freeAt: NOW + 3 * MIN },
      ],
      cycle({ A: 6 }),
    );
    expect(calls(twoDesks)).toEqual({ a1: 0, a2: 3, a3: 6 });
  });

  it('shares a desk between its lanes by who has waited longest', () => {
    const waiting = [walkIn('a1', 'A', 10), walkIn('c1', 'C', 8), walkIn('a2', 'A', 2)];
    const f = forecastCalls(waiting, [{ id: 'd1', lanes: ['A', 'C'], freeAt: NOW }], cycle({ A: 6, C: 4 }));
    expect(calls(f)).toEqual({ a1: 0, c1: 6, a2: 10 });
  });

  it('keeps a place for a booking still to come, from its due time', () => {
    const waiting: ForecastTicket[] = [
      walkIn('a1', 'A', 10),
      walkIn('a2', 'A', 8),
      walkIn('a3', 'A', 6),
      { id: 'b', laneId: 'A', arrivedAt: NOW + 7 * MIN, appointmentAt: NOW + 7 * MIN, expected: true },
    ];
    const f = forecastCalls(waiting, [{ id: 'd1', lanes: ['A'], freeAt: NOW }], cycle({ A: 6 }));
    // Due at +2 min (5 min lead): it takes the call at +6, ahead of a3.
    expect(calls(f)).toEqual({ a1: 0, b: 6, a2: 12, a3: 18 });
  });

  it('waits for a booking when nothing else is waiting, and leaves out lanes no open desk serves', () => {
    const waiting: ForecastTicket[] = [
      { id: 'b', laneId: 'A', arrivedAt: NOW + 30 * MIN, appointmentAt: NOW + 30 * MIN, expected: true },
      walkIn('r1', 'B', 3),
    ];
    const f = forecastCalls(waiting, [{ id: 'd1', lanes: ['A'], freeAt: NOW }], cycle({ A: 6, B: 10 }));
    expect(calls(f)).toEqual({ b: 25 });
  });

  it('expects a busy desk to free when its customer reaches the mean time, or a little after', () => {
    expect(deskFreeAt(NOW, null, 6 * MIN)).toBe(NOW);
    expect(deskFreeAt(NOW, NOW - 2 * MIN, 6 * MIN)).toBe(NOW + 4 * MIN);
    expect(deskFreeAt(NOW, NOW - 20 * MIN, 6 * MIN)).toBe(NOW + 1.5 * MIN);
  });
});
