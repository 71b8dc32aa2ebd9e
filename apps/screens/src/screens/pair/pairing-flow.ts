// The pairing page's logic, without the page. In a plain browser the page pairs itself: it announces
// a code to the hub, polls until a manager approves it, and keeps the credential. Inside the kiosk
// shell the shell does all that and the page only shows what the shell says.
import {
  SCREEN_CREDENTIAL_HEADER,
  SCREEN_PAIRING_SECRET_HEADER,
  SCREEN_REVOKED_CODE,
  ScreenIdentitySchema,
  ScreenPairingStatusSchema,
  generatePairingCode,
  generatePairingSecret,
  kioskRoutes,
  type KioskApi,
  type KioskRole,
  type PairingCode,
  type ScreenIdentity,
} from '@glassbay/protocol';
import { createApi } from '../../lib/api/client.ts';
import { HubError } from '../../lib/api/errors.ts';
import type { StoredScreen } from '../../lib/fleet/identity.ts';

export type PairPhase =
  | { kind: 'starting' }
  | { kind: 'showing'; code: PairingCode; expiresAt: number; reconnecting: boolean }
  | { kind: 'approved'; screen: ScreenIdentity }
  /** The hub does not answer; the page tries again by itself. */
  | { kind: 'offline' }
  /** The hub is too old to pair screens. */
  | { kind: 'unsupported' };

export const PAIR_TIMING = { pollMs: 3_000, retryMs: 5_000, shellPollMs: 1_500 } as const;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PairingFlow {
  start(): void;
  stop(): void;
}

export interface BrowserPairingDeps {
  fetch: typeof fetch;
  randomBytes: (n: number) => Uint8Array;
  storage: { load(): StoredScreen | null; save(s: StoredScreen): void; clear(): void };
  timers: Timers;
  now: () => number;
  requestedRole: KioskRole;
  appVersion: string;
  onPhase: (phase: PairPhase) => void;
}

/** No answer, or one a hub did not write (a proxy's 502, a hub that is restarting): try again later. */
const unreachable = (err: unknown) => !(err instanceof HubError) || err.unreachable || err.status >= 502;

export function browserPairingFlow(deps: BrowserPairingDeps): PairingFlow {
  let timer: unknown = null;
  let stopped = false;
  let phase: PairPhase = { kind: 'starting' };
  const set = (p: PairPhase) => {
    phase = p;
    deps.onPhase(p);
  };
  const later = (ms: number, fn: () => Promise<void>) => {
    if (stopped) return;
    timer = deps.timers.setTimeout(() => void fn(), ms);
  };

  const api = createApi({ fetch: deps.fetch });

  /** A screen paired earlier that is still known to the hub goes straight to its page. */
  const checkStored = async () => {
    const stored = deps.storage.load();
    if (!stored) return announce();
    let answer: unknown;
    try {
      answer = await api('getScreenSelf', { headers: { [SCREEN_CREDENTIAL_HEADER]: stored.credential } });
    } catch (err) {
      if (unreachable(err)) {
        set({ kind: 'offline' });
        return later(PAIR_TIMING.retryMs, checkStored);
      }
      if (err instanceof HubError && err.code === SCREEN_REVOKED_CODE) deps.storage.clear();
      return announce();
    }
    const identity = ScreenIdentitySchema.safeParse(answer);
    if (!identity.success) return announce();
    deps.storage.save({ ...stored, screen: identity.data });
    set({ kind: 'approved', screen: identity.data });
  };

  // The secret of the code on screen: kept here, never shown, sent only to the hub.
  let secret = '';
  const announce = async () => {
    const code = generatePairingCode(deps.randomBytes);
    secret = generatePairingSecret(deps.randomBytes);
    try {
      const answer: unknown = await api('requestScreenPairing', {
        body: { code, secret, role: deps.requestedRole, shellVersion: `web ${deps.appVersion}` },
      });
      // Checked, not trusted: whatever answers here may not be a Glassbay hub at all.
      const ok = kioskRoutes.requestScreenPairing.response.safeParse(answer);
      if (!ok.success) throw new Error('not a pairing answer');
      set({ kind: 'showing', code, expiresAt: ok.data.expiresAt, reconnecting: false });
      later(PAIR_TIMING.pollMs, poll);
    } catch (err) {
      if (err instanceof HubError && err.status === 404) return set({ kind: 'unsupported' });
      set({ kind: 'offline' });
      later(PAIR_TIMING.retryMs, announce);
    }
  };

  const poll = async () => {
    if (phase.kind !== 'showing') return;
    const { code } = phase;
    try {
      const answer: unknown = await api('getScreenPairing', {
        params: { code },
        headers: { [SCREEN_PAIRING_SECRET_HEADER]: secret },
      });
      const status = ScreenPairingStatusSchema.safeParse(answer);
      if (!status.success) throw new Error('not a pairing status');
      if (status.data.status === 'approved') {
        deps.storage.save({ credential: status.data.credential, screen: status.data.screen });
        return set({ kind: 'approved', screen: status.data.screen });
      }
      if (status.data.status === 'expired' || deps.now() >= status.data.expiresAt) return announce();
      if (phase.reconnecting) set({ ...phase, reconnecting: false });
      later(PAIR_TIMING.pollMs, poll);
    } catch {
      // Keep the code on screen: staff may be typing it right now, and the hub still knows it.
      set({ ...phase, reconnecting: true });
      later(PAIR_TIMING.retryMs, poll);
    }
  };

  return {
    start: () => void checkStored(),
    stop() {
      stopped = true;
      if (timer !== null) deps.timers.clearTimeout(timer);
    },
  };
}

/** Inside the shell: show the shell's pairing as it goes; the shell changes page once approved. */
export function shellPairingFlow(shell: KioskApi, timers: Timers, onPhase: (p: PairPhase) => void): PairingFlow {
  let timer: unknown = null;
  let stopped = false;
  const tick = async () => {
    try {
      const { pairing } = await shell.getInfo();
      if (pairing.state === 'showing-code')
        onPhase({ kind: 'showing', code: pairing.code, expiresAt: pairing.expiresAt, reconnecting: false });
      else if (pairing.state === 'paired') onPhase({ kind: 'approved', screen: pairing.screen });
      else onPhase({ kind: 'starting' });
    } catch {
      onPhase({ kind: 'starting' });
    }
    if (!stopped) timer = timers.setTimeout(() => void tick(), PAIR_TIMING.shellPollMs);
  };
  return {
    start: () => void tick(),
    stop() {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
    },
  };
}
