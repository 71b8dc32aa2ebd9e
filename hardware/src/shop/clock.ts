// The simulated shop's clock. There is one time, the wall clock the hub keeps: every device stamps
// its messages with it. The shop only compresses durations: at speed 30 a 15-minute oil drain lasts
// 30 real seconds, and the shop's own standards are compressed the same way (manager.ts), so a
// drain cut to 6 minutes is still short by the hub's judgement. `simNow` is a label for the log
// ("09:42"), never a timestamp sent to the hub.

const MIN = 60_000;
/** A wait is cut into slices of at most this, so stop() is never held up by a long simulated pause. */
const SLICE_MS = 500;

export interface ShopClock {
  readonly speed: number;
  /** Simulated ms since the first opening (08:30 of day one), for labels and the day's profile. */
  simNow(): number;
  /** Wait `simMs` of simulated time; resolves false at once when the shop is stopping. */
  wait(simMs: number): Promise<boolean>;
  /** Simulated minutes → real ms, with a floor so a busy loop at a high speed still yields. */
  realMs(simMs: number): number;
  readonly stopped: boolean;
  stop(): void;
}

export function createShopClock(opts: { speed: number; startAtMinutes?: number; now?: () => number }): ShopClock {
  if (!(opts.speed > 0)) throw new RangeError(`speed must be above 0, got ${opts.speed}`);
  const now = opts.now ?? (() => Date.now());
  const realStart = now();
  const simStart = (opts.startAtMinutes ?? 0) * MIN;
  let stopped = false;
  const wakers = new Set<() => void>();
  const realMs = (simMs: number) => Math.max(20, simMs / opts.speed);

  return {
    speed: opts.speed,
    simNow: () => simStart + (now() - realStart) * opts.speed,
    realMs,
    get stopped() {
      return stopped;
    },
    async wait(simMs) {
      let left = realMs(simMs);
      while (left > 0 && !stopped) {
        const slice = Math.min(left, SLICE_MS);
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, slice);
          function done() {
            clearTimeout(t);
            wakers.delete(done);
            resolve();
          }
          wakers.add(done);
        });
        left -= slice;
      }
      return !stopped;
    },
    stop() {
      stopped = true;
      for (const w of [...wakers]) w();
    },
  };
}

export const minutes = (m: number) => m * MIN;
