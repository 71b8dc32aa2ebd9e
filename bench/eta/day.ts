// One simulated workshop day for the ETA benchmark, planned up front from a seed: cars arriving at the
// desk (a morning rush, a quiet lunch), what each needs, and how this shop really works — each SOP
// step takes its own share of the standard here (a shop trait the hub can learn), each bay's
// technician is a little faster or slower, some cars stand still waiting for parts. Pure data.
import { rng } from '../queue/day.ts';

const MIN = 60_000;

export interface PlannedJob {
  arriveAt: number;
  services: string[];
  /** Minutes at the desk before the car joins the workshop's queue. */
  deskMin: number;
  /** Minutes to bring the car onto its bay once one is free. */
  toBayMin: number;
  /** A pause after this step index (0-based over all the job's steps), in minutes; none when null. */
  pause: { afterStep: number; minutes: number } | null;
  qualityMin: number;
  washMin: number;
  /** Noise of each step around the shop's usual time (multiplier), drawn per step in order. */
  stepNoise: number[];
}

export interface PlannedDay {
  open: number;
  jobs: PlannedJob[];
}

/** The work the shop sees, with how often (oil changes dominate, as in any 4S store). */
const MIX: [string[], number][] = [
  [['oil-change'], 0.34],
  [['oil-change', 'tyre-rotation'], 0.12],
  [['brake-pads'], 0.14],
  [['tyre-rotation'], 0.1],
  [['ac-service'], 0.1],
  [['inspection'], 0.1],
  [['oil-change', 'inspection'], 0.1],
];

/** Standard normal from two uniforms. */
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const logNormal = (r: () => number, cv: number) => Math.exp(gauss(r) * cv - (cv * cv) / 2);

/** Arrivals per hour by hour since 08:30: a rush at opening, lunch, an afternoon. */
const RATE = [4, 3, 2.5, 1.5, 1, 2, 2, 1.5];

export function planDay(open: number, seed: number): PlannedDay {
  const r = rng(seed);
  const jobs: PlannedJob[] = [];
  for (let h = 0; h < RATE.length; h++) {
    let t = h * 60;
    for (;;) {
      t += (-Math.log(1 - r()) * 60) / RATE[h]!;
      if (t >= (h + 1) * 60) break;
      let pick = r();
      let services = MIX[0]![0];
      for (const [s, p] of MIX) {
        if (pick < p) {
          services = s;
          break;
        }
        pick -= p;
      }
      const wash = r() < 0.4;
      jobs.push({
        arriveAt: open + t * MIN,
        services: wash ? [...services, 'car-wash'] : [...services],
        deskMin: 4 + r() * 6,
        toBayMin: 2 + r() * 4,
        pause: r() < 0.12 ? { afterStep: Math.floor(r() * 8), minutes: 15 + r() * 30 } : null,
        qualityMin: 8 * logNormal(r, 0.3),
        washMin: 18 * logNormal(r, 0.25),
        stepNoise: Array.from({ length: 40 }, () => logNormal(r, 0.2)),
      });
    }
  }
  return { open, jobs };
}

/** The shop's own pace per step code against the standard (seeded once for all days): what to learn. */
export function shopPace(seed: number): (stepCode: string) => number {
  const r = rng(seed + 99);
  const pace = new Map<string, number>();
  return (code) => {
    let p = pace.get(code);
    if (p === undefined) {
      p = 0.75 + r() * 0.7; // 0.75×–1.45× of the standard
      pace.set(code, p);
    }
    return p;
  };
}

/** Each bay's technician: a little faster or slower than the shop, every day. */
export const techPace = [0.9, 1.0, 1.1, 1.2];
