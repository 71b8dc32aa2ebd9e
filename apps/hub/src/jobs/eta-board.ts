// The shown ETA of every open job, kept steady between publishes (domain/eta-steady.ts): the jobs
// service hands each freshly computed view through here. Only the publishing path records what was
// shown; a read (the console's list, a phone's first load) sees the same steady value without
// moving it. The range moves with the ETA it belongs to: a kept ETA keeps its range.
import type { EtaRange, JobView } from '@glassbay/protocol';
import { isLate } from '../domain/eta.ts';
import { etaCause, steadyEta, type SteadyEta } from '../domain/eta-steady.ts';
import type { JobRecord } from './jobs.repository.ts';

export function createEtaBoard() {
  const shown = new Map<string, SteadyEta & { range: EtaRange | null }>();
  return {
    /** The view with its ETA steadied and "late" judged against the promise with that ETA. */
    steady(record: JobRecord, view: JobView, work: string, now: number, commit: boolean): JobView {
      const prev = shown.get(record.id);
      const next = steadyEta(prev, view.eta, etaCause({ ...record, work }), now);
      const fresh = next.shown === view.eta;
      const range = fresh || !prev ? view.etaRange : prev.range;
      if (commit) {
        if (record.closedAt === null) shown.set(record.id, { ...next, range });
        else shown.delete(record.id);
      }
      if (fresh) return view;
      return { ...view, eta: next.shown, etaRange: range, late: isLate(next.shown, view.promisedAt) };
    },
  };
}
