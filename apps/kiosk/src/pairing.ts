// The screen side of pairing as a pure state machine. An unpaired screen shows a short code; staff
// approve it in the console with a name and a role, and the screen receives a credential of its own,
// which it keeps on disk. Revoking the screen in the console sends it back to showing a code.
//
//   unpaired ──code-issued──▶ showing-code ──approved──▶ paired
//      ▲                        │    ▲  │                   │
//      └────code-expired────────┘    └──┘ code-issued       │
//      └────────────────────────revoked─────────────────────┘  (identity-changed: paired → paired)
//
// Transitions return effects (persist, forget, issue a code) that the runner carries out; nothing
// here touches the disk, the network or the clock.
import {
  PAIRING_PAGE_PATH,
  kioskRolePaths,
  type KioskRole,
  type PairingCode,
  type PairingView,
  type PinnedHub,
  type ScreenIdentity,
} from '@glassbay/protocol';

/** What is kept on disk once paired. */
export interface PairedScreen {
  screen: ScreenIdentity;
  credential: string;
  pairedAt: number;
  /** The hub this screen paired with, whose key it checks before sending the credential; absent for pairings older than hub keys. */
  hub?: PinnedHub;
}

export type PairingState =
  | { state: 'unpaired' }
  | { state: 'showing-code'; code: PairingCode; expiresAt: number }
  | ({ state: 'paired' } & PairedScreen);

export type PairingEvent =
  | { type: 'restored'; paired: PairedScreen }
  | { type: 'code-issued'; code: PairingCode; expiresAt: number }
  | { type: 'code-expired' }
  | {
      type: 'approved';
      code: PairingCode;
      screen: ScreenIdentity;
      credential: string;
      now: number;
      /** The hub that proved its key on the way (null: a hub without keys). */
      hub: PinnedHub | null;
    }
  /** A pairing from before hub keys met its hub proving one: pin it from now on. */
  | { type: 'hub-pinned'; hub: PinnedHub }
  /** The hub answered the self-check with another name or role (changed in the console). */
  | { type: 'identity-changed'; screen: ScreenIdentity }
  | { type: 'revoked' };

export type PairingEffect = { type: 'persist'; paired: PairedScreen } | { type: 'forget' } | { type: 'issue-code' };

export interface Transition {
  state: PairingState;
  effects: PairingEffect[];
}

export const initialPairing: PairingState = { state: 'unpaired' };

const stay = (state: PairingState): Transition => ({ state, effects: [] });

export function pairingTransition(current: PairingState, event: PairingEvent): Transition {
  switch (event.type) {
    case 'restored':
      return current.state === 'paired' ? stay(current) : { state: { state: 'paired', ...event.paired }, effects: [] };
    case 'code-issued':
      // A paired screen does not go back to showing a code unless it is revoked first.
      if (current.state === 'paired') return stay(current);
      return stay({ state: 'showing-code', code: event.code, expiresAt: event.expiresAt });
    case 'code-expired':
      if (current.state !== 'showing-code') return stay(current);
      return { state: { state: 'unpaired' }, effects: [{ type: 'issue-code' }] };
    case 'approved': {
      // Only an approval of the code this screen is showing counts; a late answer for an old code does not.
      if (current.state !== 'showing-code' || current.code !== event.code) return stay(current);
      const paired: PairedScreen = { screen: event.screen, credential: event.credential, pairedAt: event.now };
      if (event.hub) paired.hub = event.hub;
      return { state: { state: 'paired', ...paired }, effects: [{ type: 'persist', paired }] };
    }
    case 'identity-changed': {
      if (current.state !== 'paired' || current.screen.id !== event.screen.id) return stay(current);
      if (current.screen.name === event.screen.name && current.screen.role === event.screen.role) return stay(current);
      const { state: _paired, ...kept } = current;
      const paired: PairedScreen = { ...kept, screen: event.screen };
      return { state: { state: 'paired', ...paired }, effects: [{ type: 'persist', paired }] };
    }
    case 'hub-pinned': {
      // A pin is never replaced: only a new pairing (after a revoke) meets another hub.
      if (current.state !== 'paired' || current.hub) return stay(current);
      const { state: _paired, ...kept } = current;
      const paired: PairedScreen = { ...kept, hub: event.hub };
      return { state: { state: 'paired', ...paired }, effects: [{ type: 'persist', paired }] };
    }
    case 'revoked':
      if (current.state !== 'paired') return stay(current);
      return { state: { state: 'unpaired' }, effects: [{ type: 'forget' }, { type: 'issue-code' }] };
  }
}

/**
 * The hub page the shell shows: the pairing code while it shows one, otherwise the role's page (the
 * role staff gave it, or the installer's until it is paired; a hub without pairing leaves it unpaired).
 */
export function pagePathFor(state: PairingState, configuredRole: KioskRole): string {
  if (state.state === 'showing-code') return PAIRING_PAGE_PATH;
  return kioskRolePaths[state.state === 'paired' ? state.screen.role : configuredRole];
}

/** What the page may see: never the credential. */
export function pairingView(state: PairingState): PairingView {
  switch (state.state) {
    case 'unpaired':
      return { state: 'unpaired' };
    case 'showing-code':
      return { state: 'showing-code', code: state.code, expiresAt: state.expiresAt };
    case 'paired':
      return { state: 'paired', screen: state.screen };
  }
}

// Shared with the screens app, which pairs plain browsers the same way.
export { generatePairingCode } from '@glassbay/protocol';
