// The shown ETA of every open job, kept steady between publishes (domain/eta-steady.ts): the jobs
// service hands each freshly computed view through here. Only the publishing path records what was
// shown; a read (the console's list, a phone's first load) sees the same steady value without
// moving it.
import type { JobView } from '@glassbay/protocol';
import { isLate } from '../domain/eta.ts';
import { etaCause, steadyEta, type SteadyEta } from '../domain/eta-steady.ts';
import type { JobRecord } from './jobs.repository.ts';

export function createEtaBoard() {
  const shown = new Map<string, SteadyEta>();
  return {
    /** The view with its ETA steadied and "late" judged against the promise with that ETA. */
    steady(record: JobRecord, view: JobView, workDelayMs: number, now: number, commit: boolean): JobView {
      const next = steadyEta(shown.get(record.id), view.eta, etaCause({ ...record, workDelayMs }), now);
      if (commit) {
        if (record.closedAt === null) shown.set(record.id, next);
        else shown.delete(record.id);
      }
      if (next.shown === view.eta) return view;
      return { ...view, eta: next.shown, late: isLate(next.shown, view.promisedAt) };
    },
  };
}
