// Plays planned workshop days, one after another, into sensor ports. The runner owns simulated
// time only: `runUntil(t)` applies every event up to `t`, awaiting each port, so a test can drive it
// step by step and the real-time driver (realtime.ts) can drive it from a clock.
import {
  emptyBay,
  planWorkshopDay,
  type BayPhysical,
  type DayOptions,
  type DayPlan,
  type WorkshopEvent,
} from './workshop-day.ts';

/** The device side of one bay: what the runner tells a sensor. */
export interface SensorPort {
  /** The bay changed; report its whole state (a port that is offline keeps it for when it returns). */
  report(bay: BayPhysical): Promise<void>;
  /** Lose power or network without a goodbye, so the broker publishes the last will. */
  goOffline(): Promise<void>;
  /** Come back after a reboot and report the current state. */
  comeOnline(): Promise<void>;
}

/** An event placed on the run's continuous timeline. */
export type TimedEvent = WorkshopEvent & { day: number; simTime: number };

export interface WorkshopRunner {
  /** Apply every event whose simulated time is <= `simTime` (ms since the first opening). */
  runUntil(simTime: number): Promise<void>;
  /** Simulated time of the next event. */
  nextAt(): number;
  /** Simulated time reached so far. */
  now(): number;
  /** What the simulation believes each bay looks like. */
  bays(): Record<string, BayPhysical>;
  /** Which sensors are currently away. */
  offline(): ReadonlySet<string>;
  day(): { index: number; plan: DayPlan; startsAt: number };
}

export function createWorkshopRunner(
  opts: Omit<DayOptions, 'day'> & { onEvent?: (e: TimedEvent) => void },
  ports: Record<string, SensorPort>,
): WorkshopRunner {
  for (const b of opts.bays) if (!ports[b]) throw new Error(`no sensor port for bay "${b}"`);
  const state: Record<string, BayPhysical> = Object.fromEntries(opts.bays.map((b) => [b, emptyBay()]));
  const away = new Set<string>();
  let index = 0;
  let startsAt = 0;
  let plan = planWorkshopDay({ ...opts, day: index });
  let cursor = 0;
  let reached = 0;
  let queue: Promise<unknown> = Promise.resolve();

  // Nights are skipped: the next day opens as soon as the last car of this one has left.
  const rollOver = () => {
    startsAt += plan.endsAt;
    index += 1;
    plan = planWorkshopDay({ ...opts, day: index });
    cursor = 0;
  };
  // The next thing to happen: an event, or the end of the day (after which the next day opens).
  const peek = (): number => {
    const next = plan.events[cursor];
    return startsAt + (next ? next.at : plan.endsAt);
  };

  async function apply(e: WorkshopEvent): Promise<void> {
    const port = ports[e.bayId]!;
    opts.onEvent?.({ ...e, day: index, simTime: startsAt + e.at });
    switch (e.kind) {
      case 'sensor-offline':
        away.add(e.bayId);
        return port.goOffline();
      case 'sensor-online':
        away.delete(e.bayId);
        return port.comeOnline();
      default:
        state[e.bayId] = e.bay;
        return port.report(e.bay);
    }
  }

  async function run(simTime: number): Promise<void> {
    while (peek() <= simTime) {
      const e = plan.events[cursor];
      if (!e) {
        rollOver();
        continue;
      }
      cursor += 1;
      await apply(e);
    }
    reached = Math.max(reached, simTime);
  }

  return {
    runUntil(simTime) {
      // Calls queue behind each other: events are applied once and in order.
      const next = queue.then(() => run(simTime));
      queue = next.catch(() => {});
      return next;
    },
    nextAt: peek,
    now: () => reached,
    bays: () => structuredClone(state),
    offline: () => new Set(away),
    day: () => ({ index, plan, startsAt }),
  };
}
