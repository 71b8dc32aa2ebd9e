// One simulated workshop day, planned up front as plain data: cars arrive through the day, take a
// free bay, go up on the lift, are worked on, come down and leave; now and then a bay sensor drops
// off the network. Pure: a seed in, a list of timed events out; no clock, no MQTT.
import type { DoorState, LiftPosition } from '@glassbay/protocol';
import { createRng, deriveSeed, type Rng } from './rng.ts';

const MIN = 60_000;
const SEC = 1000;

/** A bay as its sensor sees it. */
export interface BayPhysical {
  occupied: boolean;
  lift: LiftPosition;
  door: DoorState;
}
export const emptyBay = (): BayPhysical => ({ occupied: false, lift: 'down', door: 'closed' });

export const bayChangeKinds = [
  'door-open',
  'car-in',
  'door-closed',
  'lift-raising',
  'lift-up',
  'lift-lowering',
  'lift-down',
  'car-out',
] as const;
export type BayChangeKind = (typeof bayChangeKinds)[number];

export type WorkshopEvent =
  /** The bay changed; `bay` is its whole state afterwards. `at` is simulated ms since opening. */
  | { at: number; bayId: string; kind: BayChangeKind; bay: BayPhysical; visitId: string }
  /** The bay's sensor loses power or network (its last will fires), or comes back after a reboot. */
  | { at: number; bayId: string; kind: 'sensor-offline' | 'sensor-online' };

export interface Service {
  id: string;
  name: string;
  usesLift: boolean;
  /** Hands-on minutes on the bay, min and max. */
  minutes: readonly [number, number];
  /** Relative frequency among walk-ins. */
  weight: number;
}

/** What cars come in for, roughly as often as a mid-size service centre sees them. */
export const SERVICES: readonly Service[] = [
  { id: 'oil-change', name: 'Oil change', usesLift: true, minutes: [30, 45], weight: 5 },
  { id: 'maintenance', name: 'Scheduled maintenance', usesLift: true, minutes: [60, 100], weight: 3 },
  { id: 'brake-pads', name: 'Brake pads', usesLift: true, minutes: [50, 80], weight: 2 },
  { id: 'tyre-rotation', name: 'Tyre rotation', usesLift: true, minutes: [25, 40], weight: 2 },
  { id: 'ac-service', name: 'Air-conditioning service', usesLift: false, minutes: [35, 55], weight: 1.5 },
  { id: 'diagnosis', name: 'Diagnosis', usesLift: false, minutes: [20, 40], weight: 1.5 },
];

export interface Visit {
  id: string;
  service: string;
  bayId: string;
  /** When the car reached reception, when it rolled onto the bay, when it left it. */
  arrivedAt: number;
  inAt: number;
  outAt: number;
}

export interface DayOptions {
  /** Bay ids, in board order. */
  bays: readonly string[];
  seed: number;
  /** Which day of a run (0 first): each day is different but follows from the same seed. */
  day?: number;
  /** Minutes from opening to the last intake; cars already in are still finished. Default 480. */
  intakeMinutes?: number;
  /** Minutes the workshop is open; a dropout is planned within this span. Default 570 (08:30–18:00). */
  openMinutes?: number;
  /** Mean number of cars per day. Default 4.5 per bay. */
  carsPerDay?: number;
  /** Chance that a given sensor drops off the network once during the day. Default 0.15. */
  dropoutChance?: number;
  /** How long a dropped sensor stays away, minutes. Default [2, 10]. */
  dropoutMinutes?: readonly [number, number];
}

export interface DayPlan {
  visits: Visit[];
  /** Sorted by `at`; events of one bay keep their physical order. */
  events: WorkshopEvent[];
  /** Simulated ms after opening when the last event has happened (at least the opening span). */
  endsAt: number;
}

/**
 * Relative arrival rate by minutes since opening (08:30): a morning drop-off peak, a quiet lunch,
 * a steady afternoon, nothing after the last intake.
 */
function arrivalWeight(minute: number, intake: number): number {
  if (minute >= intake) return 0;
  if (minute < 120) return 1.6;
  if (minute < 210) return 0.9;
  if (minute < 330) return 0.5;
  return 0.9;
}
const PEAK_WEIGHT = 1.6;

/** Arrival times in ms since opening: a Poisson process thinned to the daily profile. */
function arrivals(rng: Rng, carsPerDay: number, intake: number): number[] {
  let area = 0;
  for (let m = 0; m < intake; m++) area += arrivalWeight(m, intake) / PEAK_WEIGHT;
  const meanGap = area / carsPerDay; // minutes between candidate arrivals at the peak rate
  const out: number[] = [];
  for (let t = rng.exponential(meanGap); t < intake; t += rng.exponential(meanGap)) {
    if (rng.chance(arrivalWeight(t, intake) / PEAK_WEIGHT)) out.push(Math.round(t * MIN));
  }
  return out;
}

function pickService(rng: Rng): Service {
  const total = SERVICES.reduce((s, x) => s + x.weight, 0);
  let r = rng.between(0, total);
  for (const s of SERVICES) {
    r -= s.weight;
    if (r < 0) return s;
  }
  return SERVICES[SERVICES.length - 1]!;
}

/** The bay-level steps of one visit, from the door opening to the bay being empty again. */
function visitEvents(rng: Rng, visitId: string, bayId: string, service: Service, start: number) {
  const events: WorkshopEvent[] = [];
  let t = start;
  let bay = emptyBay();
  const step = (kind: BayChangeKind, after: number, change: Partial<BayPhysical>) => {
    t += Math.round(after);
    bay = { ...bay, ...change };
    events.push({ at: t, bayId, kind, bay, visitId });
  };
  step('door-open', 0, { door: 'open' });
  step('car-in', rng.between(20, 40) * SEC, { occupied: true });
  step('door-closed', rng.between(40, 80) * SEC, { door: 'closed' });
  const work = rng.between(service.minutes[0], service.minutes[1]) * MIN;
  if (service.usesLift) {
    // Positioning the arms under the car takes a few minutes; a two-post lift climbs in about 90 s.
    step('lift-raising', rng.between(2, 5) * MIN, { lift: 'moving' });
    step('lift-up', rng.between(60, 100) * SEC, { lift: 'up' });
    step('lift-lowering', work, { lift: 'moving' });
    step('lift-down', rng.between(60, 100) * SEC, { lift: 'down' });
    // Torque check, paperwork, a look under the bonnet with the car back on its wheels.
    t += Math.round(rng.between(2, 6) * MIN);
  } else {
    t += Math.round(work);
  }
  const inAt = events[1]!.at;
  step('door-open', 0, { door: 'open' });
  step('car-out', rng.between(20, 40) * SEC, { occupied: false });
  const outAt = t;
  step('door-closed', rng.between(40, 80) * SEC, { door: 'closed' });
  // Sweeping up and readying the bay before the next car is called in.
  const freeAt = t + Math.round(rng.between(2, 6) * MIN);
  return { events, inAt, outAt, freeAt };
}

export function planWorkshopDay(opts: DayOptions): DayPlan {
  if (opts.bays.length === 0) throw new RangeError('a workshop day needs at least one bay');
  const day = opts.day ?? 0;
  const intake = opts.intakeMinutes ?? 480;
  const open = opts.openMinutes ?? 570;
  const rng = createRng(deriveSeed(opts.seed, `day-${day}`));
  const freeAt = new Map(opts.bays.map((b) => [b, 0]));
  const visits: Visit[] = [];
  const events: WorkshopEvent[] = [];

  arrivals(rng, opts.carsPerDay ?? opts.bays.length * 4.5, intake).forEach((arrivedAt, i) => {
    const service = pickService(rng);
    // Reception takes a few minutes before the car is driven round to the workshop.
    const ready = arrivedAt + Math.round(rng.between(2, 6) * MIN);
    const free = opts.bays.filter((b) => freeAt.get(b)! <= ready);
    // Cars are served in arrival order: with no bay free, this one waits for the first to clear.
    const bayId =
      free.length > 0 ? rng.pick(free) : opts.bays.reduce((a, b) => (freeAt.get(b)! < freeAt.get(a)! ? b : a));
    const start = Math.max(ready, freeAt.get(bayId)!);
    const visitId = `d${day + 1}-car-${i + 1}`;
    const v = visitEvents(rng, visitId, bayId, service, start);
    freeAt.set(bayId, v.freeAt);
    visits.push({ id: visitId, service: service.id, bayId, arrivedAt, inAt: v.inAt, outAt: v.outAt });
    events.push(...v.events);
  });

  const [minAway, maxAway] = opts.dropoutMinutes ?? [2, 10];
  for (const bayId of opts.bays) {
    if (!rng.chance(opts.dropoutChance ?? 0.15)) continue;
    const at = Math.round(rng.between(30, open - 60) * MIN);
    events.push({ at, bayId, kind: 'sensor-offline' });
    events.push({ at: at + Math.round(rng.between(minAway, maxAway) * MIN), bayId, kind: 'sensor-online' });
  }

  // Array.prototype.sort is stable, so same-time events keep the order they were planned in.
  events.sort((a, b) => a.at - b.at);
  const last = events.at(-1)?.at ?? 0;
  return { visits, events, endsAt: Math.max(last, open * MIN) };
}

/** "09:42" for simulated ms since an 08:30 opening (wraps past midnight). */
export function clockLabel(sinceOpening: number, openAt = 8.5 * 60): string {
  const minutes = Math.floor(openAt + sinceOpening / MIN) % (24 * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
