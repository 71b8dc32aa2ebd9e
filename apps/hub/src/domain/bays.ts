// Bay state from sensor readings: pure rules, no clock, no I/O. `now` is the hub's receive time.
import type { BaySensorReading, DoorState, LiftPosition } from '@glassbay/protocol';

export interface BayState {
  occupied: boolean | null;
  lift: LiftPosition | null;
  door: DoorState | null;
  /** Hub time when `occupied` last changed; device clocks are never used for it [GB-2.6]. */
  since: number | null;
}

export const unknownBayState = (): BayState => ({ occupied: null, lift: null, door: null, since: null });

export type ReadingDecision =
  | { accepted: false; reason: 'stale' }
  | {
      accepted: true;
      state: BayState;
      occupancyChanged: boolean;
      /** Whether `state` differs from the state before: most readings repeat it (a periodic report). */
      stateChanged: boolean;
    };

/**
 * Apply one reading from one sensor. A reading whose sequence number is not above the last one
 * accepted from that sensor (a redelivery, or one overtaken in flight) changes nothing [GB-3.1.3].
 */
export function applyReading(
  state: BayState,
  lastSeq: number | null,
  reading: BaySensorReading,
  now: number,
): ReadingDecision {
  if (lastSeq !== null && reading.seq <= lastSeq) return { accepted: false, reason: 'stale' };
  const occupied = reading.occupied ?? state.occupied;
  const occupancyChanged = occupied !== state.occupied;
  const next: BayState = {
    occupied,
    lift: reading.lift ?? state.lift,
    door: reading.door ?? state.door,
    since: occupancyChanged || state.since === null ? now : state.since,
  };
  const stateChanged =
    occupancyChanged || next.lift !== state.lift || next.door !== state.door || next.since !== state.since;
  return { accepted: true, occupancyChanged, stateChanged, state: next };
}
