import { describe, expect, it } from 'vitest';
import { createHealthLog } from './health.ts';
import { memoryLog } from './log.ts';

describe('health reports from the page', () => {
  it('logs when the page loses and regains the hub, not every steady report', () => {
    const log = memoryLog();
    let now = 0;
    const health = createHealthLog(log, () => now);
    for (const [connected, rev] of [
      [true, 1],
      [true, 2],
      [false, 2],
      [false, 2],
      [true, 7],
    ] as const) {
      now += 10_000;
      health.report({ connected, rev });
    }
    expect(log.lines.map((l) => `${l.level} ${l.msg}`)).toEqual([
      'info page reports: connected to the hub',
      'warn page reports: lost the hub',
      'info page reports: connected to the hub',
    ]);
    expect(health.last()).toEqual({ connected: true, rev: 7, at: 50_000 });
  });
});
