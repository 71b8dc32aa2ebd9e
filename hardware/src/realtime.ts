// Drives a workshop runner from a clock at an accelerated speed: at 60x a simulated hour passes in a
// real minute. The clock is injected so a test can run a day on a fake one.
import type { WorkshopRunner } from './workshop-runner.ts';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Longest single wait, so a changed speed or a suspended laptop never leaves the run asleep for long. */
const MAX_WAIT_MS = 5000;

export interface RealtimeDriver {
  /** Simulated time now, ms since the first opening. */
  simNow(): number;
  /** Stop scheduling and wait for the event being applied to finish. */
  stop(): Promise<void>;
  /** Resolves when a step fails (a sensor port threw); the driver has stopped by then. */
  failed: Promise<Error>;
}

export function driveInRealTime(
  runner: Pick<WorkshopRunner, 'runUntil' | 'nextAt' | 'now'>,
  opts: { speed: number; clock?: Clock; startAt?: number },
): RealtimeDriver {
  if (!(opts.speed > 0)) throw new RangeError(`speed must be above 0, got ${opts.speed}`);
  const clock = opts.clock ?? systemClock;
  const realStart = clock.now();
  const simStart = opts.startAt ?? runner.now();
  const simNow = () => simStart + (clock.now() - realStart) * opts.speed;
  let timer: unknown = null;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let fail!: (err: Error) => void;
  const failed = new Promise<Error>((r) => (fail = r));

  const tick = () => {
    timer = null;
    if (stopped) return;
    current = runner.runUntil(simNow()).then(
      () => {
        if (stopped) return;
        const wait = Math.min(MAX_WAIT_MS, Math.max(0, (runner.nextAt() - simNow()) / opts.speed));
        timer = clock.setTimeout(tick, wait);
      },
      (err: unknown) => {
        stopped = true;
        fail(err instanceof Error ? err : new Error(String(err)));
      },
    );
  };
  tick();

  return {
    simNow,
    failed,
    async stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      await current;
    },
  };
}
