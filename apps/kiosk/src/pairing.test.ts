import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PAIRING_CODE_ALPHABET, PairingCodeSchema, type ScreenIdentity } from '@glassbay/protocol';
import {
  generatePairingCode,
  initialPairing,
  pagePathFor,
  pairingTransition,
  pairingView,
  type PairingState,
} from './pairing.ts';

const screen: ScreenIdentity = { id: 'scr-lounge-1', name: 'Lounge TV 1', role: 'lounge-board' };
const credential = 'c'.repeat(32);
const showing: PairingState = { state: 'showing-code', code: 'ACD347', expiresAt: 600_000 };

describe('pairing state machine', () => {
  it('walks unpaired → showing a code → paired, asking to persist the credential', () => {
    const a = pairingTransition(initialPairing, { type: 'code-issued', code: 'ACD347', expiresAt: 600_000 });
    expect(a).toEqual({ state: showing, effects: [] });
    const b = pairingTransition(a.state, {
      type: 'approved',
      code: 'ACD347',
      screen,
      credential,
      now: 5_000,
      hub: null,
    });
    expect(b.state).toEqual({ state: 'paired', screen, credential, pairedAt: 5_000 });
    expect(b.effects).toEqual([{ type: 'persist', paired: { screen, credential, pairedAt: 5_000 } }]);
  });

  it('pins the hub that proved its key when the screen was approved, and never another', () => {
    const hub = { hubId: 'feedc0de', publicKey: 'k'.repeat(44) };
    const b = pairingTransition(showing, { type: 'approved', code: 'ACD347', screen, credential, now: 5, hub });
    expect(b.effects).toEqual([{ type: 'persist', paired: { screen, credential, pairedAt: 5, hub } }]);
    const other = { hubId: 'feedc0de', publicKey: 'x'.repeat(44) };
    expect(pairingTransition(b.state, { type: 'hub-pinned', hub: other }).state).toBe(b.state);
    // A pairing from before hub keys takes the first key its hub proves.
    const legacy: PairingState = { state: 'paired', screen, credential, pairedAt: 1 };
    expect(pairingTransition(legacy, { type: 'hub-pinned', hub: other }).effects).toEqual([
      { type: 'persist', paired: { screen, credential, pairedAt: 1, hub: other } },
    ]);
  });

  it('ignores an approval for a code it no longer shows', () => {
    const r = pairingTransition(showing, { type: 'approved', code: 'XXXXXX', screen, credential, now: 1, hub: null });
    expect(r).toEqual({ state: showing, effects: [] });
  });

  it('asks for a new code when the shown one expires', () => {
    expect(pairingTransition(showing, { type: 'code-expired' })).toEqual({
      state: { state: 'unpaired' },
      effects: [{ type: 'issue-code' }],
    });
  });

  it('on revocation forgets the credential and shows a new code', () => {
    const paired: PairingState = { state: 'paired', screen, credential, pairedAt: 1 };
    expect(pairingTransition(paired, { type: 'revoked' })).toEqual({
      state: { state: 'unpaired' },
      effects: [{ type: 'forget' }, { type: 'issue-code' }],
    });
  });

  it('restores a saved pairing without writing it again', () => {
    const r = pairingTransition(initialPairing, { type: 'restored', paired: { screen, credential, pairedAt: 1 } });
    expect(r).toEqual({ state: { state: 'paired', screen, credential, pairedAt: 1 }, effects: [] });
  });

  it('stays paired when a stray code or expiry arrives', () => {
    const paired: PairingState = { state: 'paired', screen, credential, pairedAt: 1 };
    expect(pairingTransition(paired, { type: 'code-issued', code: 'ACD347', expiresAt: 1 }).state).toBe(paired);
    expect(pairingTransition(paired, { type: 'code-expired' }).state).toBe(paired);
  });

  it('takes a new name or role from the console and keeps it, with the same credential', () => {
    const paired: PairingState = { state: 'paired', screen, credential, pairedAt: 1 };
    const moved = { ...screen, role: 'bay-board' as const };
    const r = pairingTransition(paired, { type: 'identity-changed', screen: moved });
    expect(r.state).toEqual({ state: 'paired', screen: moved, credential, pairedAt: 1 });
    expect(r.effects).toEqual([{ type: 'persist', paired: { screen: moved, credential, pairedAt: 1 } }]);
    // The same identity again, or another screen's, changes nothing and writes nothing.
    expect(pairingTransition(paired, { type: 'identity-changed', screen: { ...screen } })).toEqual({
      state: paired,
      effects: [],
    });
    expect(
      pairingTransition(paired, { type: 'identity-changed', screen: { ...moved, id: 'scr-other' } }).effects,
    ).toEqual([]);
  });

  it('shows the code page while showing a code, then the role staff chose', () => {
    expect(pagePathFor(initialPairing, 'check-in')).toBe('/checkin');
    expect(pagePathFor(showing, 'check-in')).toBe('/pair');
    expect(pagePathFor({ state: 'paired', screen, credential, pairedAt: 1 }, 'check-in')).toBe('/lounge');
  });

  it('never shows the credential to the page', () => {
    const view = pairingView({ state: 'paired', screen, credential, pairedAt: 1 });
    expect(view).toEqual({ state: 'paired', screen });
    expect(JSON.stringify(view)).not.toContain(credential);
    expect(pairingView(showing)).toEqual(showing);
  });
});

describe('pairing codes', () => {
  it('are six characters from the unambiguous alphabet and pass the contract’s schema', () => {
    for (let i = 0; i < 200; i++) {
      const code = generatePairingCode((n) => randomBytes(n));
      expect(PairingCodeSchema.safeParse(code).success).toBe(true);
      expect(code).not.toMatch(/[0O1IL2Z5S8B]/);
    }
  });

  it('skip bytes that would bias the draw', () => {
    // 25 letters: bytes 250–255 would favour the first six letters under a plain modulo.
    const bytes = [255, 250, 0, 251, 1, 2, 3, 4, 252, 24];
    let offset = 0;
    const code = generatePairingCode((n) => Uint8Array.from({ length: n }, () => bytes[offset++ % bytes.length]!));
    const a = PAIRING_CODE_ALPHABET;
    expect(code).toBe(`${a[0]}${a[1]}${a[2]}${a[3]}${a[4]}${a[24]}`);
  });

  it('use every character about equally often', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2_000; i++) {
      for (const ch of generatePairingCode((n) => randomBytes(n))) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(counts.size).toBe(PAIRING_CODE_ALPHABET.length);
    const expected = (2_000 * 6) / PAIRING_CODE_ALPHABET.length; // 480
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.3);
  });
});
