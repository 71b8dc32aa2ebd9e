import { describe, expect, it } from 'vitest';
import { bookingHonoured, chooseLane, pickNext, ticketNumber } from './queue.ts';

const MIN = 60_000;
const T0 = Date.UTC(2025, 5, 2, 1, 0); // 09:00 in Shanghai
const lanes = [
  { id: 'maintenance', prefix: 'A', categories: ['maintenance'] as const, precedence: 2 },
  { id: 'repair', prefix: 'B', categories: ['repair', 'inspection'] as const, precedence: 1 },
  { id: 'tyres', prefix: 'C', categories: ['tyres'] as const, precedence: 3 },
];
const walkIn = (id: number, arrivedMin: number) => ({
  id: String(id),
  laneId: 'l',
  arrivedAt: T0 + arrivedMin * MIN,
  appointmentAt: null,
});
const booked = (id: number, arrivedMin: number, bookedMin: number) => ({
  ...walkIn(id, arrivedMin),
  appointmentAt: T0 + bookedMin * MIN,
});

describe('lanes and numbers', () => {
  it('sends a check-in to the lane of its most demanding category; a complaint counts as repair', () => {
    expect(chooseLane(lanes, ['maintenance'], false).id).toBe('maintenance');
    expect(chooseLane(lanes, ['maintenance', 'tyres'], false).id).toBe('maintenance');
    expect(chooseLane(lanes, ['tyres', 'inspection'], false).id).toBe('repair');
    expect(chooseLane(lanes, ['tyres'], true).id).toBe('repair');
    expect(chooseLane(lanes, [], false).id).toBe('repair');
  });
  it('numbers tickets A001…A999 and beyond', () => {
    expect(ticketNumber('A', 12)).toBe('A012');
    expect(ticketNumber('B', 1000)).toBe('B1000');
  });
  it('honours a booking from 30 minutes early to 15 minutes late', () => {
    const at = T0 + 60 * MIN;
    expect(bookingHonoured(at, at - 30 * MIN)).toBe(true);
    expect(bookingHonoured(at, at - 31 * MIN)).toBe(false);
    expect(bookingHonoured(at, at + 15 * MIN)).toBe(true);
    expect(bookingHonoured(at, at + 16 * MIN)).toBe(false);
  });
});

describe('the next ticket for a desk', () => {
  it('prefers a due booking, then the longest wait across the desk’s lanes, then an early booking', () => {
    const now = T0 + 60 * MIN;
    const a = { ...walkIn(1, 10), laneId: 'A' };
    const c = { ...walkIn(2, 5), laneId: 'C' };
    const due = { ...booked(3, 50, 62), laneId: 'A' };
    const early = { ...booked(4, 50, 120), laneId: 'C' };
    expect(pickNext([a, c, due, early], now)?.id).toBe('3');
    expect(pickNext([a, c, early], now)?.id).toBe('2');
    expect(pickNext([early], now)?.id).toBe('4');
    expect(pickNext([], now)).toBeUndefined();
  });
});
