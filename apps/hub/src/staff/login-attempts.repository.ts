// Staff sign-in attempts and the audit list of failures (migration 0015). `begin` records an attempt
// and counts it with the others in one statement, before the slow hash: parallel guesses each see
// all those that came before them, so the count cannot be raced.
import type { Db } from '../store/db.ts';

export interface AttemptCounts {
  id: number;
  /** Attempts of the window that count (this one included) and when the one before this came. */
  accountSource: number;
  accountSourcePrev: number | null;
  source: number;
  sourcePrev: number | null;
  account: number;
  accountPrev: number | null;
}
export type FailureReason = 'wrong-password' | 'unknown-user' | 'slowed' | 'busy';
const AUDIT_KEEP = 2000;

const counted = (where: string) => `
  (SELECT count(*) FROM login_attempts x WHERE ${where} AND x.at > @since AND x.state IS NOT 1)`;
const previous = (where: string) => `
  (SELECT x.at FROM login_attempts x WHERE ${where} AND x.at > @since AND x.state IS NOT 1
    ORDER BY x.at DESC, x.id DESC LIMIT 1 OFFSET 1)`;

export function createLoginAttemptsRepository(db: Db) {
  const both = 'x.username = @username AND x.source = @source';
  const q = {
    begin: db.prepare(`INSERT INTO login_attempts (username, source, at) VALUES (@username, @source, @now)
      RETURNING id,
        ${counted(both)} AS accountSource, ${previous(both)} AS accountSourcePrev,
        ${counted('x.source = @source')} AS source, ${previous('x.source = @source')} AS sourcePrev,
        ${counted('x.username = @username')} AS account, ${previous('x.username = @username')} AS accountPrev`),
    drop: db.prepare('DELETE FROM login_attempts WHERE id = ?'),
    fail: db.prepare('UPDATE login_attempts SET state = 0 WHERE id = ?'),
    succeed: db.prepare('DELETE FROM login_attempts WHERE username = ? AND source = ?'),
    prune: db.prepare('DELETE FROM login_attempts WHERE at <= ?'),
    audit: db.prepare('INSERT INTO login_failures (at, username, source, reason) VALUES (?, ?, ?, ?)'),
    trim: db.prepare(`DELETE FROM login_failures WHERE id <= (SELECT max(id) FROM login_failures) - ${AUDIT_KEEP}`),
    list: db.prepare('SELECT at, username, source, reason FROM login_failures ORDER BY id DESC LIMIT ?'),
  };
  // Old attempts and the audit list's tail are removed at most once a second and every 50 entries:
  // a statement each time would be two more writes for every guess of a flood.
  let prunedAt = 0;
  let sinceTrim = 0;
  return {
    /** Run `fn` as one transaction (inside the turn's, when one is open). */
    inOne: <T>(fn: () => T): T => db.transaction(fn)(),
    begin: (username: string, source: string, now: number, since: number) =>
      q.begin.get({ username, source, now, since }) as AttemptCounts,
    /** A refused try does not count: a flood of them must not push the owner's wait further out. */
    drop: (id: number) => q.drop.run(id),
    fail: (id: number) => q.fail.run(id),
    succeed: (username: string, source: string) => q.succeed.run(username, source),
    prune(before: number) {
      if (before - prunedAt < 1_000) return;
      prunedAt = before;
      q.prune.run(before);
    },
    audit(at: number, username: string, source: string, reason: FailureReason) {
      q.audit.run(at, username.slice(0, 64), source, reason);
      if (++sinceTrim < 50) return;
      sinceTrim = 0;
      q.trim.run();
    },
    failures: (limit: number) =>
      q.list.all(limit) as { at: number; username: string; source: string; reason: FailureReason }[],
  };
}
export type LoginAttemptsRepository = ReturnType<typeof createLoginAttemptsRepository>;
