// How the screen behaves follows the role it shows: the role staff gave it when they paired it (or
// re-roled it in the console), not the role the installer typed, unless the installer said outright
// whether the hardware has a touch panel. Pure: the role and the override come in, the behaviour out.
import type { KioskRole } from '@glassbay/protocol';

/** Screens a customer touches; the boards are watched from a distance. */
export const touchByRole: Record<KioskRole, boolean> = {
  'check-in': true,
  'lounge-board': true,
  'queue-board': false,
  'bay-board': false,
};

export interface ScreenBehaviour {
  touch: boolean;
  /** Boards nobody touches hide the pointer: a stray arrow in the middle of a TV looks broken. */
  hideCursor: boolean;
  /**
   * A touch screen left somewhere else than its role's page (a customer opened a job's live view on
   * the lounge screen and walked away) goes back after this long without a touch; null: never.
   */
  idleReturnMs: number | null;
}

export const IDLE_RETURN_MS = 2 * 60_000;

export function screenBehaviour(role: KioskRole, touchOverride: boolean | null): ScreenBehaviour {
  const touch = touchOverride ?? touchByRole[role];
  return { touch, hideCursor: !touch, idleReturnMs: touch ? IDLE_RETURN_MS : null };
}

/** Whether an idle touch screen should go back to its role's page now. */
export function idleReturnDue(input: {
  behaviour: ScreenBehaviour;
  lastInputAt: number;
  now: number;
  /** The page shown and the role's page, as URLs. */
  shown: string;
  home: string;
}): boolean {
  const { behaviour, lastInputAt, now, shown, home } = input;
  if (behaviour.idleReturnMs === null || now - lastInputAt < behaviour.idleReturnMs) return false;
  let a: URL;
  let b: URL;
  try {
    a = new URL(shown);
    b = new URL(home);
  } catch {
    return false;
  }
  // Only pages of the same hub: the offline and pairing pages take care of themselves.
  return a.origin === b.origin && a.pathname !== b.pathname && a.pathname !== '/pair';
}
