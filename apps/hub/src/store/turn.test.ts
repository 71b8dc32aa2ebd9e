// One transaction per event-loop turn, on a real SQLite file watched by a second connection (as the
// CLI or the checkpoint thread would): what the others see, and when the acknowledgements go out.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { openDb, type Db } from './db.ts';
import { createTurn, type Turn } from './turn.ts';
import { storeVersion } from './version.ts';

describe('turn', () => {
  let dir: string;
  let db: Db;
  let other: Database.Database;
  let turn: Turn;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'glassbay-turn-'));
    db = openDb(join(dir, 'glassbay.db'), []).db;
    db.exec('CREATE TABLE readings (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL UNIQUE)');
    other = new Database(join(dir, 'glassbay.db'), { readonly: true });
    turn = createTurn(db, createLogger('silent'));
  });
  afterEach(() => {
    turn.close();
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (seq: number) => db.prepare('INSERT INTO readings (seq) VALUES (?)').run(seq);
  const seenByOthers = () =>
    (other.prepare('SELECT seq FROM readings ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
  const nextTurn = () => new Promise((r) => setImmediate(r));

  it('commits the messages of one turn together, and acknowledges them only once committed', async () => {
    const ackedAfter: number[][] = [];
    for (const seq of [1, 2, 3]) {
      turn.write(() => insert(seq));
      turn.atEnd(() => ackedAfter.push(seenByOthers()));
    }
    // Still the same turn: another connection sees nothing yet, and nothing was acknowledged.
    expect(seenByOthers()).toEqual([]);
    expect(ackedAfter).toEqual([]);
    await nextTurn();
    expect(ackedAfter).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
    // A later turn gets a transaction of its own.
    turn.write(() => insert(4));
    await nextTurn();
    expect(seenByOthers()).toEqual([1, 2, 3, 4]);
  });

  it('keeps the other messages of a turn when one of them fails', async () => {
    turn.write(() => insert(1));
    // A message whose own transaction fails halfway (a duplicate seq): its savepoint is undone.
    const failing = db.transaction(() => {
      insert(2);
      insert(1);
    });
    expect(() => turn.write(failing)).toThrow(/UNIQUE/);
    turn.write(() => insert(3));
    await nextTurn();
    expect(seenByOthers()).toEqual([1, 3]);
  });

  it('rolls back a turn whose commit fails, tells every effect it was not stored, and tells the caches', async () => {
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, reading INTEGER REFERENCES readings (id))');
    const version = storeVersion(db);
    const before = version.current();
    turn.write(() => {
      insert(1);
      // Checked at COMMIT, not now: the commit itself fails, as a full disk would make it.
      db.pragma('defer_foreign_keys = ON');
      db.prepare('INSERT INTO notes (reading) VALUES (99)').run();
    });
    expect(version.current()).toBe(before);
    const told: boolean[] = [];
    turn.atEnd((committed) => told.push(committed));
    await nextTurn();
    expect(told).toEqual([false]);
    expect(db.inTransaction).toBe(false);
    expect(seenByOthers()).toEqual([]);
    expect(version.current()).not.toBe(before);
  });

  it('rolls back the whole turn when one of its writes hit a storage fault, and says so', async () => {
    const failed: unknown[] = [];
    turn.close();
    turn = createTurn(db, createLogger('silent'), { onFailed: (err) => failed.push(err) });
    turn.write(() => insert(1));
    const fault = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    turn.write(() => insert(2));
    turn.fail(fault);
    const told: boolean[] = [];
    turn.atEnd((committed) => told.push(committed));
    await nextTurn();
    expect(told).toEqual([false]);
    expect(failed).toEqual([fault]);
    expect(seenByOthers()).toEqual([]);
    // The next turn starts clean.
    turn.write(() => insert(3));
    turn.atEnd((committed) => told.push(committed));
    await nextTurn();
    expect(told).toEqual([false, true]);
    expect(seenByOthers()).toEqual([3]);
  });

  it('calls back at the end of a turn that wrote nothing, leaving no transaction open', async () => {
    let called: boolean | undefined;
    turn.atEnd((committed) => (called = committed));
    expect(called).toBe(undefined);
    await nextTurn();
    expect(called).toBe(true);
    expect(db.inTransaction).toBe(false);
  });
});
