// Who this screen is. Inside the kiosk shell the shell holds the pairing (and the credential, which
// the page never sees); in a plain browser the page pairs itself and keeps its credential here.
import {
  KIOSK_API_GLOBAL,
  ScreenIdentitySchema,
  kioskRolePaths,
  type KioskApi,
  type KioskRole,
  type ScreenIdentity,
} from '@glassbay/protocol';

const STORAGE_KEY = 'glassbay.screen';

export interface StoredScreen {
  credential: string;
  screen: ScreenIdentity;
}

function parseStored(value: unknown): StoredScreen | null {
  if (typeof value !== 'object' || value === null) return null;
  const { credential, screen } = value as Record<string, unknown>;
  const identity = ScreenIdentitySchema.safeParse(screen);
  return typeof credential === 'string' && credential.length >= 16 && identity.success
    ? { credential, screen: identity.data }
    : null;
}

/** The shell's API when the page runs inside the Glassbay kiosk shell. */
export function kioskShell(): KioskApi | undefined {
  return (globalThis as Record<string, unknown>)[KIOSK_API_GLOBAL] as KioskApi | undefined;
}

/** A plain browser's own pairing, kept across reloads; null when unpaired (or storage is locked down). */
export const browserScreen = {
  load(): StoredScreen | null {
    try {
      const raw = localStorage.getItem(STORAGE_KEY);
      if (!raw) return null;
      return parseStored(JSON.parse(raw));
    } catch {
      return null;
    }
  },
  save(s: StoredScreen): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    } catch {
      // Storage refused: the screen works until the next reload, then asks to be paired again.
    }
  },
  /** A new name or role from the console; the credential stays. */
  update(screen: ScreenIdentity): void {
    const s = browserScreen.load();
    if (s) browserScreen.save({ ...s, screen });
  },
  clear(): void {
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Nothing stored, nothing to forget.
    }
  },
};

export const rolePath = (role: KioskRole): string => kioskRolePaths[role];

/**
 * Whether a page is one a paired screen shows (a role's page), as opposed to pairing itself, the staff
 * console or a customer's phone, which never speak for a screen.
 */
export function isRolePage(path: string): boolean {
  const p = path.replace(/\/+$/, '').toLowerCase();
  return (Object.values(kioskRolePaths) as string[]).includes(p);
}
