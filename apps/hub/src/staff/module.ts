// The staff module: accounts, sign-in and sessions. Offers who is behind a request or a socket
// (the HTTP mount, the relay, the fleet channel and media ask it) and a port through which the
// relay learns that sessions ended, so their sockets lose the staff view at once.
import type { FastifyRequest } from 'fastify';
import type { Socket } from 'socket.io';
import { SESSION_COOKIE, type Audience, type StaffUser } from '@glassbay/protocol';
import type { HubModule, Kernel } from '../module.ts';
import { createStaffRepository } from './staff.repository.ts';
import { mountStaffRoutes, sessionToken } from './staff.routes.ts';
import { createStaffService } from './staff.service.ts';

/** Which sockets' handshake data belong to sessions that just ended. */
export type SocketMatch = (data: Record<string, unknown>) => boolean;

export function createStaffModule(k: Pick<Kernel, 'db' | 'app'>) {
  const endedListeners: ((match: SocketMatch) => void)[] = [];
  const ended = (match: SocketMatch) => endedListeners.forEach((listen) => listen(match));
  const service = createStaffService({
    db: k.db,
    staff: createStaffRepository(k.db),
    onSessionsEnded: (userId) => ended((d) => d.userId === userId),
  });
  const fromCookie = (cookie: string | undefined): StaffUser | undefined =>
    service.authenticate(k.app.parseCookie(cookie ?? '')[SESSION_COOKIE], Date.now());

  const module: HubModule = {
    name: 'staff',
    routes: (mount) => mountStaffRoutes(mount, service, (sessionId) => ended((d) => d.sessionId === sessionId)),
  };
  return {
    module,
    service,
    /** The signed-in staff member behind a request (the console's session cookie). */
    staffOf: (req: FastifyRequest): StaffUser | undefined => service.authenticate(sessionToken(req), Date.now()),
    fromCookie,
    /** A screen's audience: staff prove it with the console's session cookie; any other socket is public. */
    audienceOf(socket: Socket): Audience {
      const wanted = (socket.handshake.auth as { audience?: unknown }).audience ?? 'public';
      if (wanted === 'public') return 'public';
      const token = k.app.parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
      const user = wanted === 'staff' ? service.authenticate(token, Date.now()) : undefined;
      if (!user) throw new Error('STAFF_LOGIN_REQUIRED');
      socket.data.userId = user.id;
      socket.data.sessionId = service.sessionId(token!);
      return 'staff';
    },
    onSessionsEnded: (listen: (match: SocketMatch) => void) => void endedListeners.push(listen),
  };
}
export type StaffModule = ReturnType<typeof createStaffModule>;
