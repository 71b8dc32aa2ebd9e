// What the page last said about itself. Changes of connectivity are logged, so an installer reading
// the journal sees when a board lost the hub; steady reports are not.
import type { HealthReport } from '@glassbay/protocol';
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
