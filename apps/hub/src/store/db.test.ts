import { mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, MigrationMismatchError, openDb, readMigrations } from './db.ts';

const temp = () => mkdtempSync(join(tmpdir(), 'glassbay-db-'));

describe('migrations', () => {
  it('applies every migration once, in WAL mode, and records them', () => {
    const file = join(temp(), 'g.db');
    const first = openDb(file);
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const n = first.migrations;
    expect(n).toBe(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length);
    first.db.close();
    const again = openDb(file);
    expect(again.migrations).toBe(n);
    again.db.close();
  });

  it('refuses to start when an applied migration was edited', () => {
    const dir = temp();
    cpSync(MIGRATIONS_DIR, join(dir, 'm'), { recursive: true });
    const file = join(dir, 'g.db');
    openDb(file, readMigrations(join(dir, 'm'))).db.close();
    const first = readdirSync(join(dir, 'm')).sort()[0]!;
    writeFileSync(join(dir, 'm', first), readFileSync(join(dir, 'm', first), 'utf8') + '\n-- edited\n');
    expect(() => openDb(file, readMigrations(join(dir, 'm')))).toThrow(MigrationMismatchError);
    expect(() => openDb(file, readMigrations(join(dir, 'm')))).toThrow(/was changed after it was applied/);
  });

  it('refuses to start when the database is newer than the code', () => {
    const file = join(temp(), 'g.db');
    openDb(file).db.close();
    const older = readMigrations().slice(0, -1);
    expect(() => openDb(file, older)).toThrow(/its file is missing/);
  });
});
