import { describe, expect, it } from 'vitest';
import {
  PAIRING,
  acceptPairingRequest,
  checkApproval,
  credentialCheck,
  fleetOrder,
  identityChanged,
  isRefusal,
  nameTaken,
  pairingStatus,
  type PairingRecord,
  type ScreenRecord,
} from './fleet.ts';

const req = {
  code: 'AC4D7K',
  role: 'lounge-board' as const,
  shellVersion: '0.1.0',
  address: '10.0.0.7',
  secretHash: 'hash-of-the-screens-secret',
};
const T0 = 1_700_000_000_000;

function accepted(existing: PairingRecord | undefined, waiting: number, now: number): PairingRecord {
  const r = acceptPairingRequest(existing, waiting, req, now);
  if (isRefusal(r)) throw new Error(`refused: ${r.refused.code}`);
  return r;
}

const screen = (over: Partial<ScreenRecord> = {}): ScreenRecord => ({
  id: 'scr_aaaaaaaa',
  name: 'Lounge TV',
  role: 'lounge-board',
  credentialHash: 'h',
  pairedAt: T0,
  revokedAt: null,
  ...over,
});

describe('a screen announcing its code', () => {
  it('waits for approval until the code expires', () => {
    const p = accepted(undefined, 0, T0);
    expect(pairingStatus(p, T0)).toBe('waiting');
    expect(pairingStatus(p, T0 + PAIRING.ttlMs - 1)).toBe('waiting');
    expect(pairingStatus(p, T0 + PAIRING.ttlMs)).toBe('expired');
    expect(pairingStatus(undefined, T0)).toBe('expired');
  });

  it('may announce the same code again while it waits, which keeps it alive from then', () => {
    const first = accepted(undefined, 0, T0);
    const again = accepted(first, 1, T0 + 60_000);
    expect(again.requestedAt).toBe(T0);
    expect(pairingStatus(again, T0 + PAIRING.ttlMs + 30_000)).toBe('waiting');
  });

  it('cannot be taken over by someone who read the code off the screen (another secret)', () => {
    const waiting = accepted(undefined, 0, T0);
    const r = acceptPairingRequest(waiting, 1, { ...req, secretHash: 'hash-of-another-secret' }, T0 + 1000);
    expect(isRefusal(r) && r.refused).toMatchObject({ status: 409, code: 'PAIRING_CODE_IN_USE' });
  });

  it('cannot take over a code a manager already approved', () => {
    const approved = { ...accepted(undefined, 0, T0), screenId: 'scr_aaaaaaaa' };
    const r = acceptPairingRequest(approved, 0, req, T0 + 1000);
    expect(isRefusal(r) && r.refused).toMatchObject({ status: 409, code: 'PAIRING_CODE_IN_USE' });
  });

  it('is turned away when too many codes already wait, but an expired code can be announced anew', () => {
    const r = acceptPairingRequest(undefined, PAIRING.maxWaiting, req, T0);
    expect(isRefusal(r) && r.refused).toMatchObject({ status: 429, code: 'PAIRING_BUSY' });
    const waiting = accepted(undefined, 0, T0);
    // Re-announcing a code that already waits is not a new request, so the limit does not apply.
    expect(isRefusal(acceptPairingRequest(waiting, PAIRING.maxWaiting, req, T0 + 1))).toBe(false);
  });
});

describe('a manager approving a code', () => {
  it('works while the code waits, and leaves the screen time to collect its credential', () => {
    const p = accepted(undefined, 0, T0);
    const ok = checkApproval(p, T0 + 5_000);
    expect(ok).toEqual({ collectUntil: T0 + 5_000 + PAIRING.collectMs });
  });

  it('is refused for a mistyped, expired or already approved code, each with its own reason', () => {
    const p = accepted(undefined, 0, T0);
    const code = (r: ReturnType<typeof checkApproval>) => (isRefusal(r) ? r.refused.code : 'ok');
    expect(code(checkApproval(undefined, T0))).toBe('PAIRING_CODE_UNKNOWN');
    expect(code(checkApproval(p, T0 + PAIRING.ttlMs))).toBe('PAIRING_CODE_EXPIRED');
    expect(code(checkApproval({ ...p, screenId: 'scr_aaaaaaaa' }, T0 + 1))).toBe('PAIRING_ALREADY_APPROVED');
  });
});

describe('a screen showing its credential', () => {
  it('is identified by name and role while paired', () => {
    expect(credentialCheck(screen())).toEqual({ id: 'scr_aaaaaaaa', name: 'Lounge TV', role: 'lounge-board' });
  });

  it('is told SCREEN_REVOKED once removed, and also when the hub does not know it', () => {
    for (const s of [screen({ revokedAt: T0 + 1 }), undefined]) {
      const r = credentialCheck(s);
      expect(isRefusal(r) && r.refused).toMatchObject({ status: 401, code: 'SCREEN_REVOKED' });
    }
  });
});

describe('the fleet', () => {
  it('keeps names unique among current screens, ignoring case; a removed screen frees its name', () => {
    const fleet = [screen(), screen({ id: 'scr_bbbbbbbb', name: 'Door TV', revokedAt: T0 })];
    expect(nameTaken(fleet, ' lounge tv ')).toBe(true);
    expect(nameTaken(fleet, 'Lounge TV', 'scr_aaaaaaaa')).toBe(false);
    expect(nameTaken(fleet, 'Door TV')).toBe(false);
  });

  it('tells a screen only when its name or role changed', () => {
    const a = { id: 'scr_aaaaaaaa', name: 'A', role: 'bay-board' as const };
    expect(identityChanged(a, { ...a })).toBe(false);
    expect(identityChanged(a, { ...a, role: 'queue-board' })).toBe(true);
    expect(identityChanged(a, { ...a, name: 'B' })).toBe(true);
  });

  it('lists screens by name as people count, not as strings sort', () => {
    const names = fleetOrder([{ name: 'Lounge 10' }, { name: 'Lounge 2' }, { name: 'Bay board' }]).map((s) => s.name);
    expect(names).toEqual(['Bay board', 'Lounge 2', 'Lounge 10']);
  });
});
