import { createBaysRepository } from '../bays/bays.repository.ts';
import { createDeadLettersRepository } from './dead-letters.repository.ts';
import { openDb } from './db.ts';
import { createDevicesRepository } from '../devices/devices.repository.ts';
import { createStaffRepository } from '../staff/staff.repository.ts';

/** Open the SQLite file, migrate it, and prepare every repository on it. */
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
