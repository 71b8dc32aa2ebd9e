// Staff accounts and sessions.
import type { StaffRole, StaffUser } from '@glassbay/protocol';
import type { LoginState } from '../domain/staff.ts';
import type { Db } from '../store/db.ts';

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: StaffRole;
  password_hash: string;
  active: number;
  failed_logins: number;
  locked_until: number | null;
}
export interface StaffRecord extends StaffUser, LoginState {
  passwordHash: string;
}
const toRecord = (r: UserRow): StaffRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  active: r.active === 1,
  passwordHash: r.password_hash,
  failedLogins: r.failed_logins,
  lockedUntil: r.locked_until,
});
export const toStaffUser = ({ id, username, displayName, role, active }: StaffRecord): StaffUser => ({
  id,
  username,
  displayName,
  role,
  active,
});

export function createStaffRepository(db: Db) {
  const q = {
    byName: db.prepare<[string], UserRow>('SELECT * FROM staff_users WHERE username = ?'),
    byId: db.prepare<[number], UserRow>('SELECT * FROM staff_users WHERE id = ?'),
    all: db.prepare<[], UserRow>('SELECT * FROM staff_users ORDER BY username'),
    count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM staff_users'),
    insert: db.prepare(
      `INSERT INTO staff_users (username, display_name, role, password_hash, created_at)
       VALUES (@username, @displayName, @role, @passwordHash, @now)`,
    ),
    update: db.prepare(
      `UPDATE staff_users SET display_name = @displayName, role = @role, password_hash = @passwordHash,
       active = @active WHERE id = @id`,
    ),
    loginState: db.prepare('UPDATE staff_users SET failed_logins = ?, locked_until = ? WHERE id = ?'),
    sessionInsert: db.prepare(
      'INSERT INTO staff_sessions (token_hash, user_id, created_at, expires_at, last_seen) VALUES (?, ?, ?, ?, ?)',
    ),
    sessionGet: db.prepare<[string], { user_id: number; created_at: number; expires_at: number; last_seen: number }>(
      'SELECT user_id, created_at, expires_at, last_seen FROM staff_sessions WHERE token_hash = ?',
    ),
    sessionTouch: db.prepare('UPDATE staff_sessions SET last_seen = ? WHERE token_hash = ?'),
    sessionDelete: db.prepare('DELETE FROM staff_sessions WHERE token_hash = ?'),
    sessionsOfUserDelete: db.prepare('DELETE FROM staff_sessions WHERE user_id = ?'),
    sessionsExpired: db.prepare('DELETE FROM staff_sessions WHERE expires_at < ?'),
  };
  const one = (r: UserRow | undefined) => (r ? toRecord(r) : undefined);
  return {
    byUsername: (username: string) => one(q.byName.get(username)),
    byId: (id: number) => one(q.byId.get(id)),
    list: () => q.all.all().map(toRecord),
    count: () => q.count.get()!.n,
    insert(u: { username: string; displayName: string; role: StaffRole; passwordHash: string }, now: number): number {
      return Number(q.insert.run({ ...u, now }).lastInsertRowid);
    },
    update(u: StaffRecord): void {
      q.update.run({ ...u, active: Number(u.active) });
    },
    saveLoginState: (id: number, s: LoginState) => q.loginState.run(s.failedLogins, s.lockedUntil, id),
    createSession: (tokenHash: string, userId: number, now: number, expiresAt: number) =>
      q.sessionInsert.run(tokenHash, userId, now, expiresAt, now),
    session(tokenHash: string) {
      const r = q.sessionGet.get(tokenHash);
      return r && { userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at, lastSeen: r.last_seen };
    },
    touchSession: (tokenHash: string, now: number) => q.sessionTouch.run(now, tokenHash),
    deleteSession: (tokenHash: string) => q.sessionDelete.run(tokenHash),
    deleteSessionsOf: (userId: number) => q.sessionsOfUserDelete.run(userId),
    deleteExpiredSessions: (now: number) => q.sessionsExpired.run(now),
  };
}
export type StaffRepository = ReturnType<typeof createStaffRepository>;
