import { describe, expect, it } from 'vitest';
import { decideOwnership, mileagePlausible } from './ownership.ts';

const DAY = 24 * 3600_000;
const car = { customerId: 7, mileageKm: 40_000, mileageAt: 0 };

describe('vehicle ownership', () => {
  it('keeps owner and mileage when another phone claims the car without proof', () => {
    const d = decideOwnership(car, { proven: false, samePhone: false, typedKm: 41_000, now: DAY });
    expect(d).toEqual({
      takeOwner: false,
      takeMileage: false,
      check: { phoneChanged: true, mileage: { onRecordKm: 40_000, typedKm: 41_000 } },
    });
  });
  it('moves the car to a new phone that proved the old one, and takes a believable mileage', () => {
    const d = decideOwnership(car, { proven: true, samePhone: false, typedKm: 41_000, now: DAY });
    expect(d).toEqual({ takeOwner: true, takeMileage: true, check: null });
  });
  it('flags an implausible jump even from the owner; a month of driving is believable', () => {
    expect(mileagePlausible(40_000, 0, 999_999, DAY)).toBe(false);
    expect(mileagePlausible(40_000, 0, 45_000, 30 * DAY)).toBe(true);
    const d = decideOwnership(car, { proven: false, samePhone: true, typedKm: 999_999, now: DAY });
    expect(d.check).toEqual({ phoneChanged: false, mileage: { onRecordKm: 40_000, typedKm: 999_999 } });
    expect(d.takeMileage).toBe(false);
  });
});
