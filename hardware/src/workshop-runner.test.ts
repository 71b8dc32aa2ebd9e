import { describe, expect, it } from 'vitest';
import { driveInRealTime, type Clock } from './realtime.ts';
import { emptyBay, planWorkshopDay, type BayPhysical } from './workshop-day.ts';
import { createWorkshopRunner, type SensorPort, type TimedEvent } from './workshop-runner.ts';

const MIN = 60_000;
const BAYS = ['bay-1', 'bay-2', 'bay-3'];

/** A sensor port that remembers what it was told, like a sensor that keeps its state while away. */
class RecordingPort implements SensorPort {
  online = true;
  bay: BayPhysical = emptyBay();
  /** What reached the hub: only reports made while online, plus the state on return. */
  delivered: BayPhysical[] = [];
  async report(bay: BayPhysical) {
    this.bay = bay;
    if (this.online) this.delivered.push(bay);
  }
  async goOffline() {
    this.online = false;
  }
  async comeOnline() {
    this.online = true;
    this.delivered.push(this.bay);
  }
}

const portsFor = (bays: string[]) => Object.fromEntries(bays.map((b) => [b, new RecordingPort()]));

/** A clock whose time moves only when the test says so. */
class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; fn: () => void }[] = [];
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return timer;
  };
  clearTimeout = (h: unknown) => {
    this.timers = this.timers.filter((x) => x !== h);
  };
  /** Move time forward, firing due timers and letting the work they start settle. */
  async advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
    await new Promise((r) => setImmediate(r));
  }
}

describe('workshop runner', () => {
  it('applies the planned events up to the time asked for, in order, and no further', async () => {
    const seen: TimedEvent[] = [];
    const ports = portsFor(BAYS);
    const runner = createWorkshopRunner({ bays: BAYS, seed: 11, onEvent: (e) => seen.push(e) }, ports);
    const plan = planWorkshopDay({ bays: BAYS, seed: 11 });

    await runner.runUntil(120 * MIN);
    const expected = plan.events.filter((e) => e.at <= 120 * MIN);
    expect(expected.length).toBeGreaterThan(5);
    expect(seen.map((e) => [e.at, e.bayId, e.kind])).toEqual(expected.map((e) => [e.at, e.bayId, e.kind]));
    expect(runner.nextAt()).toBeGreaterThan(120 * MIN);

    // The ports and the runner agree on every bay.
    for (const b of BAYS) expect(ports[b]!.bay).toEqual(runner.bays()[b]);
  });

  it('rolls over into the next day once the last car of the day has left', async () => {
    const ports = portsFor(BAYS);
    const runner = createWorkshopRunner({ bays: BAYS, seed: 3 }, ports);
    const first = planWorkshopDay({ bays: BAYS, seed: 3, day: 0 });
    await runner.runUntil(first.endsAt + 60 * MIN);
    const { index, startsAt } = runner.day();
    expect(index).toBe(1);
    expect(startsAt).toBe(first.endsAt);
    // Day two is a different day, not a replay of day one.
    expect(runner.day().plan.visits).not.toEqual(first.visits);
  });

  it('takes a sensor away and brings it back with the bay as it is by then', async () => {
    const ports = portsFor(BAYS);
    const runner = createWorkshopRunner({ bays: BAYS, seed: 9, dropoutChance: 1 }, ports);
    const plan = planWorkshopDay({ bays: BAYS, seed: 9, dropoutChance: 1 });
    const off = plan.events.find((e) => e.kind === 'sensor-offline')!;
    await runner.runUntil(off.at);
    expect(runner.offline().has(off.bayId)).toBe(true);
    expect(ports[off.bayId]!.online).toBe(false);
    const on = plan.events.find((e) => e.kind === 'sensor-online' && e.bayId === off.bayId)!;
    await runner.runUntil(on.at);
    expect(runner.offline().has(off.bayId)).toBe(false);
    expect(ports[off.bayId]!.delivered.at(-1)).toEqual(runner.bays()[off.bayId]);
  });

  it('queues overlapping calls so each event is applied exactly once', async () => {
    const seen: TimedEvent[] = [];
    const runner = createWorkshopRunner({ bays: BAYS, seed: 5, onEvent: (e) => seen.push(e) }, portsFor(BAYS));
    await Promise.all([runner.runUntil(200 * MIN), runner.runUntil(100 * MIN), runner.runUntil(200 * MIN)]);
    const plan = planWorkshopDay({ bays: BAYS, seed: 5 });
    expect(seen).toHaveLength(plan.events.filter((e) => e.at <= 200 * MIN).length);
  });
});

describe('driveInRealTime', () => {
  it('plays a simulated hour in a real minute at 60x', async () => {
    const clock = new FakeClock();
    const seen: TimedEvent[] = [];
    const runner = createWorkshopRunner({ bays: BAYS, seed: 21, onEvent: (e) => seen.push(e) }, portsFor(BAYS));
    const driver = driveInRealTime(runner, { speed: 60, clock });

    await clock.advance(60_000); // one real minute
    const plan = planWorkshopDay({ bays: BAYS, seed: 21 });
    const inFirstHour = plan.events.filter((e) => e.at <= 60 * MIN);
    expect(seen).toHaveLength(inFirstHour.length);
    expect(driver.simNow()).toBe(60 * MIN);

    await clock.advance(60_000);
    expect(seen).toHaveLength(plan.events.filter((e) => e.at <= 120 * MIN).length);
    await driver.stop();
    await clock.advance(10 * 60_000);
    expect(seen).toHaveLength(plan.events.filter((e) => e.at <= 120 * MIN).length);
  });

  it('stops and reports when a sensor port fails', async () => {
    const clock = new FakeClock();
    const broken: SensorPort = {
      report: () => Promise.reject(new Error('sensor bus fault')),
      goOffline: async () => {},
      comeOnline: async () => {},
    };
    const runner = createWorkshopRunner({ bays: ['bay-1'], seed: 2 }, { 'bay-1': broken });
    const driver = driveInRealTime(runner, { speed: 600, clock });
    await clock.advance(60 * 60_000);
    expect((await driver.failed).message).toBe('sensor bus fault');
  });

  it('refuses a speed that would never advance', () => {
    const runner = createWorkshopRunner({ bays: BAYS, seed: 1 }, portsFor(BAYS));
    expect(() => driveInRealTime(runner, { speed: 0 })).toThrow(/speed/);
  });
});
