// Staff sign-in: first-admin setup with a one-time code, sessions, lock-out, accounts.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StaffRole, StaffUser } from '@glassbay/protocol';
import { SESSION, afterFailure, afterSuccess, isLocked, sessionValid } from '../domain/staff.ts';
import type { Db } from '../store/db.ts';
import { toStaffUser, type StaffRepository } from './staff.repository.ts';
import { AppError } from '../domain/errors.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const SETUP_KEY = 'staff_setup_code_hash';

export interface Session {
  token: string;
  expiresAt: number;
  user: StaffUser;
}

export function createStaffService(deps: {
  db: Db;
  staff: StaffRepository;
  onSessionsEnded?: (userId: number) => void;
}) {
  const { db, staff } = deps;
  const meta = {
    get: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    set: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    del: db.prepare('DELETE FROM meta WHERE key = ?'),
  };

  const startSession = (userId: number, now: number): { token: string; expiresAt: number } => {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION.maxMs;
    staff.createSession(sha256(token), userId, now, expiresAt);
    return { token, expiresAt };
  };

  return {
    setupNeeded: () => staff.count() === 0,

    /**
     * While no staff account exists, issue a one-time setup code (shown to the installer in the hub's
     * log and data dir) that lets the first admin be created. Never a default password.
     */
    issueSetupCode(): string | undefined {
      if (staff.count() > 0) return undefined;
      const code = randomBytes(6).toString('hex').toUpperCase();
      meta.set.run(SETUP_KEY, sha256(code));
      return code;
    },

    async setup(
      input: { setupCode: string; username: string; displayName: string; password: string },
      now: number,
    ): Promise<Session> {
      const stored = meta.get.get(SETUP_KEY)?.value;
      const given = Buffer.from(sha256(input.setupCode.trim().toUpperCase()));
      if (staff.count() > 0 || !stored)
        throw new AppError(409, 'SETUP_DONE', 'the first admin already exists; sign in instead');
      if (!timingSafeEqual(Buffer.from(stored), given))
        throw new AppError(
          403,
          'SETUP_CODE_WRONG',
          'that setup code is not the one the hub printed at its first start',
        );
      const passwordHash = await hashPassword(input.password);
      const id = db.transaction(() => {
        if (staff.count() > 0) throw new AppError(409, 'SETUP_DONE', 'the first admin already exists; sign in instead');
        meta.del.run(SETUP_KEY);
        return staff.insert({ ...input, role: 'admin', passwordHash }, now);
      })();
      return { ...startSession(id, now), user: toStaffUser(staff.byId(id)!) };
    },

    async login(username: string, password: string, now: number): Promise<Session> {
      const user = staff.byUsername(username.trim().toLowerCase());
      if (!user || !user.active) {
        await verifyPassword(password, DUMMY_HASH);
        throw new AppError(401, 'INVALID_CREDENTIALS', 'wrong username or password');
      }
      if (isLocked(user, now)) {
        const minutes = Math.ceil((user.lockedUntil! - now) / 60_000);
        throw new AppError(
          429,
          'ACCOUNT_LOCKED',
          `too many failed sign-ins; try again in ${minutes} min or ask an admin`,
        );
      }
      if (!(await verifyPassword(password, user.passwordHash))) {
        const next = afterFailure(user, now);
        staff.saveLoginState(user.id, next);
        if (isLocked(next, now))
          throw new AppError(429, 'ACCOUNT_LOCKED', 'too many failed sign-ins; the account is locked for 15 min');
        throw new AppError(401, 'INVALID_CREDENTIALS', 'wrong username or password');
      }
      staff.saveLoginState(user.id, afterSuccess());
      return { ...startSession(user.id, now), user: toStaffUser(user) };
    },

    /** The staff member a session token belongs to, or undefined when it is unknown or expired. */
    authenticate(token: string | undefined, now: number): StaffUser | undefined {
      if (!token) return undefined;
      const hash = sha256(token);
      const s = staff.session(hash);
      if (!s) return undefined;
      const user = staff.byId(s.userId);
      if (!user?.active || !sessionValid(s, now)) {
        staff.deleteSession(hash);
        return undefined;
      }
      // Touch at most once a minute: reads stay reads.
      if (now - s.lastSeen > 60_000) staff.touchSession(hash, now);
      return toStaffUser(user);
    },

    logout: (token: string) => void staff.deleteSession(sha256(token)),
    sessionId: (token: string) => sha256(token),

    list: () => staff.list().map(toStaffUser),

    async create(input: { username: string; displayName: string; role: StaffRole; password: string }, now: number) {
      if (staff.byUsername(input.username))
        throw new AppError(409, 'USERNAME_TAKEN', `"${input.username}" is already taken`);
      const id = staff.insert({ ...input, passwordHash: await hashPassword(input.password) }, now);
      return toStaffUser(staff.byId(id)!);
    },

    async update(
      actor: StaffUser,
      id: number,
      change: {
        displayName?: string | undefined;
        role?: StaffRole | undefined;
        password?: string | undefined;
        active?: boolean | undefined;
      },
    ) {
      const user = staff.byId(id);
      if (!user) throw new AppError(404, 'USER_NOT_FOUND', `no staff account ${id}`);
      if (actor.id === id && (change.active === false || (change.role && change.role !== 'admin')))
        throw new AppError(409, 'CANNOT_DEMOTE_SELF', 'ask another admin to change your own role or deactivate you');
      const next = {
        ...user,
        displayName: change.displayName ?? user.displayName,
        role: change.role ?? user.role,
        active: change.active ?? user.active,
        passwordHash: change.password ? await hashPassword(change.password) : user.passwordHash,
      };
      db.transaction(() => {
        staff.update(next);
        // A new password, a new role or deactivation ends every session of that account.
        if (change.password || change.role || change.active === false) staff.deleteSessionsOf(id);
      })();
      if (change.password || change.role || change.active === false) deps.onSessionsEnded?.(id);
      return toStaffUser(staff.byId(id)!);
    },
  };
}
export type StaffService = ReturnType<typeof createStaffService>;
