// Test doubles shared by the kiosk's unit tests: a clock and timers the test moves by hand.
import type { Timers } from './watchdog.ts';

export interface ManualTimers extends Timers {
  /** Timers not yet fired, earliest first. */
  pending(): { at: number; ms: number }[];
  /** Move the clock forward, firing every timer that falls due on the way. */
  advance(ms: number): void;
  now(): number;
}

export function manualTimers(start = 0): ManualTimers {
  let clock = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; ms: number; fn: () => void }>();
  return {
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: clock + ms, ms, fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    pending: () => [...timers.values()].sort((a, b) => a.at - b.at).map(({ at, ms }) => ({ at, ms })),
    advance(ms) {
      const until = clock + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        clock = due[1].at;
        due[1].fn();
      }
      clock = until;
    },
    now: () => clock,
  };
}
