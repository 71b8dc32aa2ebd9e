import type { AlertView } from '@glassbay/protocol';
import { describe, expect, it } from 'vitest';
import { alertOrder, minutes } from './alert-list.ts';

const alert = (id: string, over: Partial<AlertView>): AlertView => ({
  id,
  kind: 'overrun',
  state: 'open',
  jobId: null,
  jobCode: null,
  bayId: 'bay-1',
  tech: 'li-wei',
  bandId: 'band-01',
  step: null,
  missing: [],
  durationMs: null,
  minMinutes: null,
  standardMinutes: null,
  clock: 'device',
  raisedAt: 0,
  blocksRelease: false,
  actions: [],
  ...over,
});

describe('the alert list', () => {
  it('puts what holds a car back first, then open, acknowledged, closed; newest first within each', () => {
    const list = alertOrder([
      alert('resolved', { state: 'resolved', raisedAt: 9 }),
      alert('old-open', { raisedAt: 1 }),
      alert('acked', { state: 'acknowledged', raisedAt: 8 }),
      alert('short', { kind: 'short-operation', blocksRelease: true, raisedAt: 2 }),
      alert('new-open', { raisedAt: 5 }),
    ]);
    expect(list.map((a) => a.id)).toEqual(['short', 'new-open', 'old-open', 'acked', 'resolved']);
  });

  it('reads minutes with one decimal, never rounded up', () => {
    expect(minutes(6 * 60_000)).toBe('6');
    expect(minutes(14.99 * 60_000)).toBe('14.9');
    expect(minutes(null)).toBe('—');
  });
});
