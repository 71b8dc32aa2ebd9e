import { describe, expect, it } from 'vitest';
import { LOCKOUT, SESSION, afterFailure, afterSuccess, isLocked, sessionValid } from './staff.ts';

describe('sign-in lock-out', () => {
  it('locks an account after repeated failures, for a while, then lets it try again', () => {
    let s = afterSuccess();
    for (let i = 1; i < LOCKOUT.failures; i++) {
      s = afterFailure(s, 1000);
      expect(isLocked(s, 1000)).toBe(false);
    }
    s = afterFailure(s, 1000);
    expect(isLocked(s, 1000)).toBe(true);
    expect(isLocked(s, 1000 + LOCKOUT.lockMs - 1)).toBe(true);
    expect(isLocked(s, 1000 + LOCKOUT.lockMs)).toBe(false);
  });
});

describe('sessions', () => {
  const s = { createdAt: 0, lastSeen: 0, expiresAt: SESSION.maxMs };
  it('expire when idle for a shift, and in any case after the maximum age', () => {
    expect(sessionValid(s, SESSION.idleMs - 1)).toBe(true);
    expect(sessionValid(s, SESSION.idleMs)).toBe(false);
    expect(sessionValid({ ...s, lastSeen: SESSION.maxMs - 10 }, SESSION.maxMs)).toBe(false);
  });
});
