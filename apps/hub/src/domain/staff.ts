// Sign-in rules: pure, `now` passed in. Failed sign-ins are limited by delays (login-limits.ts), never a lock.

/** A session lives 12 hours from its last use (a shift), and never beyond 7 days. */
export const SESSION = { idleMs: 12 * 3_600_000, maxMs: 7 * 24 * 3_600_000 } as const;

export interface LoginState {
  failedLogins: number;
  lockedUntil: number | null;
}

export function sessionValid(s: { createdAt: number; lastSeen: number; expiresAt: number }, now: number): boolean {
  return now < s.expiresAt && now - s.lastSeen < SESSION.idleMs && now - s.createdAt < SESSION.maxMs;
}
