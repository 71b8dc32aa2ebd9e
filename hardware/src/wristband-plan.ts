// What a technician's wristband sends through one car's service, planned up front as plain data:
// each step's start and end at simulated times, with the habits that make a workshop real — a
// technician who cuts the oil drain short, a band whose events arrive twice, a band that drops off
// the Wi-Fi and sends its backlog later. Pure: a seed in, timed band actions out.
import type { WristbandEvent } from '@glassbay/protocol';
import type { Rng } from './rng.ts';
import { PROCEDURES, type Procedure } from './wristband-procedures.ts';

const MIN = 60_000;
type StepEventKind = WristbandEvent['kind'];

export const bandHabits = ['by-the-book', 'cuts-drain-short', 'double-sends', 'drops-offline'] as const;
export type BandHabit = (typeof bandHabits)[number];

/** A technician, their band and their bay. */
export interface CrewMember {
  bandId: string;
  tech: string;
  bayId: string;
  habit: BandHabit;
  /** How far the band's clock is off, ms (positive: fast). */
  clockSkewMs: number;
}

export type BandAction =
  /** The technician marks a step; `n` numbers the band's events (its id is made from it). */
  | {
      at: number;
      bandId: string;
      kind: 'step';
      n: number;
      event: { bay: string; step: string; kind: StepEventKind };
    }
  /** The broker delivers event `n` again (a QoS 1 redelivery). */
  | { at: number; bandId: string; kind: 'resend'; n: number }
  /** The band loses the network, or finds it again and sends its backlog. */
  | { at: number; bandId: string; kind: 'offline' | 'online' };

/** Steps that must not be cut short, and the minutes a technician in a hurry gives them instead. */
const CUT_SHORT: Record<string, [number, number]> = {
  'oil-drain': [5, 7],
  // Reading the dipstick before the new oil has settled into the sump.
  'oil-level': [0.5, 1],
  vacuum: [6, 9],
  'bedding-test': [3, 5],
  'wheels-on': [1.5, 2.5],
  'underbody-inspect': [2, 3.5],
};

/**
 * The band actions of one service on one car, starting when the car is on the bay. Steps follow the
 * service's procedure one after another; each takes about its standard, never under its minimum,
 * unless the technician's habit is to cut the drain short. Returns the actions and the band's next
 * event number. Services with no procedure (a diagnosis) send nothing. `procedures`: the shop's own
 * standards when known (the demo reads them from the hub), else the technician's copy.
 */
export function planVisitSteps(
  visit: { service: string; bayId: string },
  carInAt: number,
  member: CrewMember,
  rng: Rng,
  firstN: number,
  procedures: Readonly<Record<string, Procedure>> = PROCEDURES,
): { actions: BandAction[]; nextN: number } {
  const procedure = procedures[visit.service];
  if (!procedure) return { actions: [], nextN: firstN };
  const actions: BandAction[] = [];
  let n = firstN;
  let t = carInAt + rng.between(1, 3) * MIN;
  const step = (code: string, kind: StepEventKind, at: number) => {
    actions.push({
      at: Math.round(at),
      bandId: member.bandId,
      kind: 'step',
      n: n++,
      // Qualified with the service, so a shared step code names one standard. No technician: the hub
      // credits the one the band is issued to [GB-3.2.4].
      event: { bay: visit.bayId, step: `${procedure.serviceCode}/${code}`, kind },
    });
  };
  const offlineAt = member.habit === 'drops-offline' ? 2 : -1;
  procedure.steps.forEach((s, i) => {
    const cut = member.habit === 'cuts-drain-short' ? CUT_SHORT[s.code] : undefined;
    const minutes = cut
      ? rng.between(cut[0], cut[1])
      : // Mostly within the standard, now and then a little over it (a stiff filter, a seized bolt).
        rng.between(Math.max(s.min * 1.05, s.standard * 0.8), Math.max(s.min * 1.1, s.standard * 1.05));
    step(s.code, 'start', t);
    // The band drops off the Wi-Fi a minute into this step and is back a few minutes after its end.
    if (i === offlineAt) actions.push({ at: Math.round(t + MIN), bandId: member.bandId, kind: 'offline' });
    t += minutes * MIN;
    step(s.code, 'end', t);
    if (i === offlineAt)
      actions.push({ at: Math.round(t + rng.between(2, 6) * MIN), bandId: member.bandId, kind: 'online' });
    if (member.habit === 'double-sends' && rng.chance(0.5)) {
      const end = actions.at(-1)!;
      actions.push({ at: end.at + Math.round(rng.between(200, 900)), bandId: member.bandId, kind: 'resend', n: n - 1 });
    }
    t += rng.between(0.2, 1) * MIN;
  });
  actions.sort((a, b) => a.at - b.at);
  return { actions, nextN: n };
}
