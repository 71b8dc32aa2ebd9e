// The walk-in queue: check-in at the kiosk, tickets, desks and calls, bookings. Its collections in
// every snapshot, its routes, and a periodic sync that keeps the waits current as time passes (a
// booking becoming due moves the order without any other change). A served ticket becomes a job
// through the jobs module's port; a waiting ticket's follow link is answered here.
import type { JobsModule } from '../jobs/module.ts';
import type { HubModule, Kernel } from '../module.ts';
import { createBookings } from './bookings.ts';
import { createCheckInService, type CheckedIn } from './checkin.service.ts';
import type { DeskRecord, TicketRecord } from './queue.repository.ts';
import { createCustomersRepository } from './customer-records.repository.ts';
import { createQueueRepository } from './queue.repository.ts';
import { mountQueueRoutes } from './queue.routes.ts';
import { createQueueService } from './queue.service.ts';
import { ticketToJob } from './ticket-to-job.ts';
import { createVehicleChecks } from './vehicle-check.ts';

const SYNC_EVERY_MS = 20_000;

/** Told inside the transaction that made the ticket (notify stores the message consent there). */
export type CheckInListener = (t: CheckedIn, now: number) => void;
/** Told inside the transaction of a call to a desk (notify queues the "your turn" message there). */
export type CallListener = (t: TicketRecord, desk: DeskRecord, now: number) => void;

export function createQueueModule(
  k: Pick<Kernel, 'db' | 'relay'>,
  jobs: Pick<
    JobsModule,
    'mintFollowToken' | 'services' | 'createFromTicket' | 'addFollowSource' | 'phone' | 'comebackOf'
  >,
) {
  const queueRepo = createQueueRepository(k.db);
  const customers = createCustomersRepository(k.db);
  const checkInListeners: CheckInListener[] = [];
  const callListeners: CallListener[] = [];
  const queue = createQueueService({
    db: k.db,
    queue: queueRepo,
    customers,
    relay: k.relay,
    serveTicket: ticketToJob(jobs),
    // A waiting customer's phone hears the call, the recall and the no-show (queue-follow.ts).
    follow: () => jobs.phone,
    called: (t, desk, now) => callListeners.forEach((l) => l(t, desk, now)),
  });
  const bookings = createBookings({ customers, queue: queueRepo });
  const checkin = createCheckInService({
    db: k.db,
    queue: queueRepo,
    customers,
    queueService: queue,
    bookings,
    mintToken: jobs.mintFollowToken,
    catalogue: jobs.services,
    comebackOf: jobs.comebackOf,
    checkedIn: (t, now) => checkInListeners.forEach((l) => l(t, now)),
  });
  jobs.addFollowSource(queue.queuedFollow);

  const timer = setInterval(() => queue.sync(Date.now()), SYNC_EVERY_MS);
  timer.unref();
  const module: HubModule = {
    name: 'queue',
    fill: (state, now) => queue.fill(state, now),
    routes: (mount) =>
      mountQueueRoutes(mount, {
        ...{ queue, checkin, bookings, customers },
        vehicleChecks: createVehicleChecks({ db: k.db, queue: queueRepo, customers, queueService: queue }),
      }),
    stop: () => clearInterval(timer),
  };
  return {
    module,
    queue,
    checkin,
    onCheckedIn: (listen: CheckInListener) => void checkInListeners.push(listen),
    onTicketCalled: (listen: CallListener) => void callListeners.push(listen),
  };
}
export type QueueModule = ReturnType<typeof createQueueModule>;
