// Who a car record belongs to and which mileage it keeps, decided from what a check-in proved. A car
// changes owner only with proof (the old phone's last digits, a booking made for that phone, or an
// advisor who saw the customer); its mileage rises only by a believable amount from a proven owner.
// Anything else still gets a ticket: the claim waits on the ticket for the advisor (VehicleCheck).
import type { VehicleCheck } from '@glassbay/protocol';

const DAY = 24 * 3600_000;

/**
 * A believable rise since the last reading: a day's hard driving on top of a margin for typos in the
 * old reading. A taxi does 150,000 km a year (about 400 km a day), so 1,000 km a day is generous.
 */
export const MILEAGE_PLAUSIBLE = { baseKm: 2_000, perDayKm: 1_000 } as const;

export function mileagePlausible(onRecordKm: number, recordedAt: number | null, typedKm: number, now: number): boolean {
  const days = recordedAt === null ? 0 : Math.max(0, (now - recordedAt) / DAY);
  return typedKm - onRecordKm <= MILEAGE_PLAUSIBLE.baseKm + MILEAGE_PLAUSIBLE.perDayKm * days;
}

export interface KnownVehicle {
  customerId: number | null;
  mileageKm: number | null;
  mileageAt: number | null;
}

export interface OwnershipDecision {
  /** Give the car record to the check-in's customer. */
  takeOwner: boolean;
  /** Store the typed mileage on the car record. */
  takeMileage: boolean;
  /** What is left for the advisor; null when nothing is. */
  check: VehicleCheck | null;
}

/**
 * `proven`: the check-in proved the phone on record (lookup proof or a booking for that phone).
 * `samePhone`: the phone typed is the one on record, which proves nothing new is claimed.
 */
export function decideOwnership(
  v: KnownVehicle,
  c: { proven: boolean; samePhone: boolean; typedKm: number; now: number },
): OwnershipDecision {
  const ownerless = v.customerId === null;
  const phoneChanged = !ownerless && !c.samePhone && !c.proven;
  const higher = v.mileageKm === null || c.typedKm > v.mileageKm;
  const believable = v.mileageKm === null || mileagePlausible(v.mileageKm, v.mileageAt, c.typedKm, c.now);
  const takeMileage = higher && !phoneChanged && believable;
  const mileage =
    higher && !takeMileage && v.mileageKm !== null ? { onRecordKm: v.mileageKm, typedKm: c.typedKm } : null;
  return {
    takeOwner: ownerless || c.proven,
    takeMileage,
    check: phoneChanged || mileage ? { phoneChanged, mileage } : null,
  };
}
