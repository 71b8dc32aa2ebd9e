// Runs the pairing machine against the hub: restores a saved pairing, otherwise announces a code and
// polls until staff approve it; a paired screen checks now and then that it was not revoked.
import { generatePairingSecret, type KioskRole, type PairingSecret, type PinnedHub } from '@glassbay/protocol';
import type { Log } from './log.ts';
import { PairingClientError, type PairingClient } from './pairing-client.ts';
import type { PairingStore } from './pairing-store.ts';
import {
  generatePairingCode,
  initialPairing,
  pairingTransition,
  type PairingEffect,
  type PairingEvent,
  type PairingState,
} from './pairing.ts';
import type { Timers } from './watchdog.ts';

export const PAIRING_INTERVALS = {
  /** While a code is on screen: staff expect the screen to react within seconds of approving. */
  pollMs: 3_000,
  /** A paired screen confirms its credential this often. */
  selfCheckMs: 5 * 60_000,
  /** After the hub did not answer. */
  retryMs: 15_000,
  /** A hub without pairing routes is asked again rarely. */
  unsupportedRetryMs: 10 * 60_000,
} as const;

export interface PairingRunnerDeps {
  store: PairingStore;
  client: PairingClient;
  role: KioskRole;
  shellVersion: string;
  randomBytes: (n: number) => Uint8Array;
  now: () => number;
  timers: Timers;
  log: Log;
  /** The hub that proved its key at the current address (null: a hub without keys); pinned at approval. */
  hub?: () => PinnedHub | null;
  /** Called after every change of state, e.g. to reload the page for a new role. */
  onChange: (state: PairingState, previous: PairingState) => void;
}

export interface PairingRunner {
  start(): void;
  stop(): void;
  state(): PairingState;
  /** Ask the hub now rather than at the next check (the page heard from the console that something changed). */
  checkNow(): Promise<void>;
  /** Pin the hub a pairing from before hub keys just met. */
  pinHub(hub: PinnedHub): void;
}

export function createPairingRunner(deps: PairingRunnerDeps): PairingRunner {
  const { store, client, timers, log } = deps;
  let state: PairingState = initialPairing;
  // The secret of the code on screen: kept here, never shown, sent only to the hub.
  let secret: PairingSecret = '';
  let timer: unknown = null;
  let stopped = false;

  const later = (ms: number, fn: () => Promise<void>) => {
    if (timer !== null) timers.clearTimeout(timer);
    if (stopped) return;
    timer = timers.setTimeout(() => {
      timer = null;
      void fn();
    }, ms);
  };

  const dispatch = (event: PairingEvent) => {
    const previous = state;
    const { state: next, effects } = pairingTransition(state, event);
    state = next;
    if (next !== previous) deps.onChange(next, previous);
    for (const effect of effects) run(effect);
  };

  const run = (effect: PairingEffect) => {
    if (effect.type === 'persist') store.save(effect.paired);
    else if (effect.type === 'forget') store.clear();
    else later(0, issueCode);
  };

  const failed = (err: unknown, retry: () => Promise<void>) => {
    const unsupported = err instanceof PairingClientError && err.code === 'PAIRING_UNSUPPORTED';
    log.warn('pairing: hub not ready', {
      code: err instanceof PairingClientError ? err.code : 'UNEXPECTED',
      error: (err as Error).message,
    });
    later(unsupported ? PAIRING_INTERVALS.unsupportedRetryMs : PAIRING_INTERVALS.retryMs, retry);
  };

  const issueCode = async () => {
    const code = generatePairingCode(deps.randomBytes);
    secret = generatePairingSecret(deps.randomBytes);
    try {
      const { expiresAt } = await client.requestPairing({
        code,
        secret,
        role: deps.role,
        shellVersion: deps.shellVersion,
      });
      dispatch({ type: 'code-issued', code, expiresAt });
      log.info('pairing: showing code', { code });
      later(PAIRING_INTERVALS.pollMs, poll);
    } catch (err) {
      failed(err, issueCode);
    }
  };

  const poll = async () => {
    if (state.state !== 'showing-code') return;
    const { code } = state;
    try {
      const status = await client.pairingStatus(code, secret);
      if (status.status === 'approved') {
        dispatch({
          type: 'approved',
          code,
          screen: status.screen,
          credential: status.credential,
          now: deps.now(),
          hub: deps.hub?.() ?? null,
        });
        log.info('pairing: approved', { screen: status.screen.name, role: status.screen.role });
        later(PAIRING_INTERVALS.selfCheckMs, selfCheck);
      } else if (status.status === 'expired' || deps.now() >= state.expiresAt) {
        dispatch({ type: 'code-expired' });
      } else {
        later(PAIRING_INTERVALS.pollMs, poll);
      }
    } catch (err) {
      failed(err, poll);
    }
  };

  const selfCheck = async () => {
    if (state.state !== 'paired') return;
    try {
      const result = await client.checkSelf(state.credential);
      if (result.status === 'revoked') {
        log.warn('pairing: this screen was revoked in the console; showing a new code');
        dispatch({ type: 'revoked' });
        return;
      }
      // Renamed or re-roled in the console: keep the new identity (and show the new role's page).
      dispatch({ type: 'identity-changed', screen: result.screen });
      later(PAIRING_INTERVALS.selfCheckMs, selfCheck);
    } catch (err) {
      failed(err, selfCheck);
    }
  };

  return {
    start() {
      const saved = store.load();
      if (saved) {
        dispatch({ type: 'restored', paired: saved });
        later(0, selfCheck);
      } else {
        later(0, issueCode);
      }
    },
    stop() {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
    state: () => state,
    pinHub: (hub) => dispatch({ type: 'hub-pinned', hub }),
    async checkNow() {
      if (state.state === 'paired') await selfCheck();
      else if (state.state === 'showing-code') await poll();
    },
  };
}
