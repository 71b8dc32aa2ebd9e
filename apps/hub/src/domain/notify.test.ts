import { describe, expect, it } from 'vitest';
import { delayBeyondPromise, messageText, retryDelayMs } from './notify.ts';

const MIN = 60_000;

describe('delay worth a message', () => {
  const promised = Date.UTC(2026, 11, 6, 8, 0);
  it('fires only past the promise by more than the threshold', () => {
    expect(delayBeyondPromise({ eta: promised + 15 * MIN }, promised, 15 * MIN)).toBe(false);
    expect(delayBeyondPromise({ eta: promised + 16 * MIN }, promised, 15 * MIN)).toBe(true);
    expect(delayBeyondPromise({ eta: promised - 30 * MIN }, promised, 0)).toBe(false);
  });
  it('says nothing without an estimate or a promise', () => {
    expect(delayBeyondPromise({ eta: null }, promised, 0)).toBe(false);
    expect(delayBeyondPromise({ eta: promised + 60 * MIN }, null, 0)).toBe(false);
  });
  it("uses the range's high end once the estimate has one", () => {
    expect(delayBeyondPromise({ eta: promised, etaHigh: promised + 20 * MIN }, promised, 15 * MIN)).toBe(true);
  });
});

describe('retry waits', () => {
  it('double from the base and stop at the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 10_000, 60_000))).toEqual([
      10_000, 20_000, 40_000, 60_000, 60_000,
    ]);
  });
});

describe('message texts', () => {
  it("speak the customer's language and name the ticket, never a plate", () => {
    const desk = { zh: '2号服务台', en: 'Desk 2' };
    expect(messageText('ticket-called', 'zh-CN', { ref: 'A012', desk })).toBe('A012号，轮到您了，请到2号服务台办理。');
    expect(messageText('ticket-called', 'en', { ref: 'A012', desk })).toBe(
      'Ticket A012: it is your turn, please come to Desk 2.',
    );
    expect(messageText('approval-needed', 'en', { ref: 'A012', item: 'Brake pads' })).toContain('Brake pads');
    expect(messageText('ready-for-pickup', 'zh-CN', { ref: 'A012' })).toContain('可以取车');
    const late = messageText('delayed', 'zh-CN', {
      ref: 'A012',
      eta: new Date(2026, 11, 6, 17, 40).getTime(),
      promisedAt: new Date(2026, 11, 6, 17, 0).getTime(),
    });
    expect(late).toContain('17:40');
    expect(late).toContain('17:00');
  });
});
