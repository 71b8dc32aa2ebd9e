// The ETA a customer is shown, kept steady. The estimate (eta.ts) is recomputed on every event and
// tick from the workshop as it is at that instant, and part of that is noise: a bay's sensor flicking
// (a car passing, a sensor rebooting) moves every waiting job by a whole bay round (60 minutes, see
// waitForBayMinutes), and the tick republished each swing, so the lounge and the phone showed +60
// minutes and back within a minute, and "late" flipped with it. A shown ETA now changes only for a
// real cause: something about the job itself changed (its stage, its approvals, a step started or ended,
// the car going idle), or
// the workshop's change has lasted (`holdMs`) and is worth telling (`bandMs`), or the shown time has
// passed while the car is not ready. No clock and no I/O: `now` comes in.

const MIN = 60_000;

export const STEADY = {
  /** A recomputed ETA within this of the shown one is not worth a change on the screens. */
  bandMs: 5 * MIN,
  /** A workshop-driven change is shown once it has lasted this long (the tick is 30 s). */
  holdMs: 2 * MIN,
} as const;

export interface SteadyEta {
  /** What the screens show, epoch ms; null once the job left. */
  shown: number | null;
  /** The job's own facts the shown ETA was computed from (etaCause). */
  cause: string;
  /** A different estimate seen since `since`, waiting to prove it lasts. */
  pending: { eta: number; since: number } | null;
}

/**
 * The job's own facts behind its estimate: a change in any of them is a real cause, shown at once.
 * The workshop around it (free bays, jobs ahead) is not among them: that is where the noise is.
 */
export function etaCause(job: {
  stage: string;
  stageSince: number;
  services: readonly string[];
  bayId: string | null;
  approvals: readonly { state: string }[];
  timeline: readonly unknown[];
  /** The job's work as the wristbands report it: steps started and ended, idle or not (#17). */
  work: string;
}): string {
  return [
    job.stage,
    job.stageSince,
    job.services.join(','),
    job.bayId ?? '',
    job.approvals.map((a) => a.state).join(','),
    job.timeline.length,
    // A step started or ended, the car gone idle or back to work: the ETA moves for real.
    job.work,
  ].join('|');
}

const fresh = (eta: number | null, cause: string): SteadyEta => ({ shown: eta, cause, pending: null });

/** The next shown ETA, from the last one, the estimate just computed and what it was computed from. */
export function steadyEta(prev: SteadyEta | undefined, computed: number | null, cause: string, now: number): SteadyEta {
  if (!prev || prev.shown === null || computed === null || prev.cause !== cause) return fresh(computed, cause);
  // A time already past while the car is not ready is no promise at all: say the new one now.
  if (prev.shown < now && computed > prev.shown) return fresh(computed, cause);
  if (Math.abs(computed - prev.shown) < STEADY.bandMs) return { ...prev, pending: null };
  const same = prev.pending !== null && Math.abs(prev.pending.eta - computed) < STEADY.bandMs;
  if (!same) return { ...prev, pending: { eta: computed, since: now } };
  if (now - prev.pending!.since >= STEADY.holdMs) return fresh(computed, cause);
  return prev;
}
