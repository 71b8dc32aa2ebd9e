// Staff sign-in limits: growing delays, never a lock. Three counts, each over the last 15 minutes of
// attempts that failed or are still being checked: per account and source (one machine guessing one
// account: the delay grows to 15 min), per source (one machine trying many accounts), and per account
// from anywhere (many machines on one account) whose delay stops at 10 s, so that nobody elsewhere
// can keep an owner with the right password out for longer than that.
export interface DelayRule {
  /** Attempts in the window before any delay. */
  free: number;
  baseMs: number;
  maxMs: number;
}

export const LOGIN_LIMITS = {
  windowMs: 15 * 60_000,
  accountSource: { free: 5, baseMs: 2_000, maxMs: 15 * 60_000 },
  source: { free: 10, baseMs: 2_000, maxMs: 15 * 60_000 },
  account: { free: 20, baseMs: 1_000, maxMs: 10_000 },
} as const satisfies Record<string, DelayRule | number>;

/**
 * How long this attempt must still wait: `n` counts it with the others of the window, `prevAt` is
 * when the one before it came. The k-th attempt past the free ones waits base·2^(k-1) after that.
 */
export function waitMs(rule: DelayRule, n: number, prevAt: number | null, now: number): number {
  if (n <= rule.free || prevAt === null) return 0;
  const delay = Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(n - rule.free - 1, 30));
  return Math.max(0, prevAt + delay - now);
}
