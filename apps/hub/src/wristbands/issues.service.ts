// Issuing wristbands to technicians for a shift [GB-3.2.4]. A band's events are credited to the
// technician it is issued to at the event's time, and only on bays where that technician's job
// runs; a name in the payload counts for nothing. Issuing a band that is in force hands it over
// (the old issuance ends now); returning it ends it, and its events are refused until it is issued again.
import type { BandIssueView, BandView } from '@glassbay/protocol';
import { AppError } from '../domain/errors.ts';
import type { DevicesRepository } from '../mqtt/devices.repository.ts';
import type { Db } from '../store/db.ts';
import type { IssuesRepository } from './issues.repository.ts';

const HOUR_MS = 3_600_000;

export function createIssuesService(deps: { db: Db; issues: IssuesRepository; devices: DevicesRepository }) {
  const { db, issues, devices } = deps;

  function wristband(bandId: string): void {
    const d = devices.get(bandId);
    if (!d) throw new AppError(404, 'BAND_NOT_FOUND', `no device "${bandId}" is provisioned`);
    if (d.kind !== 'wristband')
      throw new AppError(409, 'NOT_A_WRISTBAND', `device "${bandId}" is a ${d.kind}, not a wristband`);
  }

  function view(bandId: string, now: number): BandView {
    const issue = issues.at(bandId, now) ?? null;
    const last = issues.last(bandId);
    return { bandId, issue, lastIssue: last && last.id !== issue?.id ? last : null };
  }

  return {
    /** The issuance that attributes an event the band made at `at` (hub time), if any. */
    holderAt: (bandId: string, at: number): BandIssueView | undefined => issues.at(bandId, at),

    list(now: number): BandView[] {
      return devices
        .list()
        .filter((d) => d.kind === 'wristband')
        .map((d) => view(d.id, now));
    },

    issue(bandId: string, tech: string, hours: number, by: string, now: number): BandIssueView {
      wristband(bandId);
      return db.transaction(() => {
        const current = issues.at(bandId, now);
        if (current) issues.end(current.id, now);
        return issues.insert({ bandId, tech, issuedAt: now, endsAt: now + Math.round(hours * HOUR_MS), issuedBy: by });
      })();
    },

    giveBack(bandId: string, now: number): BandView {
      wristband(bandId);
      const current = issues.at(bandId, now);
      if (!current) throw new AppError(409, 'BAND_NOT_ISSUED', `band "${bandId}" is not issued to anyone now`);
      issues.end(current.id, now);
      return view(bandId, now);
    },
  };
}
export type IssuesService = ReturnType<typeof createIssuesService>;
