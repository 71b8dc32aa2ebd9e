// Plays the crew's wristbands through the workshop's cars: when a car rolls onto a bay, the bay's
// technician works through its service step by step (wristband-plan.ts) and the runner hands each
// action to that technician's band at its simulated time. Owns simulated time only, like the
// workshop runner, so the real-time driver (realtime.ts) can drive it and a test can step it.
import { createRng, deriveSeed } from './rng.ts';
import type { BandPort } from './wristband.ts';
import { planVisitSteps, type BandAction, type CrewMember } from './wristband-plan.ts';

export interface BandRunner {
  /** A car is on a bay for a service: its technician's band actions are planned from `simTime`. */
  carIn(visit: { id: string; service: string; bayId: string }, simTime: number): void;
  /** Apply every action whose simulated time is <= `simTime`. */
  runUntil(simTime: number): Promise<void>;
  /** Simulated time of the next action (Infinity when none is planned). */
  nextAt(): number;
  now(): number;
}

export function createBandRunner(opts: {
  crew: readonly CrewMember[];
  seed: number;
  ports: Record<string, BandPort>;
  /** Simulated time → the true epoch ms the bands stamp (with their own skew) on events. */
  epochAt: (simTime: number) => number;
  /**
   * Nothing happens before this simulated time (the morning a demo plays at once): a car already on
   * its bay then is taken up at its first step that starts from here.
   */
  startAt?: number;
  onAction?: (a: BandAction) => void;
}): BandRunner {
  for (const m of opts.crew) if (!opts.ports[m.bandId]) throw new Error(`no band port for "${m.bandId}"`);
  const crewOf = new Map(opts.crew.map((m) => [m.bayId, m]));
  const nextN = new Map(opts.crew.map((m) => [m.bandId, 1]));
  let planned: BandAction[] = [];
  let reached = 0;
  let queue: Promise<unknown> = Promise.resolve();

  async function apply(a: BandAction): Promise<void> {
    const port = opts.ports[a.bandId]!;
    opts.onAction?.(a);
    switch (a.kind) {
      case 'step':
        return port.send(a.n, a.event, opts.epochAt(a.at));
      case 'resend':
        return port.resend(a.n);
      case 'offline':
        return port.goOffline();
      case 'online':
        return port.comeOnline();
    }
  }

  async function run(simTime: number): Promise<void> {
    while (planned.length > 0 && planned[0]!.at <= simTime) await apply(planned.shift()!);
    reached = Math.max(reached, simTime);
  }

  return {
    carIn(visit, simTime) {
      const member = crewOf.get(visit.bayId);
      if (!member) return;
      const rng = createRng(deriveSeed(opts.seed, `band-${visit.id}`));
      const plan = planVisitSteps(visit, simTime, member, rng, nextN.get(member.bandId)!);
      nextN.set(member.bandId, plan.nextN);
      const actions = fromStart(plan.actions, opts.startAt ?? Number.NEGATIVE_INFINITY);
      // Stable: actions of one band keep their planned order at equal times.
      planned = [...planned, ...actions].sort((a, b) => a.at - b.at);
    },
    runUntil(simTime) {
      const next = queue.then(() => run(simTime));
      queue = next.catch(() => {});
      return next;
    },
    nextAt: () => planned[0]?.at ?? Number.POSITIVE_INFINITY,
    now: () => reached,
  };
}

/** A service's actions from `startAt` on: whole steps only, and no way back online never taken. */
function fromStart(actions: BandAction[], startAt: number): BandAction[] {
  const dropped = new Set<number>();
  let offlineDropped = false;
  return actions.filter((a) => {
    if (a.kind === 'step') {
      // An end whose start came before the start of the simulation goes with it (ends follow their start).
      const drop = a.at < startAt || (a.event.kind === 'end' && dropped.has(a.n - 1));
      if (drop) dropped.add(a.n);
      return !drop;
    }
    if (a.kind === 'resend') return !dropped.has(a.n);
    if (a.kind === 'offline') offlineDropped = a.at < startAt;
    return !offlineDropped;
  });
}
