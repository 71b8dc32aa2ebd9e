import { describe, expect, it } from 'vitest';
import type { JobView } from '@glassbay/protocol';
import { consoleOrder, offeredMoves, parseYuan } from './job-list.ts';

const job = (id: string, over: Partial<JobView>): JobView =>
  ({ id, stage: 'in-service', late: false, createdAt: Number(id), ...over }) as JobView;

describe('jobs list', () => {
  it('puts late jobs first, then those waiting on the customer, closed ones last', () => {
    const order = consoleOrder([
      job('1', { stage: 'delivered' }),
      job('2', {}),
      job('3', { stage: 'awaiting-approval' }),
      job('4', { late: true }),
      job('5', { stage: 'waiting' }),
    ]).map((j) => j.id);
    expect(order).toEqual(['4', '3', '2', '5', '1']);
  });

  it('offers only the allowed moves, and no direct "awaiting approval"', () => {
    expect(offeredMoves('waiting')).toEqual(['inspection', 'in-service', 'cancelled']);
    expect(offeredMoves('inspection')).toEqual(['in-service', 'waiting', 'cancelled']);
    expect(offeredMoves('washing')).toEqual(['ready']);
    expect(offeredMoves('delivered')).toEqual([]);
  });

  it('reads prices as advisors type them', () => {
    expect(parseYuan('680')).toBe(68_000);
    expect(parseYuan('¥1,280.50')).toBe(128_050);
    expect(parseYuan('12.345')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(parseYuan('')).toBeNull();
  });
});
