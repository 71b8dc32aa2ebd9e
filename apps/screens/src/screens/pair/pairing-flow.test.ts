import { PAIRING_CODE_ALPHABET, SCREEN_PAIRING_SECRET_HEADER, type ScreenIdentity } from '@glassbay/protocol';
import { describe, expect, it } from 'vitest';
import type { StoredScreen } from '../../lib/fleet/identity.ts';
import { browserPairingFlow, type PairPhase } from './pairing-flow.ts';

const screen: ScreenIdentity = { id: 'scr_abcdefgh', name: 'Lounge TV', role: 'bay-board' };
const CREDENTIAL = 'c'.repeat(43);

/** A hub that answers the pairing routes from a script the test changes as it goes. */
interface FakeHub {
  down: boolean;
  /** What GET /api/screens/pairing/:code answers next. */
  status: 'waiting' | 'approved' | 'expired';
  announced: { code: string; secret: string; role: string; shellVersion: string }[];
  selfAnswer: 200 | 401;
  fetch: typeof fetch;
}

function fakeHub(): FakeHub {
  const hub: FakeHub = {
    down: false,
    status: 'waiting',
    announced: [],
    selfAnswer: 200,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (hub.down) throw new TypeError('Failed to fetch');
      const path = String(input);
      const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
      if (path === '/api/screens/pairing' && init?.method === 'POST') {
        hub.announced.push(JSON.parse(String(init.body)) as FakeHub['announced'][number]);
        return json(200, { status: 'waiting', expiresAt: 10_000_000 });
      }
      if (path.startsWith('/api/screens/pairing/')) {
        // As the hub: a code answers only to the secret it was last announced with.
        const secret = new Headers(init?.headers).get(SCREEN_PAIRING_SECRET_HEADER);
        if (!secret || secret !== hub.announced.at(-1)?.secret) return json(200, { status: 'expired' });
        if (hub.status === 'approved') return json(200, { status: 'approved', screen, credential: CREDENTIAL });
        if (hub.status === 'expired') return json(200, { status: 'expired' });
        return json(200, { status: 'waiting', expiresAt: 10_000_000 });
      }
      if (path === '/api/screens/self') {
        return hub.selfAnswer === 200
          ? json(200, screen)
          : json(401, { error: { code: 'SCREEN_REVOKED', message: 'removed' } });
      }
      return json(404, { error: { code: 'NOT_FOUND', message: path } });
    }) as typeof fetch,
  };
  return hub;
}

function setup(stored: StoredScreen | null = null) {
  const hub = fakeHub();
  const pending: (() => void)[] = [];
  const phases: PairPhase[] = [];
  let saved: StoredScreen | null = stored;
  let seed = 0;
  const flow = browserPairingFlow({
    fetch: hub.fetch,
    randomBytes: (n) => Uint8Array.from({ length: n }, () => (seed = (seed * 31 + 7) % 256)),
    storage: { load: () => saved, save: (s) => (saved = s), clear: () => (saved = null) },
    timers: { setTimeout: (fn) => pending.push(fn), clearTimeout: () => undefined },
    now: () => 0,
    requestedRole: 'lounge-board',
    appVersion: '0.1.0',
    onPhase: (p) => phases.push(p),
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return {
    hub,
    phases,
    stored: () => saved,
    last: () => phases.at(-1),
    async start() {
      flow.start();
      await settle();
    },
    /** Let the next scheduled poll or retry run. */
    async tick() {
      pending.shift()?.();
      await settle();
    },
  };
}

describe('pairing a plain browser', () => {
  it('shows a readable code, waits for approval, then keeps the credential and shows the screen', async () => {
    const t = setup();
    await t.start();
    const shown = t.last();
    expect(shown).toMatchObject({ kind: 'showing', reconnecting: false });
    if (shown?.kind !== 'showing') return;
    expect([...shown.code].every((c) => PAIRING_CODE_ALPHABET.includes(c))).toBe(true);
    expect(t.hub.announced).toEqual([
      {
        code: shown.code,
        secret: expect.stringMatching(/^[0-9a-f]{64}$/),
        role: 'lounge-board',
        shellVersion: 'web 0.1.0',
      },
    ]);

    await t.tick();
    expect(t.last()).toMatchObject({ kind: 'showing', code: shown.code });
    t.hub.status = 'approved';
    await t.tick();
    expect(t.last()).toEqual({ kind: 'approved', screen });
    expect(t.stored()).toEqual({ credential: CREDENTIAL, screen });
  });

  it('keeps the code on screen while the hub is briefly away, and shows a new one when it expired', async () => {
    const t = setup();
    await t.start();
    const first = t.last();
    t.hub.down = true;
    await t.tick();
    expect(t.last()).toMatchObject({ kind: 'showing', reconnecting: true });
    t.hub.down = false;
    await t.tick();
    expect(t.last()).toMatchObject({ kind: 'showing', reconnecting: false });

    t.hub.status = 'expired';
    await t.tick();
    expect(t.hub.announced).toHaveLength(2);
    expect(t.last()).toMatchObject({ kind: 'showing' });
    expect(t.last()).not.toEqual(first);
  });

  it('goes straight to its page when already paired, and pairs anew once removed in the console', async () => {
    const paired = setup({ credential: CREDENTIAL, screen: { ...screen, name: 'Old name' } });
    await paired.start();
    expect(paired.last()).toEqual({ kind: 'approved', screen });
    expect(paired.stored()?.screen.name).toBe('Lounge TV');
    expect(paired.hub.announced).toHaveLength(0);

    const revoked = setup({ credential: CREDENTIAL, screen });
    revoked.hub.selfAnswer = 401;
    await revoked.start();
    expect(revoked.stored()).toBeNull();
    expect(revoked.last()).toMatchObject({ kind: 'showing' });
  });

  it('says the hub is offline when it cannot announce, and tries again', async () => {
    const t = setup();
    t.hub.down = true;
    await t.start();
    expect(t.last()).toEqual({ kind: 'offline' });
    t.hub.down = false;
    await t.tick();
    expect(t.last()).toMatchObject({ kind: 'showing' });
  });
});
