// The step engine against each real-world case, on a fake clock: a service done by the book, a
// drain cut short, the same event twice, events out of order, an end with no start, a start never
// ended, a band whose clock is minutes off, a band that flushes its backlog, a band handed over.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OIL_CHANGE_BY_THE_BOOK, wristbandShop, type WristbandShop } from './wristbands.testkit.ts';

const MIN = 60_000;
let shop: WristbandShop;
beforeEach(() => {
  shop = wristbandShop();
  shop.addBand('band-07');
  shop.addBand('band-08');
});
afterEach(() => shop.close());

const shortAlerts = () => shop.alerts().filter((a) => a.kind === 'short-operation');

describe('a service done by the book', () => {
  it('times every step of an oil change against its standard and raises nothing', () => {
    const job = shop.openJob(['oil-change']);
    const band = shop.band('band-07', 'li-wei');
    for (const [step, minutes] of OIL_CHANGE_BY_THE_BOOK) {
      expect(band.start(step).outcome).toEqual({ ok: true });
      shop.minutes(minutes);
      expect(band.end(step).outcome).toEqual({ ok: true });
    }
    const steps = shop.steps(job);
    expect(steps).toHaveLength(12);
    expect(steps.every((s) => s.status === 'done' && s.verdict === 'ok' && s.clock === 'device')).toBe(true);
    const drain = steps.find((s) => s.step.code === 'oil-drain')!;
    expect(drain.durationMs).toBe(18 * MIN);
    expect(drain.step.name.zh).toBe('排放旧机油');
    expect(drain.minMinutes).toBe(15);
    expect(shop.alerts()).toEqual([]);
    expect(shop.buzzes).toEqual([]);
  });
});

describe('a step cut short', () => {
  it('raises one short-operation alert at once and buzzes the band that ended it', () => {
    const job = shop.openJob(['oil-change']);
    const band = shop.band('band-07', 'li-wei');
    band.start('oil-drain');
    shop.minutes(6);
    band.end('oil-drain');
    const [alert, ...rest] = shortAlerts();
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      jobId: job,
      tech: 'li-wei',
      bandId: 'band-07',
      state: 'open',
      blocksRelease: true,
      durationMs: 6 * MIN,
      minMinutes: 15,
      raisedAt: shop.now(),
      step: { serviceCode: 'oil-change', code: 'oil-drain' },
    });
    expect(shop.buzzes).toEqual([
      { bandId: 'band-07', n: { buzz: 'long', reason: '排放旧机油仅6/15分钟 · 6 of 15 min: check', ts: shop.now() } },
    ]);
    // The managers' console got it live (the staff collection `alerts`).
    expect(shop.published.filter((p) => p.collection === 'alerts').map((p) => p.id)).toEqual([alert!.id]);
  });

  it('applies an event delivered twice once: one timing, one alert, one buzz', () => {
    shop.openJob(['oil-change']);
    const band = shop.band('band-07', 'li-wei');
    const start = band.start('oil-drain').ev;
    expect(band.again(start)).toEqual({ ok: false, ignored: 'duplicate' });
    shop.minutes(6);
    const end = band.end('oil-drain').ev;
    shop.advance(400);
    expect(band.again(end)).toEqual({ ok: false, ignored: 'duplicate' });
    expect(shortAlerts()).toHaveLength(1);
    expect(shop.buzzes).toHaveLength(1);
  });
});

describe('events out of order and halves missing', () => {
  it('pairs an end that arrived before its start once the start turns up', () => {
    const job = shop.openJob(['oil-change']);
    const band = shop.band('band-07', 'li-wei');
    const startedAt = shop.now();
    shop.minutes(17);
    // The end overtook the start in flight: it comes first, the start right after.
    expect(band.end('oil-drain').outcome).toEqual({ ok: true });
    expect(shop.steps(job)[0]).toMatchObject({ status: 'end-only', durationMs: null });
    band.start('oil-drain', { at: startedAt });
    const [drain] = shop.steps(job);
    expect(drain).toMatchObject({ status: 'done', durationMs: 17 * MIN, verdict: 'ok' });
    expect(shop.alerts()).toEqual([]);
  });

  it('records an end with no start untimed, and counts the step as done at quality check', () => {
    const job = shop.openJob(['tyre-rotation']);
    const band = shop.band('band-07', 'li-wei');
    band.end('wheels-off');
    expect(shop.steps(job)).toMatchObject([{ status: 'end-only', verdict: 'unjudged', durationMs: null }]);
    shop.move(job, 'quality-check');
    const missed = shop.alerts().find((a) => a.kind === 'step-missed')!;
    expect(missed.missing.map((m) => m.code)).not.toContain('wheels-off');
  });

  it('closes a start never ended at quality check and flags it', () => {
    const job = shop.openJob(['oil-change']);
    const band = shop.band('band-07', 'li-wei');
    band.start('underbody-check');
    shop.minutes(30);
    shop.move(job, 'quality-check');
    const unfinished = shop.alerts().filter((a) => a.kind === 'step-unfinished');
    expect(unfinished).toMatchObject([{ tech: 'li-wei', step: { code: 'underbody-check' }, blocksRelease: true }]);
    expect(shop.steps(job)[0]!.status).toBe('never-ended');
  });

  it('lists at quality check every required step never recorded, not the skippable ones', () => {
    const job = shop.openJob(['tyre-rotation']);
    const band = shop.band('band-07', 'li-wei');
    for (const [step, m] of [
      ['lift-secure', 4],
      ['wheels-off', 6],
      ['wheels-on', 6],
    ] as const) {
      band.start(step);
      shop.minutes(m);
      band.end(step);
    }
    shop.move(job, 'quality-check');
    const [missed] = shop.alerts().filter((a) => a.kind === 'step-missed');
    expect(missed!.missing.map((m) => m.code)).toEqual(['tyre-inspect', 'wheels-rotate', 'lower-car', 'pressure-set']);
    expect(missed!.missing[0]!.name.en).toBe('Check tread depth, wear and damage');
  });

  it('treats a second start of a running step as a restart: the later start counts', () => {
    const job = shop.openJob(['oil-change']);
    const band = shop.band('band-07', 'li-wei');
    band.start('oil-drain');
    shop.minutes(2);
    band.start('oil-drain');
    shop.minutes(16);
    band.end('oil-drain');
    const steps = shop.steps(job);
    expect(steps.map((s) => s.status).sort()).toEqual(['done', 'restarted']);
    expect(steps.find((s) => s.status === 'done')!.durationMs).toBe(16 * MIN);
  });
});

describe('clocks that are wrong and bands that were offline', () => {
  it('judges a band whose clock is minutes off by the hub receive times, and says so', () => {
    const job = shop.openJob(['oil-change']);
    const band = shop.band('band-07', 'li-wei', { skewMs: -7 * MIN });
    band.online();
    band.start('oil-drain');
    shop.minutes(16);
    band.end('oil-drain');
    expect(shop.steps(job)[0]).toMatchObject({ durationMs: 16 * MIN, clock: 'hub', verdict: 'ok', backlog: false });
  });

  it('is not fooled when a wrong clock is corrected mid-step', () => {
    const job = shop.openJob(['oil-change']);
    // Seven minutes slow, then set six minutes forward while the oil drains: by its own timestamps
    // the drain took 22 minutes; by the hub's it took 16, which is what is recorded.
    shop.band('band-07', 'li-wei', { skewMs: -7 * MIN }).online();
    shop.band('band-07', 'li-wei', { skewMs: -7 * MIN }).start('oil-drain');
    shop.minutes(16);
    shop.band('band-07', 'li-wei', { skewMs: -1 * MIN }).end('oil-drain');
    expect(shop.steps(job)[0]).toMatchObject({ durationMs: 16 * MIN, clock: 'hub', verdict: 'ok' });
    expect(shop.alerts()).toEqual([]);
  });

  it('judges a backlog by the band’s own clock when the band comes back online', () => {
    const job = shop.openJob(['oil-change']);
    const band = shop.band('band-07', 'li-wei');
    band.online();
    // The band loses Wi-Fi; the technician drains for 16 minutes; the band sends both events 10
    // minutes after the end, when it is back (status first, then the backlog) [GB-3.2.2].
    const startedAt = shop.now() + 2 * MIN;
    const endedAt = startedAt + 16 * MIN;
    shop.minutes(28);
    band.online();
    band.start('oil-drain', { at: startedAt });
    shop.advance(40);
    band.end('oil-drain', { at: endedAt });
    expect(shop.steps(job)[0]).toMatchObject({
      durationMs: 16 * MIN,
      clock: 'device',
      backlog: true,
      startedAt,
      endedAt,
      verdict: 'ok',
    });
  });

  it('still catches a drain cut short in a backlog, and corrects a wrong clock by its offset', () => {
    const job = shop.openJob(['oil-change']);
    // A band 5 minutes fast that was offline during the drain.
    const band = shop.band('band-07', 'li-wei', { skewMs: 5 * MIN });
    band.online();
    const startedAt = shop.now() + MIN;
    shop.minutes(20);
    band.online();
    band.start('oil-drain', { at: startedAt });
    band.end('oil-drain', { at: startedAt + 5 * MIN });
    expect(shop.steps(job)[0]).toMatchObject({ durationMs: 5 * MIN, clock: 'device', backlog: true });
    // Its times are put back on the hub's clock: the band's 5 minutes ahead are taken off.
    expect(Math.abs(shop.steps(job)[0]!.startedAt! - startedAt)).toBeLessThan(1000);
    expect(shortAlerts()).toHaveLength(1);
  });

  it('remembers a band’s clock across a hub restart, so a backlog sent right after is still judged right', () => {
    const job = shop.openJob(['oil-change']);
    const band = shop.band('band-07', 'li-wei', { skewMs: -7 * MIN });
    band.online();
    const startedAt = shop.now() + MIN;
    shop.minutes(25);
    // The hub restarts while the band is offline; the band's backlog is the first thing it hears.
    shop.restart();
    band.start('oil-drain', { at: startedAt });
    band.end('oil-drain', { at: startedAt + 16 * MIN });
    expect(shop.steps(job)[0]).toMatchObject({ durationMs: 16 * MIN, clock: 'device', backlog: true, verdict: 'ok' });
    expect(shop.alerts()).toEqual([]);
  });

  it('leaves a backlog of earlier work off a job opened after it happened', () => {
    const band = shop.band('band-07', 'li-wei');
    band.online();
    const earlier = shop.now();
    shop.minutes(30);
    const job = shop.openJob(['oil-change']);
    band.online();
    band.start('oil-drain', { at: earlier });
    band.end('oil-drain', { at: earlier + 16 * MIN });
    expect(shop.steps(job)).toEqual([]);
  });
});

describe('a band handed to another technician', () => {
  it('records the handover and credits each technician with their own steps', () => {
    const job = shop.openJob(['oil-change']);
    const band = shop.band('band-07', 'li-wei');
    band.start('oil-drain');
    shop.minutes(4);
    // Shift change: the job goes to wang-fang, and band-07 with it; wang-fang ends the drain li-wei started.
    shop.assign(job, 'wang-fang');
    const handedOn = shop.band('band-07', 'wang-fang');
    handedOn.end('oil-drain');
    handedOn.start('filter-replace');
    shop.minutes(5);
    handedOn.end('filter-replace');
    const steps = shop.steps(job);
    expect(steps.find((s) => s.step.code === 'oil-drain')).toMatchObject({ tech: 'li-wei', endTech: 'wang-fang' });
    expect(steps.find((s) => s.step.code === 'filter-replace')).toMatchObject({ tech: 'wang-fang', endTech: null });
    // The drain ended at 4 minutes: the alert is for who declared it finished.
    expect(shortAlerts()).toMatchObject([{ tech: 'wang-fang', bandId: 'band-07' }]);
    const handovers = shop.db.prepare('SELECT band_id, from_tech, to_tech FROM wristband_handovers').all();
    expect(handovers).toEqual([{ band_id: 'band-07', from_tech: 'li-wei', to_tech: 'wang-fang' }]);
  });

  it('lets a technician end on a new band the step they started on the old one', () => {
    const job = shop.openJob(['oil-change']);
    shop.band('band-07', 'li-wei').start('oil-drain');
    shop.minutes(16);
    shop.band('band-08', 'li-wei').end('oil-drain');
    expect(shop.steps(job)[0]).toMatchObject({ tech: 'li-wei', endTech: null, durationMs: 16 * MIN, verdict: 'ok' });
  });
});

describe('what the edge refuses', () => {
  it('refuses events from unknown devices, from non-wristbands and for bays that do not exist', () => {
    shop.addSensor('bay-1-sensor');
    expect(shop.band('band-99', 'li-wei').start('oil-drain').outcome).toMatchObject({ rejected: 'unknown_device' });
    expect(shop.band('bay-1-sensor', 'li-wei').start('oil-drain').outcome).toMatchObject({ rejected: 'wrong_kind' });
    const lost = shop.band('band-07', 'li-wei', { bay: 'bay-42' }).start('oil-drain').outcome;
    expect(lost).toMatchObject({ rejected: 'wrong_bay' });
  });

  it('refuses a band issued to nobody: never issued, returned, or past its shift [GB-3.2.4]', () => {
    const job = shop.openJob(['oil-change']);
    const start = (bandId: string) => ({
      id: `${bandId}-${shop.now()}`,
      ts: shop.now(),
      bay: 'bay-1',
      step: 'oil-drain',
      kind: 'start' as const,
    });
    expect(shop.module.engine.applyEvent('band-08', start('band-08'), shop.now())).toMatchObject({
      rejected: 'band_not_issued',
    });
    shop.module.issues.issue('band-08', 'li-wei', 2, '王经理', shop.now());
    shop.minutes(1);
    shop.module.issues.giveBack('band-08', shop.now());
    shop.minutes(1);
    expect(shop.module.engine.applyEvent('band-08', start('band-08'), shop.now())).toMatchObject({
      rejected: 'band_not_issued',
    });
    shop.module.issues.issue('band-08', 'li-wei', 1, '王经理', shop.now());
    shop.minutes(61);
    expect(shop.module.engine.applyEvent('band-08', start('band-08'), shop.now())).toMatchObject({
      rejected: 'band_not_issued',
    });
    expect(shop.steps(job)).toEqual([]);
  });

  it('refuses a band on a bay where its technician has no job, and ignores a name in the payload', () => {
    shop.openJob(['oil-change'], 'bay-1', 'li-wei');
    const wangsJob = shop.openJob(['oil-change'], 'bay-2', 'wang-fang');
    // band-07 is issued to li-wei: nothing on wang-fang's bay counts, whatever the event claims.
    const band = shop.band('band-07', 'li-wei', { bay: 'bay-2' });
    expect(band.start('oil-drain').outcome).toMatchObject({ rejected: 'not_technicians_bay' });
    const claimed = { id: 'band-07-claim-1', ts: shop.now(), tech: 'wang-fang', bay: 'bay-2', step: 'oil-drain' };
    expect(shop.module.engine.applyEvent('band-07', { ...claimed, kind: 'start' }, shop.now())).toMatchObject({
      rejected: 'not_technicians_bay',
    });
    expect(shop.steps(wangsJob)).toEqual([]);
  });
});
