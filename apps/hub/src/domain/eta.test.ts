import { describe, expect, it } from 'vitest';
import {
  ETA_ALLOWANCE,
  estimateReadyAt,
  isLate,
  promiseFrom,
  serviceTimeBefore,
  waitForBayMinutes,
  workOf,
  type EtaJob,
  type EtaShop,
} from './eta.ts';

const MIN = 60_000;
// A fake clock: 09:00 on a fixed day, whole minutes from there.
const T0 = Date.UTC(2025, 2, 3, 1, 0);
const at = (minutes: number) => T0 + minutes * MIN;

const job = (over: Partial<EtaJob> = {}): EtaJob => ({
  stage: 'in-service',
  stageSince: T0,
  workMinutes: 60,
  washMinutes: 0,
  serviceMsBefore: 0,
  pendingApprovals: 0,
  ...over,
});
const freeShop: EtaShop = { bays: 4, freeBays: 2, waitingAhead: 0 };
const minutesFromT0 = (eta: number | null) => (eta === null ? null : (eta - T0) / MIN);

describe('ETA', () => {
  it('adds up what is left: the rest of the work, quality check and the wash', () => {
    expect(minutesFromT0(estimateReadyAt(job(), freeShop, T0))).toBe(60 + ETA_ALLOWANCE.qualityCheck);
    expect(minutesFromT0(estimateReadyAt(job({ washMinutes: 20 }), freeShop, T0))).toBe(60 + 10 + 20);
    // 25 minutes into a 60-minute service: the ready time does not move.
    expect(minutesFromT0(estimateReadyAt(job(), freeShop, at(25)))).toBe(70);
  });

  it('moves the ETA later, honestly, when the work runs long', () => {
    // 75 minutes into 60 minutes of work: at least a fifth of the work (12 min) is still ahead.
    expect(minutesFromT0(estimateReadyAt(job(), freeShop, at(75)))).toBe(75 + 12 + 10);
    // …and ten minutes later it has moved again: never a time already in the past.
    expect(minutesFromT0(estimateReadyAt(job(), freeShop, at(85)))).toBe(85 + 12 + 10);
  });

  it('counts the time already spent in service when a car comes back from quality check', () => {
    const back = job({ stageSince: at(70), serviceMsBefore: 50 * MIN });
    expect(minutesFromT0(estimateReadyAt(back, freeShop, at(70)))).toBe(70 + 12 + 10);
    expect(
      serviceTimeBefore([
        { stage: 'checked-in', at: at(-30) },
        { stage: 'in-service', at: at(0) },
        { stage: 'car-on-bay' as never, at: at(1), event: 'car-on-bay' },
        { stage: 'quality-check', at: at(50) },
        { stage: 'in-service', at: at(70) },
      ]),
    ).toBe(50 * MIN);
  });

  it('waits for a bay: at once when one is free, whole bay turns when none is', () => {
    expect(waitForBayMinutes({ bays: 4, freeBays: 1, waitingAhead: 0 })).toBe(ETA_ALLOWANCE.toBay);
    expect(waitForBayMinutes({ bays: 4, freeBays: 0, waitingAhead: 0 })).toBe(5 + 60);
    expect(waitForBayMinutes({ bays: 2, freeBays: 0, waitingAhead: 3 })).toBe(5 + 2 * 60);
    const waiting = job({ stage: 'waiting' });
    const busy = estimateReadyAt(waiting, { bays: 2, freeBays: 0, waitingAhead: 3 }, T0)!;
    const free = estimateReadyAt(waiting, freeShop, T0)!;
    expect((busy - free) / MIN).toBe(120);
  });

  it('plans every stage still ahead for a job just checked in', () => {
    const fresh = job({ stage: 'checked-in', washMinutes: 20 });
    expect(minutesFromT0(estimateReadyAt(fresh, freeShop, T0))).toBe(10 + 5 + 15 + 60 + 10 + 20);
  });

  it('waits for the customer only while an approval is pending', () => {
    const asked = job({ stage: 'awaiting-approval', pendingApprovals: 1 });
    expect(minutesFromT0(estimateReadyAt(asked, freeShop, T0))).toBe(15 + 60 + 10);
  });

  it('is the moment the car became ready, and nothing once it left', () => {
    expect(estimateReadyAt(job({ stage: 'ready', stageSince: at(90) }), freeShop, at(120))).toBe(at(90));
    expect(estimateReadyAt(job({ stage: 'delivered' }), freeShop, at(120))).toBeNull();
    expect(estimateReadyAt(job({ stage: 'cancelled' }), freeShop, at(120))).toBeNull();
  });

  it('promises the first estimate rounded up to five minutes, and says late only past it', () => {
    expect(promiseFrom(at(61))).toBe(at(65));
    expect(promiseFrom(at(65))).toBe(at(65));
    expect(isLate(at(66), at(65))).toBe(true);
    expect(isLate(at(65), at(65))).toBe(false);
    expect(isLate(null, at(65))).toBe(false);
    expect(isLate(at(66), null)).toBe(false);
  });

  it('separates the wash from the work on the bay', () => {
    const minutes = (c: string) => ({ 'oil-change': 60, 'car-wash': 20, 'brake-pads': 90 })[c] ?? 0;
    expect(workOf(['oil-change', 'car-wash', 'brake-pads'], minutes)).toEqual({ work: 150, wash: 20 });
  });
});
