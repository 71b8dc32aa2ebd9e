// Staff sign-in over HTTP: the session token travels only in an HttpOnly, SameSite=Strict cookie.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, staffRoutes } from '@glassbay/protocol';
import type { StaffService } from './staff.service.ts';
import type { Mount } from '../http/api.ts';

export const sessionToken = (req: FastifyRequest): string | undefined => req.cookies[SESSION_COOKIE];

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: number) {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function mountStaffRoutes(mount: Mount, staff: StaffService, onLogout: (sessionId: string) => void): void {
  mount(staffRoutes.setupStatus, () => ({ needed: staff.setupNeeded() }));
  mount(staffRoutes.setup, async ({ body, req, reply }) => {
    const s = await staff.setup(body, Date.now());
    setSessionCookie(req, reply, s.token, s.expiresAt);
    return { user: s.user };
  });
  mount(staffRoutes.login, async ({ body, req, reply }) => {
    const s = await staff.login(body.username, body.password, Date.now());
    setSessionCookie(req, reply, s.token, s.expiresAt);
    return { user: s.user };
  });
  mount(staffRoutes.logout, ({ req, reply }) => {
    const token = sessionToken(req)!;
    staff.logout(token);
    onLogout(staff.sessionId(token));
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });
  mount(staffRoutes.me, ({ staff: user }) => ({ user }));
  mount(staffRoutes.listUsers, () => ({ users: staff.list() }));
  mount(staffRoutes.createUser, async ({ body }) => ({ user: await staff.create(body, Date.now()) }));
  mount(staffRoutes.updateUser, async ({ staff: actor, params, body }) => ({
    user: await staff.update(actor, params.userId, body),
  }));
}
