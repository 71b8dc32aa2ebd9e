import { createBaysRepository } from './bays/bays.repository.ts';
import { createDeadLettersRepository } from './store/dead-letters.repository.ts';
import { openDb } from './store/db.ts';
import { createDevicesRepository } from './mqtt/devices.repository.ts';
import { createStaffRepository } from './staff/staff.repository.ts';
import { createBookings } from './queue/bookings.ts';
import { createCheckInService } from './queue/checkin.service.ts';
import { createCustomersRepository } from './queue/customer-records.repository.ts';
import { createQueueRepository } from './queue/queue.repository.ts';
import { createQueueService } from './queue/queue.service.ts';
import { silentPublisher } from './realtime/publisher.ts';
import type { Db } from './store/db.ts';

// The hub's file without a running hub: the installer's CLI, the demo's seeding and the benchmarks
// open the same SQLite file and use these repositories (the running hub's features make their own).

/** Open the SQLite file, migrate it, and prepare the repositories the tools use. */
export function openRepositories(file: string) {
  const { db, migrations } = openDb(file);
  const dataVersion = db.prepare<[], { data_version: number }>('PRAGMA data_version');
  return {
    db,
    migrations,
    bays: createBaysRepository(db),
    devices: createDevicesRepository(db),
    deadLetters: createDeadLettersRepository(db),
    staff: createStaffRepository(db),
    /** Changes when another connection (the CLI) commits to the file. */
    dataVersion: () => dataVersion.get()!.data_version,
  };
}
export type Repositories = ReturnType<typeof openRepositories>;

/**
 * The queue's real services on a store, without screens or phones and on the caller's clock (each
 * call takes `now`): the queue bench plays days with them, tests write a past day's history.
 * Follow tokens are numbered, not random: nobody follows these tickets.
 */
export function queueOnStore(db: Db) {
  const queue = createQueueRepository(db);
  const customers = createCustomersRepository(db);
  const service = createQueueService({ db, queue, customers, relay: silentPublisher });
  const bookings = createBookings({ customers, queue });
  let tokens = 0;
  const checkin = createCheckInService({
    db,
    queue,
    customers,
    queueService: service,
    bookings,
    mintToken: () => ({ token: `t${++tokens}`, tokenHash: `h${tokens}` }),
  });
  return { queue, customers, service, bookings, checkin };
}
