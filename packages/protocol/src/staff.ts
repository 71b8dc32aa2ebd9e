// Staff accounts, sign-in and sessions: the REST contract of the staff console.
import { z } from 'zod';
import { staffRoles } from './domain.ts';
import { defineRoute } from './route.ts';
import { staffPaths } from './staff-access.ts';

export { SESSION_COOKIE, hasRole, roleRank, staffPaths } from './staff-access.ts';

export const StaffRoleSchema = z.enum(staffRoles);
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'a username is 2–32 letters, digits, dots, dashes or underscores');
/** Long enough to resist guessing at the lock-out rate; no composition rules (NIST SP 800-63B). */
export const PasswordSchema = z.string().min(10, 'at least 10 characters').max(200);
export const DisplayNameSchema = z.string().trim().min(1).max(60);

export const StaffUserSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: StaffRoleSchema,
  active: z.boolean(),
});
export type StaffUser = z.infer<typeof StaffUserSchema>;

const Ok = z.object({ ok: z.literal(true) });

export const staffRoutes = {
  setupStatus: defineRoute({
    method: 'GET',
    path: staffPaths.setup,
    access: 'public',
    summary: 'Whether the one-time first-admin setup is still open.',
    response: z.object({ needed: z.boolean() }),
  }),
  setup: defineRoute({
    method: 'POST',
    path: staffPaths.setup,
    access: 'public',
    summary: 'Create the first admin with the one-time setup code the hub printed at first start.',
    body: z.strictObject({
      setupCode: z.string().min(6).max(64),
      username: UsernameSchema,
      displayName: DisplayNameSchema,
      password: PasswordSchema,
    }),
    response: z.object({ user: StaffUserSchema }),
  }),
  login: defineRoute({
    method: 'POST',
    path: staffPaths.login,
    access: 'public',
    summary:
      'Sign in; sets an HttpOnly session cookie. Failures are slowed down per account and per source with growing ' +
      'delays (LOGIN_SLOWED with Retry-After), never a lock; unknown usernames answer like wrong passwords.',
    body: z.strictObject({ username: z.string().max(64), password: z.string().max(200) }),
    response: z.object({ user: StaffUserSchema }),
  }),
  listLoginFailures: defineRoute({
    method: 'GET',
    path: staffPaths.loginFailures,
    access: 'admin',
    summary: 'The latest failed sign-ins (wrong password, unknown user, slowed, busy) with their source, newest first.',
    response: z.object({
      failures: z.array(
        z.object({
          at: z.number(),
          username: z.string(),
          source: z.string(),
          reason: z.enum(['wrong-password', 'unknown-user', 'slowed', 'busy']),
        }),
      ),
    }),
  }),
  logout: defineRoute({
    method: 'POST',
    path: staffPaths.logout,
    access: 'advisor',
    summary: 'End this session.',
    response: Ok,
  }),
  me: defineRoute({
    method: 'GET',
    path: staffPaths.me,
    access: 'advisor',
    summary: 'The signed-in staff member.',
    response: z.object({ user: StaffUserSchema }),
  }),
  listUsers: defineRoute({
    method: 'GET',
    path: staffPaths.users,
    access: 'admin',
    summary: 'Every staff account.',
    response: z.object({ users: z.array(StaffUserSchema) }),
  }),
  createUser: defineRoute({
    method: 'POST',
    path: staffPaths.users,
    access: 'admin',
    summary: 'Create a staff account with a role.',
    body: z.strictObject({
      username: UsernameSchema,
      displayName: DisplayNameSchema,
      role: StaffRoleSchema,
      password: PasswordSchema,
    }),
    response: z.object({ user: StaffUserSchema }),
  }),
  updateUser: defineRoute({
    method: 'PATCH',
    path: staffPaths.user,
    access: 'admin',
    summary: "Change a staff account's role, name or password, or deactivate it (ends its sessions).",
    params: z.object({ userId: z.coerce.number().int().positive() }),
    body: z.strictObject({
      displayName: DisplayNameSchema.optional(),
      role: StaffRoleSchema.optional(),
      password: PasswordSchema.optional(),
      active: z.boolean().optional(),
    }),
    response: z.object({ user: StaffUserSchema }),
  }),
} as const;
