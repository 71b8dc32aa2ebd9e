// The demo shop's own rules, without a hub: what its walk-ins type passes the kiosk's checks, its
// compressed standards still tell a cut step from a proper one, and its clock stops at once.
import { CheckInRequestSchema, SopStepSchema, type SopStep } from '@glassbay/protocol';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { PROCEDURES } from '../wristband-procedures.ts';
import { createShopClock } from './clock.ts';
import { walkInRequest } from './customers.ts';
import { scaled } from './manager.ts';

const step = (code: string, minMinutes: number, standardMinutes: number): SopStep => ({
  code,
  name: { zh: code, en: code },
  minMinutes,
  standardMinutes,
  skippable: false,
});

describe('the demo shop', () => {
  it("types check-ins the kiosk's own rules accept, for services its technicians have a procedure for", () => {
    const rng = createRng(7);
    const withProcedure = new Set(Object.values(PROCEDURES).map((p) => p.serviceCode));
    const plates = new Set<string>();
    const langs = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const body = walkInRequest(rng);
      const parsed = CheckInRequestSchema.safeParse(body);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(body.services.every((s) => withProcedure.has(s))).toBe(true);
      plates.add(body.identity.plate.text);
      langs.add(body.lang);
    }
    // Both languages, new-energy plates too, and hardly a plate twice.
    expect(plates.size).toBeGreaterThan(490);
    expect([...plates].some((p) => [...p].length === 8)).toBe(true);
    expect(langs.size).toBe(2);
  });

  it('compresses the standards by the speed, so a drain cut to 6 minutes is still short and 16 is not', () => {
    const drain = step('oil-drain', 15, 18);
    for (const speed of [1, 30, 120, 600]) {
      const [s] = scaled([drain], speed);
      expect(SopStepSchema.safeParse(s).success).toBe(true);
      // Durations in the demo are compressed by the same speed as the standard.
      expect((6 / speed) * 60_000).toBeLessThan(s!.minMinutes * 60_000);
      expect((16 / speed) * 60_000).toBeGreaterThanOrEqual(s!.minMinutes * 60_000);
      expect((16 / speed) * 60_000).toBeLessThanOrEqual(s!.standardMinutes * 60_000);
    }
    // A step that may never be short stays so.
    expect(scaled([step('prepare', 0, 3)], 30)[0]!.minMinutes).toBe(0);
  });

  it('waits simulated time at its speed, and a stop wakes every wait at once', async () => {
    const clock = createShopClock({ speed: 600 });
    let t = Date.now();
    expect(await clock.wait(60_000)).toBe(true); // a simulated minute: 100 ms
    expect(Date.now() - t).toBeGreaterThanOrEqual(90);
    t = Date.now();
    const long = clock.wait(24 * 3600_000);
    setTimeout(() => clock.stop(), 50);
    expect(await long).toBe(false);
    expect(Date.now() - t).toBeLessThan(1000);
    expect(await clock.wait(1000)).toBe(false);
  });
});
