// The hub's writes of one event-loop turn share one SQLite transaction, and the turn is also the
// outbox of their effects. The ingest edge opens the transaction with the first message of a turn;
// the turn's end commits it, then runs what waited for the commit (the screens' patches, the
// brokers' acknowledgements, phone pushes, buzzes, HTTP replies), telling each whether the commit
// held. A commit writes each page it changed once, however many readings changed it: at a thousand
// readings a second, the messages that arrive together share one commit instead of paying one each.
// A message still gets a transaction of its own inside (a savepoint: better-sqlite3 nests
// db.transaction), so one that fails leaves no trace while the others of its turn stay.
//
// Acknowledged means stored: when the commit fails (a full disk, an I/O error) or a write of the
// turn hit a storage fault (`fail`), the whole turn is rolled back and every effect is told
// `committed = false`: devices get no PUBACK and are disconnected so they resend, screens get a
// fresh snapshot, HTTP callers get 503, and nothing is pushed or buzzed.
import type { Logger } from '../logger.ts';
import type { Db } from './db.ts';
import { storeVersion } from './version.ts';

/** An effect of the turn: runs once the turn ended, told whether its writes are in the file. */
export type TurnEffect = (committed: boolean) => void;

export interface Turn {
  /** Run `fn` inside this turn's transaction, opening it if it is not open yet. */
  write<T>(fn: () => T): T;
  /** Run `effect` at the end of this turn, after its transaction (if any) committed or failed. */
  atEnd(effect: TurnEffect): void;
  /** A write of this turn hit a storage fault: roll the whole turn back at its end. */
  fail(err: unknown): void;
  /** Whether this turn holds writes not yet committed (an HTTP reply must wait for them). */
  open(): boolean;
  /**
   * Which turn this is: a number that moves on as a turn ends, before its effects run. Work done
   * by an effect (a PUBACK that lets the broker hand over the next message) belongs to the next.
   */
  id(): number;
  /** End the turn now (the hub is closing the file). */
  close(): void;
}

export interface TurnOptions {
  /** Told when a turn could not be stored (storage health turns degraded). */
  onFailed?: (err: unknown) => void;
}

export function createTurn(db: Db, log: Logger, opts: TurnOptions = {}): Turn {
  // IMMEDIATE: take the write lock now, waiting (busy_timeout) if the checkpoint thread holds it. A
  // deferred transaction that reads first cannot wait later: it fails with "database is locked".
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  let open = false;
  let scheduled = false;
  let failure: unknown;
  let waiting: TurnEffect[] = [];
  let turnId = 0;

  const rollback = (err: unknown) => {
    log.error({ err }, "could not store this turn's messages in SQLite; nothing of it was acknowledged");
    try {
      if (db.inTransaction) db.prepare('ROLLBACK').run();
    } catch (rollbackErr) {
      log.error({ err: rollbackErr }, 'rollback failed');
    }
    // What the caches learnt from this turn's writes is not in the file.
    storeVersion(db).moved();
    opts.onFailed?.(err);
  };

  const end = () => {
    scheduled = false;
    let committed = true;
    if (open) {
      open = false;
      if (failure !== undefined) {
        committed = false;
        rollback(failure);
      } else {
        try {
          commit.run();
        } catch (err) {
          committed = false;
          rollback(err);
        }
      }
    } else if (failure !== undefined) {
      committed = false;
      opts.onFailed?.(failure);
    }
    failure = undefined;
    turnId += 1;
    const due = waiting;
    waiting = [];
    for (const effect of due) {
      try {
        effect(committed);
      } catch (err) {
        log.error({ err }, 'an effect of a turn failed');
      }
    }
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
    atEnd(effect) {
      waiting.push(effect);
      schedule();
    },
    fail(err) {
      failure ??= err;
      schedule();
    },
    open: () => open,
    id: () => turnId,
    close: end,
  };
}

/** SQLite's answers that mean the file cannot take writes now (not a bug in the hub). */
const STORAGE_CODES = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB|PROTOCOL|BUSY|LOCKED)/;
export const isStorageError = (err: unknown): boolean =>
  typeof (err as { code?: unknown })?.code === 'string' && STORAGE_CODES.test((err as { code: string }).code);
