// The jobs module as the hub starts it: the repository, the staff and customer services, the
// customer's follow channel on the relay's socket server, and the clock that moves ETAs on.
import { FOLLOW_NAMESPACE } from '@glassbay/protocol';
import type { Logger } from '../logger.ts';
import { createFollowChannel } from './follow.channel.ts';
import type { Relay } from '../realtime/relay.ts';
import type { BaysRepository } from '../bays/bays.repository.ts';
import type { Db } from '../store/db.ts';
import { createJobsRepository } from './jobs.repository.ts';
import { createCustomerJobs, type QueuedTicketLookup } from './customer-access.ts';
import { createJobsService } from './jobs.service.ts';

/** How often ETAs are recomputed without an event (a job running long, a promise being missed). */
export const ETA_TICK_MS = 30_000;

export function startJobs(deps: {
  db: Db;
  bays: BaysRepository;
  relay: Pick<Relay, 'publish' | 'namespace'>;
  followGraceMin: number;
  log: Logger;
}) {
  const jobs = createJobsRepository(deps.db);
  const service = createJobsService({
    db: deps.db,
    jobs,
    bays: deps.bays,
    relay: deps.relay,
    followGraceMs: deps.followGraceMin * 60_000,
  });
  let queuedTicket: QueuedTicketLookup | undefined;
  const customers = createCustomerJobs({
    db: deps.db,
    jobs,
    bays: deps.bays,
    core: service,
    queuedTicket: (hash, now) => queuedTicket?.(hash, now),
  });
  service.attachFollow(
    createFollowChannel(deps.relay.namespace(FOLLOW_NAMESPACE), customers.follow, deps.log.child({ part: 'follow' })),
  );
  const timer = setInterval(() => service.tick(Date.now()), ETA_TICK_MS);
  timer.unref();
  return {
    service,
    customers,
    /** The queue module answers for follow links whose ticket is not served yet. */
    useQueuedTicketLookup(lookup: QueuedTicketLookup) {
      queuedTicket = lookup;
    },
    stop: () => clearInterval(timer),
  };
}
export type JobsModule = ReturnType<typeof startJobs>;
