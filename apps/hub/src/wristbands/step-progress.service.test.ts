// The steps customers see, through the real jobs and wristbands services on a real SQLite file with
// a fake clock: customer step names saved with a new SOP version (and kept across a restart), the
// step progress published with the job after each band event, and only while the car is worked on.
import { toPublicJob } from '../domain/jobs.ts';
import type { JobView } from '@glassbay/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wristbandShop, type WristbandShop } from './wristbands.testkit.ts';

let shop: WristbandShop;
beforeEach(() => {
  shop = wristbandShop();
  shop.addBand('band-07');
});
afterEach(() => shop.close());

/** The job as last published to the screens. */
const lastView = (jobId: string) =>
  shop.published.filter((p) => p.collection === 'jobs' && p.id === jobId).at(-1)?.value as JobView | undefined;

describe('step progress', () => {
  it('is published with the job after each step event, by the shipped customer names', () => {
    const job = shop.openJob(['oil-change']);
    const band = shop.band('band-07', 'li-wei');
    band.start('prepare');
    expect(lastView(job)!.steps!.current).toMatchObject({ index: 1, running: true, name: { en: 'Getting ready' } });
    shop.minutes(3);
    band.end('prepare');
    expect(lastView(job)!.steps!.current).toMatchObject({ index: 2, running: false, name: { zh: '举升车辆' } });
    // Public boards get the same steps and nothing of the technician.
    const pub = toPublicJob(lastView(job)!)!;
    expect(pub.steps).toEqual(lastView(job)!.steps);
    expect(JSON.stringify(pub)).not.toMatch(/li-wei|李师傅|verdict|short/);
  });

  it('names steps as a new version says, for jobs opened after it, and keeps the names across a restart', () => {
    const before = shop.openJob(['oil-change']);
    shop.minutes(1);
    const v1 = shop.module.sops.inForce('oil-change', shop.now())!;
    const steps = v1.steps.map((s) =>
      s.code === 'prepare' ? { ...s, customerName: { zh: '接车准备', en: 'Preparing your car' } } : s,
    );
    shop.module.sops.save('oil-change', { steps }, '赵经理', shop.now());
    shop.minutes(1);
    const after = shop.openJob(['oil-change'], 'bay-2');
    expect(shop.jobs.get(after, shop.now()).steps!.current!.name).toEqual({ zh: '接车准备', en: 'Preparing your car' });
    expect(shop.jobs.get(before, shop.now()).steps!.current!.name.en).toBe('Getting ready');
    shop.restart();
    const saved = shop.module.sops.inForce('oil-change', shop.now())!;
    expect(saved.steps[0]!.customerName).toEqual({ zh: '接车准备', en: 'Preparing your car' });
    // A step saved without a customer name shows its own name.
    const plain = saved.steps.map((s) => (s.code === 'prepare' ? { ...s, customerName: null } : s));
    shop.module.sops.save('oil-change', { steps: plain }, '赵经理', shop.now());
    shop.minutes(1);
    shop.move(after, 'waiting');
    const third = shop.openJob(['oil-change'], 'bay-2');
    expect(shop.jobs.get(third, shop.now()).steps!.current!.name.en).toBe(v1.steps[0]!.name.en);
  });

  it('is shown while the car is worked on, not before and not after', () => {
    const job = shop.openJob(['oil-change']);
    expect(shop.jobs.get(job, shop.now()).steps).not.toBeNull();
    shop.move(job, 'quality-check');
    expect(shop.jobs.get(job, shop.now()).steps).toBeNull();
    const waiting = shop.openJob(['oil-change'], 'bay-2');
    shop.move(waiting, 'waiting');
    expect(shop.jobs.get(waiting, shop.now()).steps).toBeNull();
  });
});
