// Staff sign-in: first-admin setup with a one-time code, sessions, sign-in limits, accounts.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StaffRole, StaffUser } from '@glassbay/protocol';
import { LOGIN_LIMITS, waitMs } from '../domain/login-limits.ts';
import { SESSION, sessionValid } from '../domain/staff.ts';
import { createLoginAttemptsRepository } from './login-attempts.repository.ts';
import type { Db } from '../store/db.ts';
import { toStaffUser, type StaffRepository } from './staff.repository.ts';
import { AppError } from '../domain/errors.ts';
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './passwords.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const SETUP_KEY = 'staff_setup_code_hash';

/** Too many sign-in attempts lately: the answer says when to try again (Retry-After). */
export class LoginSlowedError extends AppError {
  constructor(readonly retryAfterSec: number) {
    super(429, 'LOGIN_SLOWED', `too many sign-in attempts; try again in ${retryAfterSec} s`);
  }
}

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
  const attempts = createLoginAttemptsRepository(db);
  const meta = {
    get: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    set: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    del: db.prepare('DELETE FROM meta WHERE key = ?'),
  };

  // An address slowed by the per-address rule is answered from memory until its wait is over, as the
  // database would answer it (a slowed attempt is not counted, so the wait's end does not move): a
  // flood of guesses from one address then costs no transaction each. Each still goes on the admins'
  // list of failed sign-ins, written in batches (a hub stopped within the batch's quarter second
  // loses those rows of the list; nothing else).
  const slowedUntil = new Map<string, number>();
  const shed: [at: number, username: string, source: string][] = [];
  let flushing: NodeJS.Timeout | null = null;
  const listShed = (at: number, username: string, source: string) => {
    shed.push([at, username, source]);
    flushing ??= setTimeout(() => {
      flushing = null;
      const rows = shed.splice(0);
      try {
        attempts.inOne(() => {
          for (const [a, u, src] of rows) attempts.audit(a, u, src, 'slowed');
        });
      } catch {
        // The disk refuses writes: the hub is degraded and says so; these list rows are lost.
      }
    }, 250).unref();
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

    /**
     * Sign in. The attempt is counted (one SQL statement) before the slow hash, so parallel guesses
     * cannot slip past the limits; an unknown or inactive username is hashed against a dummy and
     * answers exactly like a wrong password, slowed alike.
     */
    async login(username: string, password: string, source: string, now: number): Promise<Session> {
      const name = username.trim().toLowerCase();
      const until = slowedUntil.get(source);
      if (until !== undefined && until > now) {
        listShed(now, name, source);
        throw new LoginSlowedError(Math.ceil((until - now) / 1000));
      }
      slowedUntil.delete(source);
      const since = now - LOGIN_LIMITS.windowMs;
      // Counted, and a slowed one dropped and listed, in one transaction: one commit per attempt
      // instead of five.
      const { c, wait, sourceWait } = attempts.inOne(() => {
        attempts.prune(since);
        const c = attempts.begin(name, source, now, since);
        const sourceWait = waitMs(LOGIN_LIMITS.source, c.source, c.sourcePrev, now);
        const wait = Math.max(
          waitMs(LOGIN_LIMITS.accountSource, c.accountSource, c.accountSourcePrev, now),
          sourceWait,
          waitMs(LOGIN_LIMITS.account, c.account, c.accountPrev, now),
        );
        if (wait > 0) {
          attempts.drop(c.id);
          attempts.audit(now, name, source, 'slowed');
        }
        return { c, wait, sourceWait };
      });
      if (sourceWait > 0) {
        if (slowedUntil.size >= 10_000) slowedUntil.delete(slowedUntil.keys().next().value!);
        slowedUntil.set(source, now + sourceWait);
      }
      if (wait > 0) throw new LoginSlowedError(Math.ceil(wait / 1000));
      const user = staff.byUsername(name);
      const known = !!user && user.active;
      let ok: boolean;
      try {
        ok = (await verifyPassword(password, known ? user.passwordHash : DUMMY_HASH)) && known;
      } catch (err) {
        attempts.drop(c.id);
        if (err instanceof AppError) attempts.audit(now, name, source, 'busy');
        throw err;
      }
      if (!ok) {
        attempts.fail(c.id);
        attempts.audit(now, name, source, known ? 'wrong-password' : 'unknown-user');
        throw new AppError(401, 'INVALID_CREDENTIALS', 'wrong username or password');
      }
      attempts.succeed(name, source);
      // A hash made with older, weaker settings is made again now that the password is at hand.
      // Best effort: a busy lane or a full disk leaves the old hash, never fails the sign-in.
      if (needsRehash(user!.passwordHash)) {
        try {
          const passwordHash = await hashPassword(password);
          const fresh = staff.byId(user!.id);
          if (fresh && fresh.passwordHash === user!.passwordHash) staff.update({ ...fresh, passwordHash });
        } catch {
          // Made again at a later sign-in.
        }
      }
      return { ...startSession(user!.id, now), user: toStaffUser(user!) };
    },

    /** The latest failed sign-ins, newest first (admins). */
    loginFailures: (limit = 500) => attempts.failures(limit),

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
