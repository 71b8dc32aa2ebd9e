// The SQLite file: opened in WAL mode, migrated at start, refused when the applied migrations and
// the files on disk disagree (an edited, removed or reordered migration).
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPrivateFile } from './private-files.ts';

export type Db = Database.Database;

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface MigrationFile {
  id: number;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationMismatchError extends Error {
  readonly code = 'MIGRATION_MISMATCH';
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const seen = new Set<number>();
  return files.map((f) => {
    const id = Number(f.slice(0, 4));
    if (seen.has(id)) throw new MigrationMismatchError(`two migrations are numbered ${id} in ${dir}`);
    seen.add(id);
    const sql = readFileSync(join(dir, f), 'utf8');
    return { id, name: f, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

export function migrate(db: Db, files: MigrationFile[]): { applied: string[]; total: number } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
  const done = db.prepare('SELECT id, name, checksum FROM schema_migrations ORDER BY id').all() as {
    id: number;
    name: string;
    checksum: string;
  }[];
  const byId = new Map(files.map((f) => [f.id, f]));
  for (const row of done) {
    const file = byId.get(row.id);
    if (!file)
      throw new MigrationMismatchError(
        `migration ${row.name} is recorded in the database but its file is missing; this hub is older than its data`,
      );
    if (file.name !== row.name || file.checksum !== row.checksum)
      throw new MigrationMismatchError(
        `migration ${row.name} was changed after it was applied; restore it and add a new migration instead`,
      );
  }
  const last = done.at(-1)?.id ?? 0;
  const pending = files.filter((f) => f.id > last);
  const gap = files.find((f) => f.id < last && !done.some((d) => d.id === f.id));
  if (gap)
    throw new MigrationMismatchError(
      `migration ${gap.name} is older than the newest applied one but was never applied`,
    );
  const record = db.prepare('INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const f of pending) {
    db.transaction(() => {
      db.exec(f.sql);
      record.run(f.id, f.name, f.checksum, Date.now());
    })();
  }
  return { applied: pending.map((f) => f.name), total: done.length + pending.length };
}

/**
 * Every transaction takes the write lock when it begins (BEGIN IMMEDIATE), waiting out busy_timeout
 * while the checkpoint thread holds it. A deferred one (better-sqlite3's default) that reads first
 * and writes later cannot wait: if the checkpoint's RESTART comes between, it fails at once with
 * "database is locked" (seen in CI as a staff change answered 503; checkpointer.test.ts causes it). A
 * transaction inside another is a savepoint, as before; `.deferred` stays for a caller that asks.
 */
function immediateTransactions(db: Db): void {
  const make = db.transaction.bind(db);
  db.transaction = ((fn: Parameters<Db['transaction']>[0]) => {
    const tx = make(fn);
    return Object.assign((...args: unknown[]) => tx.immediate(...args), {
      default: tx.immediate,
      deferred: tx.deferred,
      immediate: tx.immediate,
      exclusive: tx.exclusive,
    });
  }) as Db['transaction'];
}

export function openDb(file: string, migrations = readMigrations()): { db: Db; migrations: number } {
  if (file !== ':memory:') createPrivateFile(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed transaction survives a process crash; only an OS crash may
  // lose the last moments, never corrupt the file.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  immediateTransactions(db);
  try {
    const { total } = migrate(db, migrations);
    return { db, migrations: total };
  } catch (err) {
    db.close();
    throw err;
  }
}
