// The board's announcements, one at a time: when two desks call at once, the second waits until the
// first has been chimed, spoken and shown. Each call is announced once, however often the board
// receives it (a snapshot after a reconnect repeats the last calls).
import type { CallView } from '@glassbay/protocol';

/** Calls older than this when first seen are history, not news: shown, never announced. */
export const ANNOUNCE_WITHIN_MS = 60_000;

export class Announcer {
  readonly #queue: CallView[] = [];
  readonly #seen = new Set<string>();
  #busy = false;

  /**
   * `play` chimes and speaks one call and resolves when it is over; `onCurrent` is told which call
   * is being announced (null when none), for the screen to show it large.
   */
  constructor(
    private readonly play: (call: CallView) => Promise<void>,
    private readonly onCurrent: (call: CallView | null) => void = () => {},
  ) {}

  /** Offer the calls the board holds now; new ones join the queue in the order they were made. */
  offer(calls: readonly CallView[], now: number): void {
    const fresh = calls.filter((c) => !this.#seen.has(c.id)).sort((a, b) => a.at - b.at || Number(a.id) - Number(b.id));
    for (const c of fresh) {
      this.#seen.add(c.id);
      if (now - c.at <= ANNOUNCE_WITHIN_MS) this.#queue.push(c);
    }
    void this.#drain();
  }

  /** Mark calls as known without announcing them (what was called before the board started). */
  know(calls: readonly CallView[]): void {
    for (const c of calls) this.#seen.add(c.id);
  }

  get pending(): number {
    return this.#queue.length;
  }

  async #drain(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
        this.onCurrent(next);
        await this.play(next).catch(() => {});
      }
    } finally {
      this.onCurrent(null);
      this.#busy = false;
    }
  }
}
