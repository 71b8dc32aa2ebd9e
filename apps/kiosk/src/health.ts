// What the page last said about itself. Changes of connectivity are logged, so an installer reading
// the journal sees when a board lost the hub; steady reports are not.
import type { HealthReport, ShellHealth } from '@glassbay/protocol';
import type { Log } from './log.ts';

export interface HealthRecord extends HealthReport {
  at: number;
}

export function createHealthLog(log: Log, now: () => number) {
  let last: HealthRecord | null = null;
  return {
    report(report: HealthReport): void {
      if (last === null || last.connected !== report.connected) {
        const fields = { rev: report.rev, note: report.note };
        if (report.connected) log.info('page reports: connected to the hub', fields);
        else log.warn('page reports: lost the hub', fields);
      }
      last = { ...report, at: now() };
    },
    last: (): HealthRecord | null => last,
  };
}

/** Electron's per-process metrics (app.getAppMetrics()); working sets are in KB. */
export interface ProcessMetric {
  type: string;
  memory: { workingSetSize: number };
}

/** The shell's part of the screen's health report in the console: uptime, memory, last failure. */
export function shellHealth(input: {
  startedAt: number;
  now: number;
  metrics: readonly ProcessMetric[];
  lastCrash: { at: number; reason: string } | null;
  lastHeartbeatAt?: number | null;
}): ShellHealth {
  const kb = input.metrics.reduce((sum, m) => sum + m.memory.workingSetSize, 0);
  return {
    uptimeSec: Math.max(0, Math.floor((input.now - input.startedAt) / 1000)),
    memoryMb: Math.round((kb / 1024) * 10) / 10,
    lastCrash: input.lastCrash ? { at: input.lastCrash.at, reason: input.lastCrash.reason.slice(0, 200) } : null,
    lastHeartbeatAt: input.lastHeartbeatAt ?? null,
  };
}
