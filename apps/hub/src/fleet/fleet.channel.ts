// The fleet channel: a socket.io namespace beside the state relay. A screen proves itself with its
// credential (the shell's header, or `auth.credential` from a plain browser) and joins a room of its
// own, where it hears commands and from which it reports its health. Managers join with their session
// cookie and get the whole fleet view on every change (a shop has tens of screens, not thousands).
import type { Namespace, Socket } from 'socket.io';
import {
  FleetEvents,
  FleetRefusals,
  SCREEN_CREDENTIAL_HEADER,
  ScreenHealthSchema,
  ScreenshotReplySchema,
  hasRole,
  type FleetClientEvents,
  type FleetServerEvents,
  type FleetView,
  type ScreenHealth,
  type ScreenIdentity,
  type ScreenshotReply,
  type StaffUser,
} from '@glassbay/protocol';
import { isRefusal, type Refusal } from '../domain/fleet.ts';
import type { Logger } from '../logger.ts';
import type { FleetPush } from './fleet.service.ts';

export type FleetNamespace = Namespace<FleetClientEvents, FleetServerEvents>;

export interface FleetChannelDeps {
  identify(credential: string): ScreenIdentity | Refusal;
  /** The staff member behind a Cookie header, if the session is valid. */
  staffFromCookie(cookie: string | undefined): StaffUser | undefined;
  view(now: number): FleetView;
  connected(screenId: string, address: string | null, now: number): void;
  disconnected(screenId: string, now: number): void;
  health(screenId: string, health: ScreenHealth, now: number): void;
  screenshotReply(screenId: string, reply: ScreenshotReply, now: number): void;
  log: Logger;
}

const STAFF_ROOM = 'staff';
const screenRoom = (id: string) => `screen:${id}`;
/** A screen reports every minute; anything much faster is a page gone wrong, and is dropped. */
const MIN_HEALTH_GAP_MS = 2_000;
/** Changes that arrive together (a screen connecting and reporting) reach the console as one view. */
const VIEW_COALESCE_MS = 50;

/** IPv4 peers arrive as ::ffff:10.0.0.7 on a dual-stack socket; installers know them as 10.0.0.7. */
const plainAddress = (a: string | undefined) => (a ? a.replace(/^::ffff:/, '') : null);

function credentialOf(socket: Socket): string | undefined {
  // The shell's header wins: in the shell, the page never holds the credential.
  const header = socket.handshake.headers[SCREEN_CREDENTIAL_HEADER];
  if (typeof header === 'string' && header) return header;
  const auth = socket.handshake.auth as { credential?: unknown };
  return typeof auth.credential === 'string' && auth.credential ? auth.credential : undefined;
}

const isManager = (u: StaffUser | undefined) => u !== undefined && u.active && hasRole(u.role, 'manager');

/**
 * The fleet channel in two steps, because the fleet service pushes through it and the channel asks
 * that service who a screen is: first the rooms (what the service pushes to), then `admit` (who may
 * join, and what they are told), once the service exists and before the hub listens.
 */
export function createFleetChannel(nsp: FleetNamespace): FleetPush & {
  admit(deps: FleetChannelDeps): void;
  close(): void;
} {
  const connections = new Map<string, number>();
  let viewTimer: NodeJS.Timeout | null = null;
  let admitted: FleetChannelDeps | undefined;

  const admit = (deps: FleetChannelDeps) => {
    admitted = deps;
    nsp.use((socket, next) => {
      if ((socket.handshake.auth as { audience?: unknown }).audience === 'staff') {
        const user = deps.staffFromCookie(socket.handshake.headers.cookie);
        if (!user) return next(new Error(FleetRefusals.staffLogin));
        if (!isManager(user)) return next(new Error(FleetRefusals.role));
        socket.data.kind = 'staff';
        return next();
      }
      const credential = credentialOf(socket);
      if (!credential) return next(new Error(FleetRefusals.noCredential));
      const who = deps.identify(credential);
      if (isRefusal(who)) return next(new Error(who.refused.code));
      socket.data.kind = 'screen';
      socket.data.screenId = who.id;
      next();
    });

    nsp.on('connection', (socket) => {
      if (socket.data.kind === 'staff') {
        void socket.join(STAFF_ROOM);
        socket.emit(FleetEvents.view, deps.view(Date.now()));
        return;
      }
      const id = socket.data.screenId as string;
      void socket.join(screenRoom(id));
      connections.set(id, (connections.get(id) ?? 0) + 1);
      deps.connected(id, plainAddress(socket.handshake.address), Date.now());

      let lastHealth = 0;
      socket.on(FleetEvents.health, (raw) => {
        const now = Date.now();
        const parsed = ScreenHealthSchema.safeParse(raw);
        if (!parsed.success) {
          deps.log.debug(
            { screen: id, issues: parsed.error.issues.slice(0, 3) },
            'screen sent a malformed health report',
          );
          return;
        }
        if (now - lastHealth < MIN_HEALTH_GAP_MS) return;
        lastHealth = now;
        deps.health(id, parsed.data, now);
      });
      socket.on(FleetEvents.screenshot, (raw) => {
        const parsed = ScreenshotReplySchema.safeParse(raw);
        if (parsed.success) deps.screenshotReply(id, parsed.data, Date.now());
        else deps.log.debug({ screen: id }, 'screen sent a screenshot that is not a small image');
      });
      socket.on('disconnect', () => {
        const left = (connections.get(id) ?? 1) - 1;
        if (left > 0) connections.set(id, left);
        else connections.delete(id);
        deps.disconnected(id, Date.now());
      });
    });
  };

  const sendView = () => {
    viewTimer = null;
    const deps = admitted;
    if (!deps) return;
    const staffSockets = [...(nsp.adapter.rooms.get(STAFF_ROOM) ?? [])]
      .map((sid) => nsp.sockets.get(sid))
      .filter((s) => s !== undefined);
    if (staffSockets.length === 0) return;
    const view = deps.view(Date.now());
    for (const socket of staffSockets) {
      // A session that ended (signed out, deactivated, demoted) stops receiving the fleet.
      if (!isManager(deps.staffFromCookie(socket.handshake.headers.cookie))) socket.disconnect(true);
      else socket.emit(FleetEvents.view, view);
    }
  };

  return {
    admit,
    online: (id) => (connections.get(id) ?? 0) > 0,
    command(id, command) {
      nsp.to(screenRoom(id)).emit(FleetEvents.command, command);
      return (connections.get(id) ?? 0) > 0;
    },
    disconnect(id) {
      // Only this namespace: the screen's state link on the same connection stays up.
      nsp.in(screenRoom(id)).disconnectSockets(false);
    },
    changed() {
      viewTimer ??= setTimeout(sendView, VIEW_COALESCE_MS);
    },
    close() {
      if (viewTimer) clearTimeout(viewTimer);
      viewTimer = null;
    },
  };
}
