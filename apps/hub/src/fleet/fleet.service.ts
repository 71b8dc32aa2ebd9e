// The screens fleet: pairing (a code on a new screen, approved in the console, a credential collected
// once), identifying a screen by its credential, and what staff do with screens afterwards. Rules are
// in domain/screens.ts; this carries them out against the store and the fleet channel.
import { createHash, randomBytes } from 'node:crypto';
import type {
  FleetScreen,
  FleetView,
  KioskRole,
  ScreenCommand,
  ScreenHealth,
  ScreenIdentity,
  ScreenPairingStatus,
  ScreenshotReply,
  StaffUser,
} from '@glassbay/protocol';
import {
  acceptPairingRequest,
  checkApproval,
  credentialCheck,
  fleetOrder,
  identityChanged,
  isRefusal,
  nameTaken,
  nameTakenRefusal,
  pairingStatus,
  toPendingPairing,
  type Refusal,
} from '../domain/fleet.ts';
import type { Db } from '../store/db.ts';
import type { ScreensRepository, StoredScreen } from './fleet.repository.ts';
import { AppError } from '../domain/errors.ts';

export const hashCredential = (credential: string) => createHash('sha256').update(credential).digest('hex');

/** What the service needs from the realtime side: who is online, and a way to reach them. */
export interface FleetPush {
  online(screenId: string): boolean;
  /** Send a command to every connection of one screen; false when it has none. */
  command(screenId: string, command: ScreenCommand): boolean;
  disconnect(screenId: string): void;
  /** The fleet changed: staff consoles want a fresh view. */
  changed(): void;
}

const fail = ({ refused }: Refusal): never => {
  throw new AppError(refused.status, refused.code, refused.message);
};
const unwrap = <T>(v: T | Refusal): T => (isRefusal(v) ? fail(v) : v);

export function createScreensService(deps: {
  db: Db;
  screens: ScreensRepository;
  push: FleetPush;
  /** The shell release this hub publishes (kiosk-updates.ts), if any. */
  release: () => { version: string; publishedAt: number } | null;
}) {
  const { db, screens } = deps;
  const screenshots = new Map<string, { at: number; dataUrl: string | null; error: string | null }>();
  const pendingShots = new Map<string, { screenId: string; at: number }>();

  const mustGet = (id: string): StoredScreen => {
    const s = screens.get(id);
    if (!s || s.revokedAt !== null)
      throw new AppError(404, 'SCREEN_NOT_FOUND', 'no such screen; it may have been removed');
    return s;
  };

  const toFleetScreen = (s: StoredScreen): FleetScreen => {
    const shot = screenshots.get(s.id);
    return {
      id: s.id,
      name: s.name,
      role: s.role,
      pairedAt: s.pairedAt,
      credentialCollected: s.credentialHash !== null,
      online: deps.push.online(s.id),
      lastSeenAt: s.lastSeenAt,
      address: s.lastAddress,
      health: s.health,
      healthAt: s.healthAt,
      screenshot: shot ? { at: shot.at, error: shot.error } : null,
    };
  };

  const identityOf = (s: StoredScreen): ScreenIdentity => ({ id: s.id, name: s.name, role: s.role });

  return {
    requestPairing(
      { secret, ...req }: { code: string; secret: string; role: KioskRole; shellVersion: string },
      address: string | null,
      now: number,
    ): { status: 'waiting'; expiresAt: number } {
      const record = db.transaction(() => {
        screens.sweep(now);
        const announced = { ...req, address, secretHash: hashCredential(secret) };
        const waiting = screens.waiting(now);
        const fromSource = waiting.filter((w) => w.address === address).length;
        const p = unwrap(acceptPairingRequest(screens.pairing(req.code), waiting.length, fromSource, announced, now));
        screens.savePairing(p);
        return p;
      })();
      deps.push.changed();
      return { status: 'waiting', expiresAt: record.expiresAt };
    },

    /**
     * The screen polls its code with the secret it announced it with. Once approved, it gets its
     * credential here exactly once. Without that secret a code is as good as unknown: expired.
     */
    pairingStatus(code: string, secret: string | undefined, now: number): ScreenPairingStatus {
      const result = db.transaction((): ScreenPairingStatus => {
        const stored = screens.pairing(code);
        const p = stored?.secretHash && secret && hashCredential(secret) === stored.secretHash ? stored : undefined;
        const status = pairingStatus(p, now);
        if (status === 'waiting') return { status, expiresAt: p!.expiresAt };
        if (status === 'expired') return { status };
        const screen = mustGet(p!.screenId!);
        // Only the hash is kept: a credential lost by the screen means pairing it again.
        const credential = randomBytes(32).toString('base64url');
        screens.setCredentialHash(screen.id, hashCredential(credential));
        screens.deletePairing(code);
        return { status: 'approved', screen: identityOf(screen), credential };
      })();
      if (result.status === 'approved') deps.push.changed();
      return result;
    },

    approve(code: string, input: { name: string; role: KioskRole }, by: StaffUser, now: number): FleetScreen {
      const screen = db.transaction(() => {
        const p = screens.pairing(code);
        const { collectUntil } = unwrap(checkApproval(p, now));
        if (nameTaken(screens.current(), input.name)) fail(nameTakenRefusal(input.name));
        const id = `scr_${randomBytes(9).toString('base64url')}`;
        screens.insert({ id, ...input, shellVersion: p!.shellVersion, pairedAt: now, pairedBy: by.id });
        screens.seen(id, now, p!.address);
        screens.approvePairing(code, id, collectUntil);
        return screens.get(id)!;
      })();
      deps.push.changed();
      return toFleetScreen(screen);
    },

    decline(code: string): void {
      const p = screens.pairing(code);
      if (!p || p.screenId !== null)
        throw new AppError(404, 'PAIRING_CODE_UNKNOWN', 'no screen is waiting with this code');
      screens.deletePairing(code);
      deps.push.changed();
    },

    /** A screen's credential → who it is, or why not (SCREEN_REVOKED). */
    identify(credential: string): ScreenIdentity | Refusal {
      return credentialCheck(screens.byCredentialHash(hashCredential(credential)) ?? undefined);
    },

    self(credential: string | undefined, address: string | null = null, now?: number): ScreenIdentity {
      if (!credential)
        throw new AppError(401, 'SCREEN_CREDENTIAL_REQUIRED', 'this is for paired screens; pair this screen first');
      const screen = unwrap(this.identify(credential));
      // The shell's self-check is a sign of life of its own: the console counts it as "seen", also
      // while the page (and its fleet link) is down.
      if (now !== undefined) {
        screens.seen(screen.id, now, address);
        deps.push.changed();
      }
      return screen;
    },

    update(id: string, change: { name?: string; role?: KioskRole }): FleetScreen {
      const before = mustGet(id);
      const after = { ...identityOf(before), ...change };
      if (change.name !== undefined && nameTaken(screens.current(), change.name, id))
        fail(nameTakenRefusal(change.name));
      screens.setIdentity(id, after.name, after.role);
      if (identityChanged(identityOf(before), after)) deps.push.command(id, { type: 'identity', screen: after });
      deps.push.changed();
      return toFleetScreen(mustGet(id));
    },

    reload(id: string): { delivered: boolean } {
      mustGet(id);
      return { delivered: deps.push.command(id, { type: 'reload' }) };
    },

    /**
     * Ask every screen (or one) to update its shell to the published release. Each connected screen
     * gets the command when the turn ends; one that is offline asks again when staff do.
     */
    updateShells(id: string | undefined): { version: string; asked: number; delivered: number } {
      const release = deps.release();
      if (!release)
        throw new AppError(409, 'KIOSK_UPDATE_NONE', 'no shell update is published on this hub: publish one first');
      const targets = id === undefined ? screens.current().map((s) => s.id) : [mustGet(id).id];
      let delivered = 0;
      for (const target of targets)
        if (deps.push.command(target, { type: 'update', version: release.version })) delivered++;
      return { version: release.version, asked: targets.length, delivered };
    },

    requestScreenshot(id: string, now: number): { requestId: string } {
      mustGet(id);
      const requestId = randomBytes(9).toString('base64url');
      if (!deps.push.command(id, { type: 'screenshot', requestId }))
        throw new AppError(409, 'SCREEN_OFFLINE', 'this screen is not connected; check that it is on and online');
      for (const [rid, r] of pendingShots) if (now - r.at > 60_000) pendingShots.delete(rid);
      pendingShots.set(requestId, { screenId: id, at: now });
      return { requestId };
    },

    screenshot(id: string): { at: number; dataUrl: string } {
      mustGet(id);
      const shot = screenshots.get(id);
      if (!shot?.dataUrl) throw new AppError(404, 'SCREENSHOT_NONE', 'no screenshot yet; ask the screen for one');
      return { at: shot.at, dataUrl: shot.dataUrl };
    },

    remove(id: string, now: number): void {
      mustGet(id);
      screens.revoke(id, now);
      screenshots.delete(id);
      deps.push.command(id, { type: 'revoked' });
      deps.push.disconnect(id);
      deps.push.changed();
    },

    view(now: number): FleetView {
      return {
        screens: fleetOrder(screens.current()).map(toFleetScreen),
        pending: screens.waiting(now).map(toPendingPairing),
        update: deps.release(),
      };
    },

    // --- what the fleet channel reports ---

    connected(id: string, address: string | null, now: number): void {
      screens.seen(id, now, address);
      deps.push.changed();
    },
    disconnected(id: string, now: number): void {
      screens.seen(id, now, null);
      deps.push.changed();
    },
    health(id: string, health: ScreenHealth, now: number): void {
      screens.saveHealth(id, health, now);
      deps.push.changed();
    },
    screenshotReply(id: string, reply: ScreenshotReply, now: number): void {
      const asked = pendingShots.get(reply.requestId);
      // Only answers to a question this hub asked this screen count.
      if (!asked || asked.screenId !== id) return;
      pendingShots.delete(reply.requestId);
      screenshots.set(
        id,
        'dataUrl' in reply
          ? { at: now, dataUrl: reply.dataUrl, error: null }
          : { at: now, dataUrl: null, error: reply.error },
      );
      deps.push.changed();
    },
  };
}
export type ScreensService = ReturnType<typeof createScreensService>;
