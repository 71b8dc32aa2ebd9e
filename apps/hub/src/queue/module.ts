// The walk-in queue as one module for the composition root: its repositories and services on the
// hub's database, its collections in every snapshot, its routes, and a periodic sync that keeps the
// waits current as time passes (a booking becoming due moves the order without any other change).
import type { ScreenState, ServiceDef } from '@glassbay/protocol';
import type { Mount } from '../http/api.ts';
import { mountQueueRoutes } from './queue.routes.ts';
import { createBookings } from './bookings.ts';
import { createCheckInService } from './checkin.service.ts';
import type { Publisher } from '../domain/outcome.ts';
import { createQueueService, type ServeTicket } from './queue.service.ts';
import { createCustomersRepository } from './customer-records.repository.ts';
import type { Db } from '../store/db.ts';
import { createQueueRepository } from './queue.repository.ts';
import { createVehicleChecks } from './vehicle-check.ts';

const SYNC_EVERY_MS = 20_000;

export function startQueue(deps: {
  db: Db;
  relay: Publisher;
  /** The follow token of a ticket's QR code (the jobs module mints and later adopts it). */
  mintToken: () => { token: string; tokenHash: string };
  catalogue?: () => ServiceDef[];
  serveTicket?: ServeTicket;
}) {
  const queueRepo = createQueueRepository(deps.db);
  const customers = createCustomersRepository(deps.db);
  const queue = createQueueService({
    db: deps.db,
    queue: queueRepo,
    customers,
    relay: deps.relay,
    serveTicket: deps.serveTicket,
  });
  const bookings = createBookings({ customers, queue: queueRepo });
  const checkin = createCheckInService({
    db: deps.db,
    queue: queueRepo,
    customers,
    queueService: queue,
    bookings,
    mintToken: deps.mintToken,
    ...(deps.catalogue ? { catalogue: deps.catalogue } : {}),
  });
  const timer = setInterval(() => queue.sync(Date.now()), SYNC_EVERY_MS);
  timer.unref();
  return {
    queue,
    checkin,
    fill: (s: ScreenState) => queue.fill(s, Date.now()),
    mount: (mount: Mount) =>
      mountQueueRoutes(mount, {
        ...{ queue, checkin, bookings, customers },
        vehicleChecks: createVehicleChecks({ db: deps.db, queue: queueRepo, customers, queueService: queue }),
      }),
    /** For the jobs module's follow page while the ticket waits. */
    queuedFollow: queue.queuedFollow,
    stop: () => clearInterval(timer),
  };
}
export type QueueModule = ReturnType<typeof startQueue>;
