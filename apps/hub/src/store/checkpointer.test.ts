// The checkpoint thread against a real SQLite file: the write-ahead log is copied into the database
// and stays short while the hub writes, with SQLite's own checkpointing off on the hub's connection.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { startCheckpointer, type Checkpointer } from './checkpointer.ts';
import { openDb, type Db } from './db.ts';

describe('checkpointer', () => {
  let dir: string;
  let db: Db;
  let checkpointer: Checkpointer | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'glassbay-ckpt-'));
    db = openDb(join(dir, 'glassbay.db'), []).db;
    db.exec('CREATE TABLE readings (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  });
  afterEach(async () => {
    await checkpointer?.stop();
    checkpointer = undefined;
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const walBytes = () => statSync(join(dir, 'glassbay.db-wal')).size;
  /** Write `n` one-row transactions of ~1 KB, as the hub writes readings. */
  const write = (n: number) => {
    const insert = db.prepare('INSERT INTO readings (body) VALUES (?)');
    const tx = db.transaction((i: number) => insert.run(`reading ${i} `.padEnd(1000, '.')));
    for (let i = 0; i < n; i++) tx(i);
  };
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(ok()).toBe(true);
  };

  it('keeps the write-ahead log short while the hub writes, off the hub thread', async () => {
    checkpointer = startCheckpointer(db, createLogger('silent'), 50);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // Several rounds of writes with checkpoints between them: the log is reused from its start
    // after each checkpoint instead of growing with every write.
    for (let round = 0; round < 5; round++) {
      const before = checkpointer.count();
      write(2000);
      await until(() => checkpointer!.count() > before + 1);
    }
    // 10,000 transactions of ~1 KB would be 40 MB of log unchecked (the test below); one round is
    // ~8 MB at most, two when a checkpoint could not restart the log while a round was being
    // written (14 MB once in a .ci/run: the bound was 12 MB then).
    expect(walBytes()).toBeLessThan(20 * 1024 * 1024);
    expect(db.prepare('SELECT count(*) AS n FROM readings').get()).toEqual({ n: 10_000 });
  });

  it('never fails a transaction that reads, then writes, while a checkpoint runs (a deferred one would)', async () => {
    checkpointer = startCheckpointer(db, createLogger('silent'), 2);
    const read = db.prepare('SELECT count(*) AS n FROM readings');
    const insert = db.prepare('INSERT INTO readings (body) VALUES (?)');
    // As a staff change does: look at what is there, then write.
    const change = db.transaction(() => {
      read.get();
      insert.run('x'.repeat(2000));
    });
    /** Run the change for `ms` against checkpoints every 2 ms: how many were refused as locked. */
    const locked = async (run: () => void, ms: number) => {
      let refused = 0;
      for (const end = Date.now() + ms; Date.now() < end;) {
        for (let i = 0; i < 100; i++) {
          try {
            run();
          } catch (err) {
            if (!/^SQLITE_BUSY/.test(String((err as { code?: unknown }).code))) throw err;
            refused++;
          }
        }
        await new Promise((r) => setImmediate(r));
      }
      return refused;
    };
    // better-sqlite3's default, BEGIN DEFERRED: the race is real.
    expect(await locked(() => change.deferred(), 1500)).toBeGreaterThan(0);
    // The hub's transactions begin IMMEDIATE (db.ts): they wait for the checkpoint instead.
    expect(await locked(() => change(), 1500)).toBe(0);
  });

  it('without it (SQLite checkpointing off, nothing else) the log only grows: the test above can fail', () => {
    db.pragma('wal_autocheckpoint = 0');
    write(10_000);
    expect(walBytes()).toBeGreaterThan(30 * 1024 * 1024);
  });
});
