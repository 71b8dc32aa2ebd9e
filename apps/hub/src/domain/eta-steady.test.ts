// The shown ETA on a fake clock (a plain number moved by hand, the jobs tick's 30 s at a time): a bay
// flicking busy for under a minute never reaches the screens nor flips "late"; a change that lasts,
// or a change in the job itself, does; the shown time never stays in the past.
import { describe, expect, it } from 'vitest';
import { estimateReadyAt, isLate, promiseFrom, type EtaJob, type EtaShop } from './eta.ts';
import { STEADY, etaCause, steadyEta, type SteadyEta } from './eta-steady.ts';

const MIN = 60_000;
const TICK = 30_000;
const T0 = Date.UTC(2026, 11, 5, 2, 0, 0);

const waiting: EtaJob = {
  stage: 'waiting',
  stageSince: T0,
  workMinutes: 60,
  washMinutes: 0,
  serviceMsBefore: 0,
  pendingApprovals: 0,
};
const oneFree: EtaShop = { bays: 2, freeBays: 1, waitingAhead: 0 };
const noneFree: EtaShop = { bays: 2, freeBays: 0, waitingAhead: 0 };
const cause = (stage = 'waiting', stageSince = T0) =>
  etaCause({ stage, stageSince, services: ['oil-change'], bayId: null, approvals: [], timeline: [1], work: '' });

/** Run the tick from `from` for `ms`, the shop given by `shopAt`; returns every shown ETA and late flag. */
function run(state: SteadyEta | undefined, from: number, ms: number, shopAt: (t: number) => EtaShop, promise: number) {
  const shown: number[] = [];
  const late: boolean[] = [];
  let s = state;
  for (let t = from; t <= from + ms; t += TICK) {
    s = steadyEta(s, estimateReadyAt(waiting, shopAt(t), t), cause(), t);
    shown.push(s.shown!);
    late.push(isLate(s.shown, promise));
  }
  return { shown, late, state: s! };
}

describe('the shown ETA', () => {
  it('does not jump by a bay round when a bay flicks busy for under a minute, nor flip late', () => {
    const first = steadyEta(undefined, estimateReadyAt(waiting, oneFree, T0), cause(), T0);
    const promise = promiseFrom(first.shown!);
    // The raw estimate does jump: this is the noise the screens showed.
    expect(estimateReadyAt(waiting, noneFree, T0 + MIN)! - estimateReadyAt(waiting, oneFree, T0 + MIN)!).toBe(60 * MIN);
    // A car rolls over bay 2 at 02:03 and is gone 50 s later; the tick sees it twice.
    const flicker = (t: number) => (t >= T0 + 3 * MIN && t < T0 + 3 * MIN + 50_000 ? noneFree : oneFree);
    const { shown, late } = run(first, T0, 4 * MIN, flicker, promise);
    expect(new Set(shown)).toEqual(new Set([first.shown]));
    expect(late.every((l) => !l)).toBe(true);
  });

  it('shows a change of the workshop once it has lasted, and only then', () => {
    const first = steadyEta(undefined, estimateReadyAt(waiting, oneFree, T0), cause(), T0);
    const busyFrom = T0 + MIN;
    const shop = (t: number) => (t >= busyFrom ? noneFree : oneFree);
    const { shown, state } = run(first, T0, 5 * MIN, shop, promiseFrom(first.shown!));
    const changedAt = shown.findIndex((s) => s !== first.shown) * TICK + T0;
    expect(changedAt - busyFrom).toBeGreaterThanOrEqual(STEADY.holdMs);
    expect(changedAt - busyFrom).toBeLessThan(STEADY.holdMs + TICK + 1);
    expect(state.shown! - first.shown!).toBeGreaterThanOrEqual(60 * MIN);
  });

  it('shows a change in the job itself at once', () => {
    const first = steadyEta(undefined, T0 + 65 * MIN, cause(), T0);
    const moved = steadyEta(first, T0 + 90 * MIN, cause('in-service', T0 + MIN), T0 + MIN);
    expect(moved.shown).toBe(T0 + 90 * MIN);
  });

  it('leaves small recomputation drift off the screens', () => {
    const first = steadyEta(undefined, T0 + 65 * MIN, cause(), T0);
    let s = first;
    for (let i = 1; i <= 8; i++) s = steadyEta(s, T0 + 65 * MIN + (i % 2 ? 4 : -3) * MIN, cause(), T0 + i * TICK);
    expect(s.shown).toBe(first.shown);
    expect(s.pending).toBeNull();
  });

  it('never keeps a time that has passed while the car is not ready', () => {
    const first = steadyEta(undefined, T0 + 10 * MIN, cause(), T0);
    const overdue = steadyEta(first, T0 + 13 * MIN, cause(), T0 + 10 * MIN + TICK);
    expect(overdue.shown).toBe(T0 + 13 * MIN);
  });

  it('restarts when the job leaves (no ETA) and when it is seen for the first time', () => {
    expect(steadyEta(undefined, null, cause(), T0).shown).toBeNull();
    const first = steadyEta(undefined, T0 + 10 * MIN, cause(), T0);
    expect(steadyEta(first, null, cause('delivered'), T0 + MIN).shown).toBeNull();
  });
});
