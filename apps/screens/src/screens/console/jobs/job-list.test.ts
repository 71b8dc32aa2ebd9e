import { describe, expect, it } from 'vitest';
import type { JobView } from '@glassbay/protocol';
import { consoleOrder, currentIdleReason, offeredMoves, parseYuan } from './job-list.ts';

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

  it('offers only the moves the hub accepts, and no direct "awaiting approval"', () => {
    const at = (stage: JobView['stage'], bayId: string | null = 'bay-1', approvals: JobView['approvals'] = []) =>
      offeredMoves({ stage, bayId, approvals });
    expect(at('waiting').moves).toEqual(['inspection', 'in-service', 'cancelled']);
    expect(at('inspection').moves).toEqual(['in-service', 'waiting', 'cancelled']);
    expect(at('washing').moves).toEqual(['ready']);
    expect(at('delivered').moves).toEqual([]);
  });

  it('offers no service without a bay, and says why', () => {
    expect(offeredMoves({ stage: 'waiting', bayId: null, approvals: [] })).toEqual({
      moves: ['inspection', 'cancelled'],
      needsBay: true,
    });
  });

  it('lets a job waiting on the customer only be cancelled', () => {
    const pending = [{ state: 'pending' }] as JobView['approvals'];
    expect(offeredMoves({ stage: 'awaiting-approval', bayId: 'bay-1', approvals: pending }).moves).toEqual([
      'cancelled',
    ]);
    // The customer, not the bay, is what it waits for.
    expect(offeredMoves({ stage: 'awaiting-approval', bayId: null, approvals: pending }).needsBay).toBe(false);
  });

  it('reads prices as advisors type them', () => {
    expect(parseYuan('680')).toBe(68_000);
    expect(parseYuan('¥1,280.50')).toBe(128_050);
    expect(parseYuan('12.345')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(parseYuan('')).toBeNull();
  });

  it("reads the pause reason given in this stage: the newest wins, a clear empties it, an older stage's is gone", () => {
    const by = { kind: 'staff', id: 1, name: '王' } as const;
    const said = (at: number, note: string) => ({
      stage: 'in-service' as const,
      at,
      by,
      event: 'idle-reason' as const,
      note,
    });
    const timeline = [said(5, 'road-test'), said(20, 'waiting-parts')];
    expect(currentIdleReason({ stageSince: 10, timeline })).toBe('waiting-parts');
    expect(currentIdleReason({ stageSince: 30, timeline })).toBeNull();
    expect(currentIdleReason({ stageSince: 10, timeline: [...timeline, said(25, '')] })).toBeNull();
  });
});
