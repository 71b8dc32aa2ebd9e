// Keeping the customer inside the app: shortcuts that close, reload, leave fullscreen or open tools
// are swallowed; a second launch focuses the first; boards without touch hide the cursor; the display
// stays awake only while the shop is open.
//
// Ctrl+R / F5 are blocked too: a reload mid check-in loses what the customer typed, and the watchdog
// already reloads a page that crashed or hung. With GLASSBAY_KIOSK_DEV=1 nothing is blocked.
//
// Alt+Tab and the Windows key are taken by the operating system before Electron sees them; we swallow
// them when they do arrive, and the README says how to lock the OS session (Shell Launcher on
// Windows, a cage session or a desktop without a window switcher on Linux).
import { isOpen, type OpeningHours } from './opening-hours.ts';
import type { Log } from './log.ts';

export interface KeyInput {
  type: string;
  key: string;
  code: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

// Close, quit, reload, new window/tab, open, save, print, view source, location, history, downloads.
const ctrlLetters = new Set(['w', 'q', 'r', 'n', 't', 'o', 's', 'p', 'u', 'l', 'h', 'j']);
const zoomKeys = new Set(['=', '+', '-', '_', '0', 'Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract']);
const blockedAlone = new Set(['F5', 'F11', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome']);

/** Why this key leaves or breaks the kiosk, or null when the page may have it. */
export function blockedShortcut(input: KeyInput): string | null {
  if (input.type !== 'keyDown' && input.type !== 'keyUp' && input.type !== 'rawKeyDown') return null;
  // `code` names the physical key, so the answer does not depend on the keyboard layout or an IME.
  const letter = input.code.startsWith('Key') ? input.code.slice(3).toLowerCase() : input.key.toLowerCase();
  const command = input.control || input.meta;
  if (blockedAlone.has(input.code) || blockedAlone.has(input.key)) return `${input.code} leaves or reloads the app`;
  if (input.alt && input.code === 'F4') return 'Alt+F4 closes the window';
  if (input.alt && input.code === 'Tab') return 'Alt+Tab switches away';
  if (input.alt && (input.code === 'ArrowLeft' || input.code === 'ArrowRight')) return 'Alt+Arrow goes back in history';
  if (command && input.shift && ['i', 'j', 'c'].includes(letter)) return 'developer tools';
  if (command && ctrlLetters.has(letter)) return `Ctrl+${letter.toUpperCase()} is a browser command`;
  if (command && (zoomKeys.has(input.code) || zoomKeys.has(input.key))) return 'zoom';
  if (input.meta && input.code === 'Tab') return 'task switcher';
  return null;
}

export interface LockedContents {
  on(event: 'before-input-event', listener: (event: { preventDefault(): void }, input: KeyInput) => void): unknown;
}

export function lockKeyboard(contents: LockedContents, log: Log): void {
  contents.on('before-input-event', (event, input) => {
    const reason = blockedShortcut(input);
    if (reason === null) return;
    event.preventDefault();
    if (input.type !== 'keyUp') log.info('swallowed a shortcut', { key: input.code, reason });
  });
}

/** Hide the pointer on boards nobody touches; a stray arrow in the middle of a TV looks broken. */
export const HIDE_CURSOR_CSS = '*, *::before, *::after { cursor: none !important; }';

export interface CursorContents {
  on(event: 'dom-ready', listener: () => void): unknown;
  insertCSS(css: string): Promise<string>;
  removeInsertedCSS(key: string): Promise<void>;
}

/**
 * Hide the pointer while `hidden()` says so: on every load (insertCSS lasts one document), and at once
 * when `update()` is called after the role changed in the console.
 */
export function cursorFollowsRole(contents: CursorContents, hidden: () => boolean): { update(): void } {
  let key: Promise<string> | null = null;
  const update = () => {
    // A document that goes away mid-insert takes the CSS with it; the next dom-ready inserts again.
    if (hidden() && key === null) key = contents.insertCSS(HIDE_CURSOR_CSS).catch(() => '');
    else if (!hidden() && key !== null) {
      const k = key;
      key = null;
      void k.then((css) => (css ? contents.removeInsertedCSS(css) : undefined)).catch(() => undefined);
    }
  };
  contents.on('dom-ready', () => {
    key = null; // a new document carries none of the old one's CSS
    update();
  });
  return { update };
}

export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  quit(): void;
}

/** True when this process is the kiosk; a second launch (autostart plus a click) focuses the first. */
export function claimSingleInstance(app: SingleInstanceApp, focusExisting: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', focusExisting);
  return true;
}

export interface PowerSaveBlockerLike {
  start(type: 'prevent-display-sleep'): number;
  stop(id: number): void;
}

/**
 * Keeps the display awake inside opening hours and lets it sleep outside them. Call `update(now)`
 * on a timer; it starts or releases the blocker only when the answer changes.
 */
export class DisplaySleepGuard {
  private blockerId: number | null = null;

  constructor(
    private readonly blocker: PowerSaveBlockerLike,
    private readonly hours: OpeningHours,
    private readonly timeZone: string | undefined,
    private readonly log: Log,
  ) {}

  get awake(): boolean {
    return this.blockerId !== null;
  }

  update(now: Date): void {
    const open = isOpen(now, this.hours, this.timeZone);
    if (open && this.blockerId === null) {
      this.blockerId = this.blocker.start('prevent-display-sleep');
      this.log.info('display kept awake: shop open');
    } else if (!open && this.blockerId !== null) {
      this.blocker.stop(this.blockerId);
      this.blockerId = null;
      this.log.info('display may sleep: shop closed');
    }
  }

  release(): void {
    if (this.blockerId !== null) this.blocker.stop(this.blockerId);
    this.blockerId = null;
  }
}
