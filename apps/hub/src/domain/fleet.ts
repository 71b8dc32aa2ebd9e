// Screen pairing and fleet rules: pure, `now` passed in. A new screen announces the code it shows; a
// manager approves the code with a name and a role; the screen collects its credential once; staff
// may rename, re-role or revoke it later. The service does the I/O around these decisions.
import type { KioskRole, PendingPairing, ScreenIdentity } from '@glassbay/protocol';

export const PAIRING = {
  /** A code on screen is valid this long; the screen shows a new one after that. */
  ttlMs: 10 * 60_000,
  /** After approval, the screen has this long to collect its credential (it polls every few seconds). */
  collectMs: 10 * 60_000,
  /** More codes waiting than a shop has new screens means someone is flooding the hub. */
  maxWaiting: 20,
} as const;

export interface PairingRecord {
  code: string;
  requestedRole: KioskRole;
  shellVersion: string;
  address: string | null;
  requestedAt: number;
  expiresAt: number;
  /** Set when a manager approved the code. */
  screenId: string | null;
  /** SHA-256 of the secret the screen announced the code with; null for a code from before it. */
  secretHash: string | null;
}

export interface ScreenRecord extends ScreenIdentity {
  credentialHash: string | null;
  pairedAt: number;
  revokedAt: number | null;
}

/** A refusal the HTTP edge answers as is: a status, a stable code, a sentence a person can act on. */
export interface Refusal {
  refused: { status: number; code: string; message: string };
}
const refuse = (status: number, code: string, message: string): Refusal => ({ refused: { status, code, message } });
export const isRefusal = (v: unknown): v is Refusal => typeof v === 'object' && v !== null && 'refused' in v;

export type PairingStatus = 'waiting' | 'approved' | 'expired';

export function pairingStatus(p: PairingRecord | undefined, now: number): PairingStatus {
  if (!p || p.expiresAt <= now) return 'expired';
  return p.screenId === null ? 'waiting' : 'approved';
}

/**
 * A screen announces a code. The same code announced again while it waits (the screen restarted, or
 * retried after a lost answer) just extends it; a code already approved cannot be taken over.
 */
export function acceptPairingRequest(
  existing: PairingRecord | undefined,
  waiting: number,
  req: { code: string; role: KioskRole; shellVersion: string; address: string | null; secretHash: string },
  now: number,
): PairingRecord | Refusal {
  const status = pairingStatus(existing, now);
  if (status === 'approved')
    return refuse(409, 'PAIRING_CODE_IN_USE', 'this code was just approved for another screen; show a new code');
  // Only the screen that announced a code may announce it again (to keep it from expiring).
  if (status === 'waiting' && existing!.secretHash !== req.secretHash)
    return refuse(409, 'PAIRING_CODE_IN_USE', 'another screen is showing this code; show a new code');
  if (status === 'expired' && waiting >= PAIRING.maxWaiting)
    return refuse(
      429,
      'PAIRING_BUSY',
      `${waiting} screens are already waiting to be paired; approve or decline them in the console first`,
    );
  return {
    code: req.code,
    requestedRole: req.role,
    shellVersion: req.shellVersion,
    address: req.address,
    requestedAt: status === 'waiting' ? existing!.requestedAt : now,
    expiresAt: now + PAIRING.ttlMs,
    screenId: null,
    secretHash: req.secretHash,
  };
}

/** A manager approves a code: it must be on a screen right now and not approved yet. */
export function checkApproval(p: PairingRecord | undefined, now: number): { collectUntil: number } | Refusal {
  const status = pairingStatus(p, now);
  if (!p)
    return refuse(
      404,
      'PAIRING_CODE_UNKNOWN',
      'no screen is showing this code; check the code on the screen (it changes every 10 minutes)',
    );
  if (status === 'expired')
    return refuse(410, 'PAIRING_CODE_EXPIRED', 'this code has expired; the screen shows a new one within seconds');
  if (status === 'approved') return refuse(409, 'PAIRING_ALREADY_APPROVED', 'this screen is already approved');
  return { collectUntil: now + PAIRING.collectMs };
}

/** Names tell screens apart in the console: unique among screens not revoked, ignoring case. */
export function nameTaken(screens: readonly ScreenRecord[], name: string, exceptId?: string): boolean {
  const wanted = name.trim().toLocaleLowerCase();
  return screens.some((s) => s.id !== exceptId && s.revokedAt === null && s.name.toLocaleLowerCase() === wanted);
}

export const nameTakenRefusal = (name: string): Refusal =>
  refuse(409, 'SCREEN_NAME_TAKEN', `another screen is already called "${name}"; choose another name`);

/**
 * What a credential is worth. An unknown one is answered like a revoked one: the screen's only useful
 * reaction to either is to show a new code (the hub's data may have been reset).
 */
export function credentialCheck(screen: ScreenRecord | undefined): ScreenIdentity | Refusal {
  if (!screen || screen.revokedAt !== null)
    return refuse(
      401,
      'SCREEN_REVOKED',
      screen
        ? 'this screen was removed in the console; it will show a new pairing code'
        : 'this hub does not know this screen; it will show a new pairing code',
    );
  return { id: screen.id, name: screen.name, role: screen.role };
}

/** A change of name or role that an online screen must hear about. */
export function identityChanged(before: ScreenIdentity, after: ScreenIdentity): boolean {
  return before.name !== after.name || before.role !== after.role;
}

export function toPendingPairing(p: PairingRecord): PendingPairing {
  const { code, requestedRole, shellVersion, address, requestedAt, expiresAt } = p;
  return { code, requestedRole, shellVersion, address, requestedAt, expiresAt };
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** The console's order: by name as a person reads it ("Lounge 2" before "Lounge 10"). */
export function fleetOrder<T extends { name: string }>(screens: readonly T[]): T[] {
  return [...screens].sort((a, b) => collator.compare(a.name, b.name));
}
