// The bay sensors' side of the jobs: a car detected on its job's bay starts the service, the bay
// freeing after quality check goes on the timeline, and a reading that contradicts the jobs (a car on
// a bay with no job, a car leaving mid-service) becomes a bay notice for staff, not a guess.
import type { BayNotice, JobStage, StageActor } from '@glassbay/protocol';
import { decideOccupancy } from '../domain/jobs.ts';
import type { Db } from '../store/db.ts';
import type { JobRecord, JobsRepository } from './jobs.repository.ts';
import { AppError } from '../domain/errors.ts';
import type { Publisher } from '../realtime/publisher.ts';

export function createBayWatch(deps: {
  db: Db;
  jobs: JobsRepository;
  relay: Publisher;
  /** Inside a transaction: move a job and record who moved it. */
  moveInTx: (job: JobRecord, to: JobStage, by: StageActor, now: number, note?: string) => void;
  /** After a change: publish the job (and every ETA it moved). */
  publishAfter: (changedId: string | null, now: number) => unknown;
}) {
  const { db, jobs, relay, moveInTx, publishAfter } = deps;
  const carsWithoutJob = (bayId: string) => jobs.openNoticesOnBay(bayId).filter((n) => n.kind === 'car-without-job');

  return {
    /**
     * A bay's occupancy changed (bays.service calls this after an accepted reading). Moves only what
     * the sensor can observe; a car on a bay with no job, or a car leaving mid-service, goes to staff.
     */
    onOccupancy(bayId: string, occupied: boolean, now: number, sensorId: string): void {
      const opened: BayNotice[] = [];
      const closed: BayNotice[] = [];
      let changed: string | null = null;
      db.transaction(() => {
        const onBay = jobs.openOnBay(bayId);
        const decision = decideOccupancy(occupied, onBay);
        const by: StageActor = { kind: 'sensor', id: sensorId };
        const job = 'jobId' in decision ? onBay.find((j) => j.id === decision.jobId)! : undefined;
        if (!occupied)
          for (const n of carsWithoutJob(bayId)) {
            jobs.resolveNotice(n.id, 'sensor', 'the car left the bay', now);
            closed.push(n);
          }
        switch (decision.kind) {
          case 'start-service':
            moveInTx(job!, 'in-service', by, now, 'car detected on the bay');
            break;
          case 'record':
            jobs.addEvent(job!.id, { stage: job!.stage, at: now, by, event: decision.event });
            break;
          case 'car-left-in-service':
            jobs.addEvent(job!.id, { stage: job!.stage, at: now, by, event: 'bay-freed' });
            opened.push(jobs.openNotice(bayId, 'car-left-in-service', job!.id, now));
            break;
          case 'car-without-job':
            if (carsWithoutJob(bayId).length === 0) opened.push(jobs.openNotice(bayId, 'car-without-job', null, now));
            break;
        }
        changed = job?.id ?? null;
      })();
      for (const n of closed) relay.publish('bayNotices', n.id, null);
      for (const n of opened) relay.publish('bayNotices', n.id, n);
      // A bay that filled or freed changes the wait of every queued job, even with no job on it.
      publishAfter(changed, now);
    },

    /**
     * Inside the assigning transaction: a car the sensor saw without a job is now explained. Returns
     * the notices closed, for the caller to publish once the transaction committed.
     */
    explainCarOnBay(bayId: string, note: string, byName: string, now: number): BayNotice[] {
      const explained = carsWithoutJob(bayId);
      for (const n of explained) jobs.resolveNotice(n.id, byName, note, now);
      return explained;
    },

    notices: () => jobs.openNotices(),

    resolveNotice(id: string, by: Extract<StageActor, { kind: 'staff' }>, note: string, now: number): BayNotice {
      const notice = jobs.notice(id);
      if (!notice) throw new AppError(404, 'NOTICE_NOT_FOUND', `no bay notice ${id}`);
      if (!jobs.resolveNotice(id, by.name, note, now))
        throw new AppError(409, 'NOTICE_RESOLVED', `this notice was already resolved by ${notice.resolvedBy}`);
      relay.publish('bayNotices', id, null);
      return jobs.notice(id)!;
    },
  };
}
