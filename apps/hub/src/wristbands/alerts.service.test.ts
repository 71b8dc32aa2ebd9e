// What follows a finding, on a fake clock: a job with a live alert (a short operation, steps never
// recorded or never ended, an overrun) cannot be released until a manager resolves it or overrides it
// on record; alerts are acknowledged, resolved
// and answered; an overrun moves the ETA; an edited standard judges only jobs opened after it; the
// console's figures.
import type { JobView } from '@glassbay/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.ts';
import { LEARN } from '../domain/eta-steps.ts';
import { OIL_CHANGE_BY_THE_BOOK, wristbandShop, type WristbandShop } from './wristbands.testkit.ts';

const MIN = 60_000;
const manager = { id: 2, name: '赵经理' };
let shop: WristbandShop;
beforeEach(() => {
  shop = wristbandShop();
  shop.addBand('band-07');
});
afterEach(() => shop.close());

/** An oil change on bay-1, every step by the book except the drain, which li-wei ends after `drainMin` minutes. */
function drainFor(drainMin: number, services = ['oil-change']): string {
  const job = shop.openJob(services);
  const band = shop.band('band-07', 'li-wei');
  for (const [step, minutes] of OIL_CHANGE_BY_THE_BOOK) {
    band.start(step);
    shop.minutes(step === 'oil-drain' ? drainMin : minutes);
    band.end(step);
  }
  return job;
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the call to be refused');
}

describe('releasing a job with a short operation', () => {
  it('refuses ready while the alert is open or only acknowledged, and allows it once resolved', () => {
    const job = drainFor(6);
    shop.move(job, 'quality-check');
    const err = refusal(() => shop.move(job, 'ready'));
    expect(err).toMatchObject({ status: 409, code: 'SHORT_OPERATION_OPEN' });
    expect(err.message).toContain('Drain the old oil ended before its minimum (6 of 15 min)');

    const alert = shop.alerts().find((a) => a.kind === 'short-operation')!;
    shop.module.alerts.acknowledge(alert.id, manager, 'looking at it', shop.now());
    expect(refusal(() => shop.move(job, 'ready')).code).toBe('SHORT_OPERATION_OPEN');

    shop.minutes(5);
    const resolved = shop.module.alerts.resolve(alert.id, manager, 'drained again, 16 min, level checked', shop.now());
    expect(resolved).toMatchObject({ state: 'resolved', blocksRelease: false });
    expect(resolved.actions.map((a) => [a.kind, a.by, a.note])).toEqual([
      ['acknowledge', '赵经理', 'looking at it'],
      ['resolve', '赵经理', 'drained again, 16 min, level checked'],
    ]);
    expect(shop.move(job, 'ready').stage).toBe('ready');
  });

  it('lets a manager override it, on record, and keeps the alert for later resolution', () => {
    const job = drainFor(6);
    shop.move(job, 'quality-check');
    const alert = shop.alerts().find((a) => a.kind === 'short-operation')!;
    const overridden = shop.module.alerts.override(alert.id, manager, 'customer must leave; recall booked', shop.now());
    expect(overridden).toMatchObject({ state: 'overridden', blocksRelease: false });
    expect(overridden.actions).toEqual([
      { kind: 'override', at: shop.now(), by: '赵经理', byKind: 'staff', note: 'customer must leave; recall booked' },
    ]);
    expect(shop.move(job, 'ready').stage).toBe('ready');
    // An override is not a resolution: the alert can still be closed with what was found.
    expect(shop.module.alerts.resolve(alert.id, manager, 'checked at recall: level fine', shop.now()).state).toBe(
      'resolved',
    );
  });

  it('overrides only what holds a job back', () => {
    const job = drainFor(6);
    const alert = shop.alerts()[0]!;
    shop.module.alerts.resolve(alert.id, manager, 'drained again', shop.now());
    expect(refusal(() => shop.module.alerts.override(alert.id, manager, 'n/a', shop.now())).code).toBe(
      'OVERRIDE_NOT_NEEDED',
    );
    expect(refusal(() => shop.module.alerts.resolve(alert.id, manager, 'again', shop.now())).code).toBe(
      'ALERT_RESOLVED',
    );
    shop.move(job, 'quality-check');
    expect(shop.move(job, 'ready').stage).toBe('ready');
  });

  it('does not hold back a job whose every step was recorded within its standard', () => {
    const job = drainFor(16);
    shop.move(job, 'quality-check');
    expect(shop.alerts()).toEqual([]);
    expect(shop.move(job, 'ready').stage).toBe('ready');
  });
});

describe('the release rules: every live alert of the job holds it until a manager decides it', () => {
  it('holds a job none of whose 12 steps was recorded, until a manager overrides it with a reason', () => {
    const job = shop.openJob(['oil-change']);
    shop.minutes(60);
    shop.move(job, 'quality-check');
    const err = refusal(() => shop.move(job, 'ready'));
    expect(err).toMatchObject({ status: 409, code: 'STEPS_NOT_RECORDED' });
    expect(err.message).toContain('12 steps were never recorded');
    const missed = shop.alerts().find((a) => a.kind === 'step-missed')!;
    expect(missed).toMatchObject({ blocksRelease: true, jobId: job });
    expect(missed.missing).toHaveLength(12);
    // Acknowledging is not deciding.
    shop.module.alerts.acknowledge(missed.id, manager, 'asking li-wei', shop.now());
    expect(refusal(() => shop.move(job, 'ready')).code).toBe('STEPS_NOT_RECORDED');
    shop.module.alerts.override(missed.id, manager, 'band was flat; work checked by me', shop.now());
    expect(shop.move(job, 'ready').stage).toBe('ready');
    // Delivering re-checks and does not raise the decided steps again.
    expect(shop.move(job, 'delivered').stage).toBe('delivered');
    expect(shop.alerts().filter((a) => a.kind === 'step-missed')).toHaveLength(1);
  });

  it('checks the steps again at release, and keeps the alerts it raised when it refuses', () => {
    const job = shop.openJob(['oil-change']);
    const band = shop.band('band-07', 'li-wei');
    band.start('prepare');
    shop.minutes(3);
    band.end('prepare');
    shop.move(job, 'quality-check');
    // During quality check the car goes up again and nobody ends the step.
    band.start('lift-secure');
    shop.minutes(20);
    const err = refusal(() => shop.move(job, 'ready'));
    expect(err.code).toBe('STEPS_NOT_RECORDED');
    expect(err.message).toContain('was started and never ended');
    // The refusal rolled back the move, not the finding: both alerts are on the console.
    expect(
      shop
        .alerts()
        .map((a) => [a.kind, a.blocksRelease, a.missing.length])
        .sort(),
    ).toEqual([
      ['step-missed', true, 10],
      ['step-unfinished', true, 0],
    ]);
    expect(shop.jobs.get(job, shop.now()).stage).toBe('quality-check');
  });

  it('holds a job whose step ran past its standard until a manager resolves it with what happened', () => {
    const job = drainFor(38); // standard 18
    shop.move(job, 'quality-check');
    const overrun = shop.alerts().find((a) => a.kind === 'overrun')!;
    expect(overrun.blocksRelease).toBe(true);
    expect(refusal(() => shop.move(job, 'ready')).code).toBe('OVERRUN_UNDECIDED');
    shop.module.alerts.resolve(overrun.id, manager, 'seized drain plug, freed and replaced', shop.now());
    expect(shop.move(job, 'ready').stage).toBe('ready');
  });

  it('raises no alert for steps on a bay with no job: the band has no business there [GB-3.2.4]', () => {
    const band = shop.band('band-07', 'li-wei');
    expect(band.start('oil-drain').outcome).toMatchObject({ rejected: 'not_technicians_bay' });
    shop.minutes(6);
    expect(band.end('oil-drain').outcome).toMatchObject({ rejected: 'not_technicians_bay' });
    expect(shop.alerts()).toEqual([]);
    expect(shop.buzzes).toEqual([]);
  });
});

describe('the technician answers', () => {
  it('records the answer of the technician concerned and refuses anyone else’s', () => {
    drainFor(6);
    const alert = shop.alerts()[0]!;
    const err = refusal(() => shop.module.alerts.answer(alert.id, 'wang-fang', 'not me', shop.now()));
    expect(err).toMatchObject({ status: 403, code: 'ALERT_NOT_YOURS' });
    const answered = shop.module.alerts.answer(alert.id, 'li-wei', 'sump was nearly empty: 1.2 L came out', shop.now());
    expect(answered.actions).toEqual([
      {
        kind: 'answer',
        at: shop.now(),
        by: 'li-wei',
        byKind: 'technician',
        note: 'sump was nearly empty: 1.2 L came out',
      },
    ]);
    // An answer explains; it does not clear the alert.
    expect(answered).toMatchObject({ state: 'open', blocksRelease: true });
  });
});

describe('an overrun moves the ETA', () => {
  it('pushes the job’s ETA later by what the step took past its standard', () => {
    const job = shop.openJob(['oil-change']);
    const etaBefore = shop.jobs.get(job, shop.now()).eta!;
    const band = shop.band('band-07', 'li-wei');
    band.start('oil-drain');
    shop.minutes(38); // standard 18: 20 minutes over
    band.end('oil-drain');
    const published = shop.published.filter((p) => p.collection === 'jobs' && p.id === job).at(-1)!.value as JobView;
    expect(published.eta).toBe(shop.jobs.get(job, shop.now()).eta);
    // Without the wristbands the job would still fit its 60 standard minutes (38 used, 22 left). With
    // them the ETA moves by at least the 20 minutes over, and more: the learned ETA reads the job's
    // own pace (a step at twice its standard slows the rest, shrunk and bounded: domain/eta-steps.ts).
    const moved = published.eta! - etaBefore;
    expect(moved).toBeGreaterThanOrEqual(20 * MIN);
    // At most the 42 standard minutes still to do at the slowest pace, and the 5-minute rounding.
    expect(moved).toBeLessThanOrEqual(20 * MIN + 42 * MIN * (LEARN.paceMax - 1) + 5 * MIN);
    expect(shop.alerts()).toMatchObject([{ kind: 'overrun', blocksRelease: true, durationMs: 38 * MIN }]);
    expect(shop.buzzes).toEqual([]);
  });
});

describe('editing a standard', () => {
  it('judges a job by the version in force when it was opened', () => {
    const before = shop.openJob(['oil-change']);
    shop.minutes(1);
    const current = shop.module.sops.inForce('oil-change', shop.now())!;
    const steps = current.steps.map((s) => (s.code === 'oil-drain' ? { ...s, minMinutes: 5, standardMinutes: 10 } : s));
    const v2 = shop.module.sops.save('oil-change', { steps, note: 'new fast-drain pan' }, '赵经理', shop.now());
    expect(v2).toMatchObject({ version: 2, createdBy: '赵经理', effectiveFrom: shop.now() });
    shop.minutes(1);
    const after = shop.openJob(['oil-change'], 'bay-2', 'wang-fang');
    shop.addBand('band-08');
    const a = shop.band('band-07', 'li-wei');
    const b = shop.band('band-08', 'wang-fang', { bay: 'bay-2' });
    a.start('oil-drain');
    b.start('oil-drain');
    shop.minutes(7);
    a.end('oil-drain');
    b.end('oil-drain');
    // Seven minutes: short under version 1 (15), fine under version 2 (5).
    expect(shop.steps(before)[0]).toMatchObject({ verdict: 'short', minMinutes: 15 });
    expect(shop.steps(after)[0]).toMatchObject({ verdict: 'ok', minMinutes: 5 });
    const library = shop.module.sops.library(shop.now()).find((s) => s.serviceCode === 'oil-change')!;
    expect(library.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(library.current!.steps.find((s) => s.code === 'oil-drain')!.minMinutes).toBe(5);
  });

  it('refuses a standard for a service not on the menu', () => {
    const steps = shop.module.sops.inForce('oil-change', shop.now())!.steps;
    expect(refusal(() => shop.module.sops.save('teleport', { steps }, 'x', shop.now())).code).toBe('SERVICE_UNKNOWN');
  });
});

describe('the console’s figures', () => {
  it('counts short steps per technician and takes each step’s median against the standard', () => {
    shop.addBand('band-08');
    const li = shop.band('band-07', 'li-wei');
    const wang = shop.band('band-08', 'wang-fang', { bay: 'bay-2' });
    shop.openJob(['oil-change']);
    shop.openJob(['oil-change'], 'bay-2', 'wang-fang');
    for (const [band, minutes] of [
      [li, 6],
      [wang, 16],
    ] as const) {
      band.start('oil-drain');
      shop.minutes(minutes);
      band.end('oil-drain');
    }
    li.start('filter-replace');
    shop.minutes(5);
    li.end('filter-replace');
    const figures = shop.module.alerts.figures(30, shop.now());
    expect(figures.technicians).toEqual([
      { tech: 'li-wei', steps: 2, short: 1, overrun: 0, shortRate: 0.5, answered: 0 },
      { tech: 'wang-fang', steps: 1, short: 0, overrun: 0, shortRate: 0, answered: 0 },
    ]);
    expect(figures.steps[0]).toMatchObject({
      step: { code: 'oil-drain' },
      runs: 2,
      short: 1,
      shortRate: 0.5,
      medianMinutes: 11,
      minMinutes: 15,
      standardMinutes: 18,
    });
  });
});
