// Paired screens and pending pairing codes.
import { ScreenHealthSchema, type KioskRole, type ScreenHealth } from '@glassbay/protocol';
import type { PairingRecord, ScreenRecord } from '../domain/fleet.ts';
import type { Db } from '../store/db.ts';

interface ScreenRow {
  id: string;
  name: string;
  role: KioskRole;
  credential_hash: string | null;
  shell_version: string;
  paired_at: number;
  revoked_at: number | null;
  last_seen_at: number | null;
  last_address: string | null;
  health_json: string | null;
  health_at: number | null;
}
interface PairingRow {
  code: string;
  requested_role: KioskRole;
  shell_version: string;
  address: string | null;
  requested_at: number;
  expires_at: number;
  screen_id: string | null;
  secret_hash: string | null;
}

export interface StoredScreen extends ScreenRecord {
  shellVersion: string;
  lastSeenAt: number | null;
  lastAddress: string | null;
  health: ScreenHealth | null;
  healthAt: number | null;
}

/** A report stored by an older hub may not parse any more; the console then shows none. */
function parseHealth(json: string | null): ScreenHealth | null {
  if (json === null) return null;
  try {
    const r = ScreenHealthSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

const toScreen = (r: ScreenRow): StoredScreen => ({
  id: r.id,
  name: r.name,
  role: r.role,
  credentialHash: r.credential_hash,
  shellVersion: r.shell_version,
  pairedAt: r.paired_at,
  revokedAt: r.revoked_at,
  lastSeenAt: r.last_seen_at,
  lastAddress: r.last_address,
  health: parseHealth(r.health_json),
  healthAt: r.health_at,
});

const toPairing = (r: PairingRow): PairingRecord => ({
  code: r.code,
  requestedRole: r.requested_role,
  shellVersion: r.shell_version,
  address: r.address,
  requestedAt: r.requested_at,
  expiresAt: r.expires_at,
  screenId: r.screen_id,
  secretHash: r.secret_hash,
});

export function createScreensRepository(db: Db) {
  const q = {
    screen: db.prepare<[string], ScreenRow>('SELECT * FROM screens WHERE id = ?'),
    byCredential: db.prepare<[string], ScreenRow>('SELECT * FROM screens WHERE credential_hash = ?'),
    current: db.prepare<[], ScreenRow>('SELECT * FROM screens WHERE revoked_at IS NULL'),
    insertScreen: db.prepare(
      `INSERT INTO screens (id, name, role, shell_version, paired_at, paired_by)
       VALUES (@id, @name, @role, @shellVersion, @pairedAt, @pairedBy)`,
    ),
    identity: db.prepare('UPDATE screens SET name = @name, role = @role WHERE id = @id'),
    credential: db.prepare('UPDATE screens SET credential_hash = ? WHERE id = ?'),
    revoke: db.prepare('UPDATE screens SET revoked_at = ?, credential_hash = NULL WHERE id = ? AND revoked_at IS NULL'),
    seen: db.prepare('UPDATE screens SET last_seen_at = ?, last_address = coalesce(?, last_address) WHERE id = ?'),
    health: db.prepare('UPDATE screens SET health_json = ?, health_at = ?, last_seen_at = ? WHERE id = ?'),
    pairing: db.prepare<[string], PairingRow>('SELECT * FROM screen_pairings WHERE code = ?'),
    pairingOfScreen: db.prepare<[string], PairingRow>('SELECT * FROM screen_pairings WHERE screen_id = ?'),
    waiting: db.prepare<[number], PairingRow>(
      'SELECT * FROM screen_pairings WHERE screen_id IS NULL AND expires_at > ? ORDER BY requested_at',
    ),
    upsertPairing: db.prepare(
      `INSERT INTO screen_pairings (code, requested_role, shell_version, address, requested_at, expires_at, secret_hash)
       VALUES (@code, @requestedRole, @shellVersion, @address, @requestedAt, @expiresAt, @secretHash)
       ON CONFLICT (code) DO UPDATE SET requested_role = excluded.requested_role,
         shell_version = excluded.shell_version, address = excluded.address,
         requested_at = excluded.requested_at, expires_at = excluded.expires_at, screen_id = NULL,
         secret_hash = excluded.secret_hash`,
    ),
    approvePairing: db.prepare('UPDATE screen_pairings SET screen_id = ?, expires_at = ? WHERE code = ?'),
    deletePairing: db.prepare('DELETE FROM screen_pairings WHERE code = ?'),
    // Expired waiting codes go; an approved code that expired uncollected goes too (its screen stays,
    // marked as never connected, for staff to remove).
    sweep: db.prepare('DELETE FROM screen_pairings WHERE expires_at <= ?'),
  };

  return {
    get: (id: string) => {
      const r = q.screen.get(id);
      return r ? toScreen(r) : undefined;
    },
    byCredentialHash: (hash: string) => {
      const r = q.byCredential.get(hash);
      return r ? toScreen(r) : undefined;
    },
    /** Every screen not revoked. */
    current: () => q.current.all().map(toScreen),
    insert(s: { id: string; name: string; role: KioskRole; shellVersion: string; pairedAt: number; pairedBy: number }) {
      q.insertScreen.run(s);
    },
    setIdentity: (id: string, name: string, role: KioskRole) => q.identity.run({ id, name, role }),
    setCredentialHash: (id: string, hash: string) => q.credential.run(hash, id),
    revoke: (id: string, now: number) => q.revoke.run(now, id).changes > 0,
    seen: (id: string, now: number, address: string | null) => q.seen.run(now, address, id),
    saveHealth: (id: string, health: ScreenHealth, now: number) => q.health.run(JSON.stringify(health), now, now, id),

    pairing: (code: string) => {
      const r = q.pairing.get(code);
      return r ? toPairing(r) : undefined;
    },
    pairingOfScreen: (screenId: string) => {
      const r = q.pairingOfScreen.get(screenId);
      return r ? toPairing(r) : undefined;
    },
    waiting: (now: number) => q.waiting.all(now).map(toPairing),
    savePairing: (p: PairingRecord) => q.upsertPairing.run(p),
    approvePairing: (code: string, screenId: string, expiresAt: number) =>
      q.approvePairing.run(screenId, expiresAt, code),
    deletePairing: (code: string) => q.deletePairing.run(code).changes > 0,
    sweep: (now: number) => q.sweep.run(now).changes,
  };
}
export type ScreensRepository = ReturnType<typeof createScreensRepository>;
