// A reactive "now" that advances every `periodMs` while something on screen reads it, and stops its
// timer when nothing does. Relative times ("occupied 12 min") read `minuteTicker.now`.
import { createSubscriber } from 'svelte/reactivity';

export class Ticker {
  readonly #subscribe: () => void;

  constructor(periodMs: number) {
    this.#subscribe = createSubscriber((update) => {
      const id = setInterval(update, periodMs);
      return () => clearInterval(id);
    });
  }

  get now(): number {
    this.#subscribe();
    return Date.now();
  }
}

/** For the header clock: a minute boundary shows within a second. */
export const secondTicker = new Ticker(1_000);
/** For "since when" texts, which count whole minutes. */
export const relativeTicker = new Ticker(30_000);
