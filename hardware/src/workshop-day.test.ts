import { describe, expect, it } from 'vitest';
import { SERVICES, clockLabel, emptyBay, planWorkshopDay, type BayPhysical, type DayPlan } from './workshop-day.ts';

const MIN = 60_000;
const BAYS = Array.from({ length: 8 }, (_, i) => `bay-${i + 1}`);
const SEEDS = Array.from({ length: 25 }, (_, i) => 1000 + i * 7919);

/**
 * Replay a day bay by bay as a physical workshop would have to live it, and return every rule it
 * broke: a car driving onto an occupied bay, a lift moving with no car on it, a car leaving on a
 * raised lift, a sensor going offline twice.
 */
function violations(plan: DayPlan): string[] {
  const bays = new Map<string, BayPhysical>();
  const away = new Set<string>();
  const out: string[] = [];
  let last = -Infinity;
  for (const e of plan.events) {
    const where = `${e.bayId} ${e.kind} at ${clockLabel(e.at)}`;
    if (e.at < last) out.push(`${where}: out of order`);
    last = e.at;
    if (!('bay' in e)) {
      if (away.has(e.bayId) !== (e.kind === 'sensor-online')) out.push(`${where}: sensor was not in the other state`);
      if (e.kind === 'sensor-offline') away.add(e.bayId);
      else away.delete(e.bayId);
      continue;
    }
    const before = bays.get(e.bayId) ?? emptyBay();
    const after = e.bay;
    if (e.kind === 'car-in' && before.occupied) out.push(`${where}: bay already occupied`);
    if (e.kind === 'car-in' && before.door !== 'open') out.push(`${where}: drove in through a closed door`);
    if (e.kind === 'car-out' && (!before.occupied || before.lift !== 'down'))
      out.push(`${where}: left an empty bay or a raised lift`);
    if (after.lift !== before.lift && !before.occupied) out.push(`${where}: lift moved on an empty bay`);
    if (after.lift === 'up' && before.lift !== 'moving') out.push(`${where}: lift jumped to up`);
    bays.set(e.bayId, after);
  }
  for (const [bayId, bay] of bays) {
    if (bay.occupied || bay.lift !== 'down' || bay.door !== 'closed')
      out.push(`${bayId}: not empty at the end of the day`);
  }
  if (away.size > 0) out.push(`sensors still offline at the end of the day: ${[...away].join(', ')}`);
  return out;
}

describe('planWorkshopDay', () => {
  it('plans the same day for the same seed, and a different one for another seed or day', () => {
    const a = planWorkshopDay({ bays: BAYS, seed: 42 });
    expect(planWorkshopDay({ bays: BAYS, seed: 42 })).toEqual(a);
    expect(planWorkshopDay({ bays: BAYS, seed: 43 }).visits).not.toEqual(a.visits);
    expect(planWorkshopDay({ bays: BAYS, seed: 42, day: 1 }).visits).not.toEqual(a.visits);
  });

  it('brings a plausible number of cars, all within opening hours, each served on a bay', () => {
    for (const seed of SEEDS) {
      const plan = planWorkshopDay({ bays: BAYS, seed });
      // 4.5 cars per bay on average: a Poisson count of mean 36 stays well inside this range.
      expect(plan.visits.length, `seed ${seed}`).toBeGreaterThanOrEqual(18);
      expect(plan.visits.length, `seed ${seed}`).toBeLessThanOrEqual(56);
      for (const v of plan.visits) {
        expect(v.arrivedAt).toBeGreaterThanOrEqual(0);
        expect(v.arrivedAt).toBeLessThan(480 * MIN); // last intake at 16:30
        expect(v.inAt).toBeGreaterThan(v.arrivedAt);
        const service = SERVICES.find((s) => s.id === v.service)!;
        const onBay = (v.outAt - v.inAt) / MIN;
        // Hands-on time plus lift travel, positioning and the final checks.
        expect(onBay).toBeGreaterThanOrEqual(service.minutes[0]);
        expect(onBay).toBeLessThanOrEqual(service.minutes[1] + 20);
      }
    }
  });

  it('is busier in the morning drop-off than over lunch', () => {
    let morning = 0;
    let lunch = 0;
    for (const seed of SEEDS) {
      for (const v of planWorkshopDay({ bays: BAYS, seed }).visits) {
        if (v.arrivedAt < 120 * MIN) morning++;
        else if (v.arrivedAt >= 210 * MIN && v.arrivedAt < 330 * MIN) lunch++;
      }
    }
    // Equal two-hour windows; the profile makes the morning about three times as busy.
    expect(morning).toBeGreaterThan(lunch * 2);
  });

  it('never puts two cars on one bay and moves a lift only with a car on it', () => {
    for (const seed of SEEDS) {
      expect(violations(planWorkshopDay({ bays: BAYS, seed, dropoutChance: 0.5 })), `seed ${seed}`).toEqual([]);
    }
  });

  it('makes cars wait for a bay when the workshop is overbooked, in arrival order', () => {
    const plan = planWorkshopDay({ bays: ['bay-1', 'bay-2'], seed: 7, carsPerDay: 30 });
    expect(violations(plan)).toEqual([]);
    const waited = plan.visits.filter((v) => v.inAt - v.arrivedAt > 30 * MIN);
    expect(waited.length).toBeGreaterThan(5);
    // The last cars are finished after closing rather than sent home.
    expect(plan.endsAt).toBeGreaterThan(570 * MIN);
    // First come, first served: a later arrival rolls onto a bay before an earlier one only by
    // the few minutes a quicker reception can win (2–6 min at the desk).
    const byArrival = [...plan.visits].sort((a, b) => a.arrivedAt - b.arrivedAt);
    for (let i = 1; i < byArrival.length; i++) {
      expect(byArrival[i]!.inAt).toBeGreaterThanOrEqual(byArrival[i - 1]!.inAt - 5 * MIN);
    }
  });

  it('drops each sensor off once when told to, and brings it back minutes later', () => {
    const plan = planWorkshopDay({ bays: BAYS, seed: 5, dropoutChance: 1, dropoutMinutes: [2, 10] });
    for (const bayId of BAYS) {
      const off = plan.events.filter((e) => e.bayId === bayId && e.kind === 'sensor-offline');
      const on = plan.events.filter((e) => e.bayId === bayId && e.kind === 'sensor-online');
      expect(off).toHaveLength(1);
      expect(on).toHaveLength(1);
      const away = (on[0]!.at - off[0]!.at) / MIN;
      expect(away).toBeGreaterThanOrEqual(2);
      expect(away).toBeLessThanOrEqual(10);
    }
    const calm = planWorkshopDay({ bays: BAYS, seed: 5, dropoutChance: 0 });
    expect(calm.events.some((e) => e.kind === 'sensor-offline')).toBe(false);
  });

  it('refuses a workshop without bays', () => {
    expect(() => planWorkshopDay({ bays: [], seed: 1 })).toThrow(/at least one bay/);
  });
});

describe('clockLabel', () => {
  it('shows simulated time on the workshop clock, opening at 08:30', () => {
    expect(clockLabel(0)).toBe('08:30');
    expect(clockLabel(95 * MIN + 59_000)).toBe('10:05');
    expect(clockLabel(16 * 60 * MIN)).toBe('00:30');
  });
});
