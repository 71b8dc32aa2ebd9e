import { createBaysRepository } from './bays/bays.repository.ts';
import { createDeadLettersRepository } from './store/dead-letters.repository.ts';
import { openDb } from './store/db.ts';
import { createDevicesRepository } from './mqtt/devices.repository.ts';
import { createStaffRepository } from './staff/staff.repository.ts';

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
