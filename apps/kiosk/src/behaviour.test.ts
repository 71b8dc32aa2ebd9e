import { describe, expect, it } from 'vitest';
import { IDLE_RETURN_MS, idleReturnDue, screenBehaviour } from './behaviour.ts';

describe('screen behaviour', () => {
  it('follows the role: touch screens keep the cursor and return when idle, boards hide it', () => {
    expect(screenBehaviour('check-in', null)).toEqual({ touch: true, hideCursor: false, idleReturnMs: IDLE_RETURN_MS });
    expect(screenBehaviour('lounge-board', null).touch).toBe(true);
    expect(screenBehaviour('queue-board', null)).toEqual({ touch: false, hideCursor: true, idleReturnMs: null });
    expect(screenBehaviour('bay-board', null).hideCursor).toBe(true);
  });

  it('lets the installer say the hardware has (or lacks) a touch panel', () => {
    expect(screenBehaviour('queue-board', true)).toMatchObject({ touch: true, hideCursor: false });
    expect(screenBehaviour('lounge-board', false)).toMatchObject({ touch: false, hideCursor: true });
  });

  it('sends an idle touch screen back to its role’s page, and only then', () => {
    const base = {
      behaviour: screenBehaviour('lounge-board', null),
      lastInputAt: 0,
      home: 'http://hub:8080/lounge',
      shown: 'http://hub:8080/live?job=J1',
    };
    expect(idleReturnDue({ ...base, now: IDLE_RETURN_MS - 1 })).toBe(false);
    expect(idleReturnDue({ ...base, now: IDLE_RETURN_MS })).toBe(true);
    expect(idleReturnDue({ ...base, now: IDLE_RETURN_MS, shown: 'http://hub:8080/lounge?lang=en' })).toBe(false);
    expect(idleReturnDue({ ...base, now: IDLE_RETURN_MS, shown: 'http://hub:8080/pair' })).toBe(false);
    expect(idleReturnDue({ ...base, now: IDLE_RETURN_MS, shown: 'data:text/html,offline' })).toBe(false);
    const board = { ...base, behaviour: screenBehaviour('queue-board', null), home: 'http://hub:8080/queue' };
    expect(idleReturnDue({ ...board, now: 10 * IDLE_RETURN_MS })).toBe(false);
  });
});
