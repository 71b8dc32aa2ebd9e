// What the ETA learns from this shop's own step timings, through the real wristbands services on a
// real SQLite file with a fake clock: a step it has never timed starts from the standard at the shop's
// usual pace, and moves towards its own timings as they come; the times cars stood idle are kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEARN } from '../domain/eta-steps.ts';
import { createStepHistory } from './step-history.ts';
import { createWristbandsRepository } from './wristbands.repository.ts';
import { OIL_CHANGE_BY_THE_BOOK, wristbandShop, type WristbandShop } from './wristbands.testkit.ts';

let shop: WristbandShop;
beforeEach(() => {
  shop = wristbandShop();
  shop.addBand('band-07');
});
afterEach(() => shop.close());

const history = () =>
  createStepHistory({ db: shop.db, wristbands: createWristbandsRepository(shop.db), sops: shop.module.sops });

/** One oil change done step after step, each at `pace` × its standard; a stand after step `standAfter`. */
function oilChange(
  pace: number,
  stand?: { after: number; minutes: number },
  who: { tech: string; band: string; bay: string } = { tech: 'li-wei', band: 'band-07', bay: 'bay-1' },
) {
  const job = shop.openJob(['oil-change'], who.bay, who.tech);
  const band = shop.band(who.band, who.tech, { bay: who.bay });
  OIL_CHANGE_BY_THE_BOOK.forEach(([step, minutes], i) => {
    band.start(step);
    shop.minutes(minutes * pace);
    band.end(step);
    if (stand?.after === i) shop.minutes(stand.minutes);
  });
  // Off the bay (its release is not what is tested here).
  shop.move(job, 'waiting');
  shop.minutes(5);
}

const brakeStep = (h: ReturnType<typeof history>, code: string) => {
  const job = shop.openJob(['brake-pads']);
  const steps = h.workOf({ id: job, services: ['brake-pads'], startedAt: shop.now() }, shop.now()).get('brake-pads')!;
  const sop = shop.module.sops.inForce('brake-pads', shop.now())!;
  const i = sop.steps.findIndex((s) => s.code === code);
  // Off the bay again: the next job on it is the one its band works on.
  shop.move(job, 'waiting');
  return { step: steps[i]!, standard: sop.steps[i]!.standardMinutes };
};

describe('step history', () => {
  it("takes a step it never timed at the shop's usual pace against the standards", () => {
    expect(brakeStep(history(), 'pads-fit').step.learned).toBeNull();
    // Three oil changes, every step at 1.5× its standard: 36 timings, none of them of a brake step.
    for (let i = 0; i < 3; i++) oilChange(1.5);
    const { step, standard } = brakeStep(history(), 'pads-fit');
    expect(step.learned!.p50).toBeCloseTo(standard * 1.5, 1);
  });

  it('moves a step with a few timings of its own from that prior towards them', () => {
    for (let i = 0; i < 3; i++) oilChange(1);
    // A shop that works to the standards: the standard itself.
    const before = brakeStep(history(), 'pads-fit');
    expect(before.step.learned).toBeNull();
    // One brake job whose pads took twice their standard.
    const band = shop.band('band-07', 'li-wei');
    const job = shop.openJob(['brake-pads']);
    band.start('brake-pads/pads-fit');
    shop.minutes(before.standard * 2);
    band.end('brake-pads/pads-fit');
    shop.move(job, 'waiting');
    shop.minutes(60);
    const after = brakeStep(history(), 'pads-fit').step.learned!.p50;
    const w = 1 / (1 + LEARN.priorWeight);
    expect(after).toBeCloseTo(before.standard * (1 + w), 0);
  });

  it("expects a job's steps at the pace of the technician it is assigned to", () => {
    shop.addBand('band-08');
    const zhao = { tech: 'zhao-qiang', band: 'band-08', bay: 'bay-2' };
    for (let i = 0; i < 3; i++) {
      oilChange(1);
      oilChange(1.5, undefined, zhao);
    }
    const drainOf = (technician: string | null) => {
      const job = shop.openJob(['oil-change'], 'bay-1', technician ?? 'li-wei');
      const steps = history()
        .workOf({ id: job, services: ['oil-change'], startedAt: shop.now(), technician }, shop.now())
        .get('oil-change')!;
      shop.move(job, 'waiting');
      return steps[2]!.learned!.p50;
    };
    // The shop's drain: half of them 18 minutes, half 27 (p50 22.5); the shop runs at 1.25× the
    // standards, li-wei at 1×, zhao-qiang at 1.5×.
    expect(drainOf(null)).toBeCloseTo(22.5, 0);
    expect(drainOf('li-wei')).toBeCloseTo(22.5 * (1 / 1.25), 0);
    expect(drainOf('zhao-qiang')).toBeCloseTo(22.5 * (1.5 / 1.25), 0);
  });

  it("learns a step the shop re-timed afresh, from the new standard at the shop's pace", () => {
    // Six oil changes at 1.5× the standards: every oil-change step is learned (the drain: 27 min).
    for (let i = 0; i < 6; i++) oilChange(1.5);
    const drain = () => {
      const job = shop.openJob(['oil-change']);
      const steps = history().workOf({ id: job, services: ['oil-change'], startedAt: shop.now() }, shop.now());
      shop.move(job, 'waiting');
      return steps.get('oil-change')!;
    };
    expect(drain()[2]!.learned!.p50).toBeCloseTo(27, 0);
    // The manager re-times the drain (a new pump: 18 → 8 minutes); the other steps stay as they were.
    const sop = shop.module.sops.inForce('oil-change', shop.now())!;
    shop.module.sops.save(
      'oil-change',
      {
        steps: sop.steps.map((st) =>
          st.code === 'oil-drain' ? { ...st, minMinutes: Math.min(st.minMinutes, 6), standardMinutes: 8 } : st,
        ),
      },
      'manager',
      shop.now(),
    );
    shop.minutes(1);
    const after = drain();
    // The drain's old timings were of another step: the new standard at the shop's 1.5×.
    expect(after[2]!.standardMin).toBe(8);
    expect(after[2]!.learned!.p50).toBeCloseTo(8 * 1.5, 0);
    // An unchanged step keeps what it learned.
    expect(after[0]!.learned!.p50).toBeCloseTo(3 * 1.5, 0);
  });

  it('keeps how long cars stood idle between steps, not the short pauses of the work', () => {
    oilChange(1, { after: 3, minutes: 25 });
    oilChange(1);
    expect(history().stands(shop.now())).toEqual([25]);
  });
});
