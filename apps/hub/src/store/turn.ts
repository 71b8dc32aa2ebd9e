// The hub's writes of one event-loop turn share one SQLite transaction. The ingest edge opens it
// with the first message of a turn; the turn's end commits it, then sends what waited for the
// commit (the screens' patches, the brokers' acknowledgements). A commit writes each page it
// changed once, however many readings changed it: at a thousand readings a second, the messages
// that arrive together share one commit instead of paying one each. A message still gets a
// transaction of its own inside (a savepoint: better-sqlite3 nests db.transaction), so one that
// fails leaves no trace while the others of its turn stay.
import type { Logger } from '../logger.ts';
import type { Db } from './db.ts';
import { storeVersion } from './version.ts';

export interface Turn {
  /** Run `fn` inside this turn's transaction, opening it if it is not open yet. */
  write<T>(fn: () => T): T;
  /** Call `cb` at the end of this turn, after its transaction (if any) is committed. */
  atEnd(cb: () => void): void;
  /** End the turn now (the hub is closing the file). */
  close(): void;
}

export function createTurn(db: Db, log: Logger): Turn {
  // IMMEDIATE: take the write lock now, waiting (busy_timeout) if the checkpoint thread holds it. A
  // deferred transaction that reads first cannot wait later: it fails with "database is locked".
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  let open = false;
  let scheduled = false;
  let waiting: (() => void)[] = [];

  const end = () => {
    scheduled = false;
    if (open) {
      open = false;
      try {
        commit.run();
      } catch (err) {
        // The disk is full or the file is gone: this turn's messages are lost; say so loudly.
        log.error({ err }, "could not commit this turn's messages to SQLite");
        if (db.inTransaction) db.prepare('ROLLBACK').run();
        // What the caches learnt from this turn's writes is not in the file.
        storeVersion(db).moved();
      }
    }
    const due = waiting;
    waiting = [];
    for (const cb of due) cb();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(end);
  };

  return {
    write(fn) {
      if (!open && !db.inTransaction) {
        begin.run();
        open = true;
        schedule();
      }
      return fn();
    },
    atEnd(cb) {
      waiting.push(cb);
      schedule();
    },
    close: end,
  };
}
