import { describe, expect, it } from 'vitest';
import { createHealthLog, shellHealth } from './health.ts';
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

describe("the shell's health for the console", () => {
  it('adds up every process of the shell and says what the watchdog last recovered from', () => {
    const h = shellHealth({
      startedAt: 1_000,
      now: 1_000 + 3_725_000,
      metrics: [
        { type: 'Browser', memory: { workingSetSize: 102_400 } },
        { type: 'Tab', memory: { workingSetSize: 153_600 } },
        { type: 'GPU', memory: { workingSetSize: 51_200 } },
      ],
      lastCrash: { at: 5_000, reason: 'render-process-gone: oom' },
      lastHeartbeatAt: 3_700_000,
    });
    expect(h).toEqual({
      uptimeSec: 3725,
      memoryMb: 300,
      lastCrash: { at: 5_000, reason: 'render-process-gone: oom' },
      lastHeartbeatAt: 3_700_000,
    });
  });
});
