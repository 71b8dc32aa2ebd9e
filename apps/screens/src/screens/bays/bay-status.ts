// What the bay board shows for a bay, derived from the hub's BayView: plain functions, `now` passed in.
import type { BayView, DoorState, LiftPosition } from '@glassbay/protocol';

export type Occupancy = 'free' | 'occupied' | 'unknown';
/** `offline` when any sensor of the bay is offline; `none` when no sensor is fitted. */
export type SensorHealth = 'online' | 'offline' | 'none';

export interface BayDisplay {
  occupancy: Occupancy;
  lift: LiftPosition | null;
  door: DoorState | null;
  sensor: SensorHealth;
  /** Whole minutes in the current occupancy, or null when never reported. */
  minutes: number | null;
  /** The occupancy shown is the last one reported by a sensor that is now offline. */
  lastKnown: boolean;
}

export function describeBay(bay: BayView, now: number): BayDisplay {
  const occupancy: Occupancy = bay.occupied === null ? 'unknown' : bay.occupied ? 'occupied' : 'free';
  const sensor: SensorHealth =
    bay.sensors.length === 0 ? 'none' : bay.sensors.some((s) => !s.online) ? 'offline' : 'online';
  return {
    occupancy,
    lift: bay.lift,
    door: bay.door,
    sensor,
    // A screen clock a little behind the hub's must not show negative minutes.
    minutes: bay.since === null || occupancy === 'unknown' ? null : Math.max(0, Math.floor((now - bay.since) / 60_000)),
    lastKnown: occupancy !== 'unknown' && sensor === 'offline',
  };
}

/** Bays in the installer's order (position, then id). */
export function orderBays(bays: Record<string, BayView>): BayView[] {
  return Object.values(bays).sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

export interface BaySummary {
  free: number;
  occupied: number;
  offline: number;
}

export function summarise(bays: readonly BayView[]): BaySummary {
  const s: BaySummary = { free: 0, occupied: 0, offline: 0 };
  for (const bay of bays) {
    if (bay.occupied === true) s.occupied++;
    else if (bay.occupied === false) s.free++;
    if (bay.sensors.some((x) => !x.online)) s.offline++;
  }
  return s;
}

export interface GridShape {
  cols: number;
  rows: number;
}

/**
 * Columns and rows that give `n` cards the largest size in a `width` × `height` area without
 * scrolling. Cards read best about as wide as tall, so a card's size is its shorter side with its
 * width counted at 1/aspect.
 */
export function gridShape(n: number, width: number, height: number, aspect = 1): GridShape {
  if (n <= 0 || width <= 0 || height <= 0) return { cols: 1, rows: 1 };
  let best: GridShape = { cols: 1, rows: n };
  let bestScore = -1;
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const score = Math.min(width / cols / aspect, height / rows);
    if (score > bestScore + 0.5) {
      best = { cols, rows };
      bestScore = score;
    }
  }
  return best;
}
