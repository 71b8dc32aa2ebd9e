// Sign-in rules: pure, `now` passed in.

/** Failures before an account locks, and how long the lock lasts. */
export const LOCKOUT = { failures: 5, lockMs: 15 * 60_000 } as const;
/** A session lives 12 hours from its last use (a shift), and never beyond 7 days. */
export const SESSION = { idleMs: 12 * 3_600_000, maxMs: 7 * 24 * 3_600_000 } as const;

export interface LoginState {
  failedLogins: number;
  lockedUntil: number | null;
}

export const isLocked = (s: LoginState, now: number): boolean => s.lockedUntil !== null && s.lockedUntil > now;

/** After a wrong password: count it, and lock the account at the threshold. */
export function afterFailure(s: LoginState, now: number): LoginState {
  const failedLogins = s.failedLogins + 1;
  return failedLogins >= LOCKOUT.failures
    ? { failedLogins: 0, lockedUntil: now + LOCKOUT.lockMs }
    : { failedLogins, lockedUntil: s.lockedUntil };
}

export const afterSuccess = (): LoginState => ({ failedLogins: 0, lockedUntil: null });

export function sessionValid(s: { createdAt: number; lastSeen: number; expiresAt: number }, now: number): boolean {
  return now < s.expiresAt && now - s.lastSeen < SESSION.idleMs && now - s.createdAt < SESSION.maxMs;
}
