// A simulated service-centre day for the queue bench, from a seed: who arrives when (a morning peak,
// a lull at lunch), for which lane, with or without a booking, how long each takes at the desk, and
// who does not answer the call. Plain data; sim.ts plays it against the hub's real queue services.

const MIN = 60_000;

/** Deterministic pseudo-random numbers (mulberry32): the same seed gives the same day. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A log-normal draw with the given mean and coefficient of variation: service times are skewed. */
export function logNormal(random: () => number, mean: number, cv: number): number {
  const sigma2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - sigma2 / 2;
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.exp(mu + Math.sqrt(sigma2) * z);
}

export type Need = 'maintenance' | 'repair' | 'tyres';

export interface Arrival {
  at: number;
  need: Need;
  plate: string;
  /** Time the customer will take at the desk once called, ms. */
  deskMs: number;
  /** Does not come to the desk when called. */
  noShow: boolean;
  /** A booking made days ago for this time, or null for a walk-in. */
  bookedAt: number | null;
}

export interface DeskShift {
  id: string;
  from: number;
  to: number;
}

export interface Day {
  open: number;
  close: number;
  arrivals: Arrival[];
  shifts: DeskShift[];
}

/** Arrivals per hour through the day (from 08:30): a morning rush, lunch, a smaller afternoon peak. */
const RATE_PER_HOUR = [22, 24, 18, 10, 7, 10, 13, 10, 6];
/** Desk minutes: mean and spread per need (advisor and customer talking it through). */
const DESK = { maintenance: [6, 0.45], repair: [11, 0.55], tyres: [5, 0.4] } as const;
const NEEDS: [Need, number][] = [
  ['maintenance', 0.55],
  ['repair', 0.3],
  ['tyres', 0.15],
];

export function planDay(dayStart: number, seed: number): Day {
  const random = rng(seed);
  const open = dayStart + 8.5 * 60 * MIN;
  const close = open + RATE_PER_HOUR.length * 60 * MIN;
  const arrivals: Arrival[] = [];
  let n = 0;
  const pickNeed = (): Need => {
    let x = random();
    for (const [need, p] of NEEDS) if ((x -= p) < 0) return need;
    return 'maintenance';
  };
  const plate = () => `粤B${String(10000 + ((seed * 7919 + n++ * 104729) % 89999)).padStart(5, '0')}`;
  // Walk-ins: a Poisson process whose rate changes by the hour.
  for (let t = open; t < close;) {
    const hour = Math.floor((t - open) / (60 * MIN));
    const rate = RATE_PER_HOUR[hour]! / (60 * MIN);
    t += -Math.log(1 - random()) / rate;
    if (t >= close) break;
    const need = pickNeed();
    const [mean, cv] = DESK[need];
    arrivals.push({
      at: Math.round(t),
      need,
      plate: plate(),
      deskMs: logNormal(random, mean, cv) * MIN,
      noShow: random() < 0.04,
      bookedAt: null,
    });
  }
  // Bookings: one every half hour or so from 09:00, most arriving within their window.
  for (let b = open + 30 * MIN; b < close - 60 * MIN; b += (25 + random() * 20) * MIN) {
    const bookedAt = Math.round(b / (15 * MIN)) * 15 * MIN;
    const offset = (random() < 0.85 ? -25 + random() * 35 : 20 + random() * 40) * MIN;
    const need = pickNeed();
    const [mean, cv] = DESK[need];
    arrivals.push({
      at: Math.round(bookedAt + offset),
      need,
      plate: plate(),
      deskMs: logNormal(random, mean, cv) * MIN,
      noShow: false,
      bookedAt,
    });
  }
  arrivals.sort((a, b) => a.at - b.at);
  // Two desks all day; the third covers the morning rush and the afternoon, not lunch.
  const shifts: DeskShift[] = [
    { id: 'desk-1', from: open, to: close + 120 * MIN },
    { id: 'desk-2', from: open, to: close + 120 * MIN },
    { id: 'desk-3', from: open, to: open + 3.5 * 60 * MIN },
    { id: 'desk-3', from: open + 5.5 * 60 * MIN, to: close + 120 * MIN },
  ];
  return { open, close, arrivals, shifts };
}
