// The zod-free part of the staff contract: the session cookie, the role order and the REST paths.
// Screens import these without pulling the schemas into the browser bundle (staff.ts re-exports them).
import type { StaffRole } from './domain.ts';

export const SESSION_COOKIE = 'glassbay_session';

/** advisor < manager < admin: a role may do everything the roles before it may. */
export const roleRank: Record<StaffRole, number> = { advisor: 1, manager: 2, admin: 3 };
export const hasRole = (have: StaffRole, need: StaffRole): boolean => roleRank[have] >= roleRank[need];

/** The staff REST paths as plain strings, for screens that build URLs without the schemas. */
export const staffPaths = {
  setup: '/api/staff/setup',
  login: '/api/staff/login',
  logout: '/api/staff/logout',
  me: '/api/staff/me',
  users: '/api/staff/users',
  user: '/api/staff/users/:userId',
  loginFailures: '/api/staff/login-failures',
} as const;
