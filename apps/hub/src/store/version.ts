// What the hub keeps in memory from the SQLite file (the bays and sensors every reading needs) is
// good for one version of the file's rows. The version moves when another connection commits (the
// installer's CLI; PRAGMA data_version counts those), when this connection changes such rows other
// than on the cache's own path (the repositories call `moved`), and when a transaction whose writes
// a cache may have seen is rolled back (turn.ts).
import type { Db } from './db.ts';

export interface StoreVersion {
  /** A number that changes whenever rows read earlier may no longer be what the file holds. */
  current(): number;
  /** This connection changed rows other than on a cache's own path. */
  moved(): void;
}

const versions = new WeakMap<Db, StoreVersion>();

/** The version of the rows as `db` sees them: one per connection, shared by its repositories. */
export function storeVersion(db: Db): StoreVersion {
  let v = versions.get(db);
  if (!v) {
    v = createVersion(db);
    versions.set(db, v);
  }
  return v;
}

function createVersion(db: Db): StoreVersion {
  const external = db.prepare<[], number>('PRAGMA data_version').pluck();
  let seen = external.get()!;
  let version = 0;
  return {
    current() {
      const e = external.get()!;
      if (e !== seen) {
        seen = e;
        version++;
      }
      return version;
    },
    moved() {
      version++;
    },
  };
}
