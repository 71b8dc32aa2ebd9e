import { describe, expect, it } from 'vitest';
import { SESSION, sessionValid } from './staff.ts';

describe('sessions', () => {
  const s = { createdAt: 0, lastSeen: 0, expiresAt: SESSION.maxMs };
  it('expire when idle for a shift, and in any case after the maximum age', () => {
    expect(sessionValid(s, SESSION.idleMs - 1)).toBe(true);
    expect(sessionValid(s, SESSION.idleMs)).toBe(false);
    expect(sessionValid({ ...s, lastSeen: SESSION.maxMs - 10 }, SESSION.maxMs)).toBe(false);
  });
});
