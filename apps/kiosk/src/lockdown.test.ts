import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  DisplaySleepGuard,
  HIDE_CURSOR_CSS,
  blockedShortcut,
  claimSingleInstance,
  cursorFollowsRole,
  lockKeyboard,
  type CursorContents,
  type KeyInput,
  type LockedContents,
  type SingleInstanceApp,
} from './lockdown.ts';
import { memoryLog } from './log.ts';

const key = (code: string, mods: Partial<KeyInput> = {}, key = code.replace(/^Key/, '').toLowerCase()): KeyInput => ({
  type: 'keyDown',
  key,
  code,
  control: false,
  alt: false,
  shift: false,
  meta: false,
  ...mods,
});

describe('shortcuts that leave the kiosk are swallowed', () => {
  it.each([
    ['Alt+F4', key('F4', { alt: true }, 'F4')],
    ['Ctrl+W', key('KeyW', { control: true })],
    ['Ctrl+Shift+W', key('KeyW', { control: true, shift: true })],
    ['Ctrl+Q', key('KeyQ', { control: true })],
    ['Cmd+Q', key('KeyQ', { meta: true })],
    ['Ctrl+R', key('KeyR', { control: true })],
    ['Ctrl+Shift+R', key('KeyR', { control: true, shift: true })],
    ['F5', key('F5', {}, 'F5')],
    ['F11', key('F11', {}, 'F11')],
    ['F12', key('F12', {}, 'F12')],
    ['Ctrl+Shift+I', key('KeyI', { control: true, shift: true })],
    ['Ctrl+Shift+J', key('KeyJ', { control: true, shift: true })],
    ['Ctrl+Shift+C', key('KeyC', { control: true, shift: true })],
    ['Alt+Tab', key('Tab', { alt: true }, 'Tab')],
    ['Alt+Left', key('ArrowLeft', { alt: true }, 'ArrowLeft')],
    ['Ctrl+P', key('KeyP', { control: true })],
    ['Ctrl+N', key('KeyN', { control: true })],
    ['Ctrl+T', key('KeyT', { control: true })],
    ['Ctrl+L', key('KeyL', { control: true })],
    ['Ctrl+U', key('KeyU', { control: true })],
    ['Ctrl+plus', key('Equal', { control: true, shift: true }, '+')],
    ['Ctrl+minus', key('Minus', { control: true }, '-')],
    ['Ctrl+0', key('Digit0', { control: true }, '0')],
    ['browser back key', key('BrowserBack', {}, 'BrowserBack')],
    // On a French AZERTY keyboard the key labelled W sits where QWERTY has Z: the physical code wins.
    ['Ctrl+W on AZERTY', key('KeyW', { control: true }, 'z')],
  ])('%s', (_name, input) => {
    expect(blockedShortcut(input)).not.toBeNull();
  });

  it.each([
    ['a letter', key('KeyA')],
    ['a digit', key('Digit7', {}, '7')],
    ['Backspace', key('Backspace', {}, 'Backspace')],
    ['Enter', key('Enter', {}, 'Enter')],
    ['Escape (closes the page’s own dialogs)', key('Escape', {}, 'Escape')],
    ['Shift+letter', key('KeyB', { shift: true }, 'B')],
    ['Ctrl+C', key('KeyC', { control: true })],
    ['Ctrl+V', key('KeyV', { control: true })],
    ['Ctrl+A', key('KeyA', { control: true })],
    ['Tab between fields', key('Tab', {}, 'Tab')],
    ['IME composition', key('KeyS', {}, 'Process')],
    ['a mouse-like event type', { ...key('KeyW', { control: true }), type: 'char' }],
  ])('lets the page have %s', (_name, input) => {
    expect(blockedShortcut(input)).toBeNull();
  });

  it('prevents the event before the page sees it, and logs it once per press', () => {
    const contents = new EventEmitter();
    const log = memoryLog();
    lockKeyboard(contents as unknown as LockedContents, log);
    const events = ['keyDown', 'keyUp'].map((type) => {
      const e = { prevented: false, preventDefault: () => void (e.prevented = true) };
      contents.emit('before-input-event', e, { ...key('F4', { alt: true }, 'F4'), type });
      return e;
    });
    const typed = { prevented: false, preventDefault: () => void (typed.prevented = true) };
    contents.emit('before-input-event', typed, key('KeyA'));
    expect(events.map((e) => e.prevented)).toEqual([true, true]);
    expect(typed.prevented).toBe(false);
    expect(log.lines).toHaveLength(1);
  });
});

describe('cursor', () => {
  class FakeContents extends EventEmitter {
    css: string[] = [];
    insertCSS(css: string) {
      this.css.push(css);
      return Promise.resolve(`key-${this.css.length}`);
    }
    removeInsertedCSS(key: string) {
      this.css[Number(key.slice(4)) - 1] = '(removed)';
      return Promise.resolve();
    }
  }

  it('is hidden on a board without touch, again on every page load', () => {
    const contents = new FakeContents();
    cursorFollowsRole(contents as unknown as CursorContents, () => true);
    contents.emit('dom-ready');
    contents.emit('dom-ready');
    expect(contents.css).toEqual([HIDE_CURSOR_CSS, HIDE_CURSOR_CSS]);
    expect(HIDE_CURSOR_CSS).toContain('cursor: none !important');
  });

  it('stays on a touch screen', () => {
    const contents = new FakeContents();
    cursorFollowsRole(contents as unknown as CursorContents, () => false);
    contents.emit('dom-ready');
    expect(contents.css).toEqual([]);
  });

  it('changes at once when the console gives the screen another role', async () => {
    const contents = new FakeContents();
    let board = false;
    const cursor = cursorFollowsRole(contents as unknown as CursorContents, () => board);
    contents.emit('dom-ready');
    board = true;
    cursor.update();
    expect(contents.css).toEqual([HIDE_CURSOR_CSS]);
    board = false;
    cursor.update();
    await Promise.resolve();
    await Promise.resolve();
    expect(contents.css).toEqual(['(removed)']);
  });
});

describe('single instance', () => {
  const fakeApp = (gotLock: boolean) => {
    const app = Object.assign(new EventEmitter(), {
      quitCalled: false,
      requestSingleInstanceLock: () => gotLock,
      quit: () => void (app.quitCalled = true),
    });
    return app;
  };

  it('a second launch quits and the first one comes to the front', () => {
    const first = fakeApp(true);
    let focused = 0;
    expect(claimSingleInstance(first as unknown as SingleInstanceApp, () => focused++)).toBe(true);
    const second = fakeApp(false);
    expect(claimSingleInstance(second as unknown as SingleInstanceApp, () => focused++)).toBe(false);
    expect(second.quitCalled).toBe(true);
    first.emit('second-instance');
    expect(focused).toBe(1);
    expect(first.quitCalled).toBe(false);
  });
});

describe('display sleep follows opening hours', () => {
  const hours = [{ days: ['mon' as const], open: '08:00', close: '18:00' }];
  const at = (local: string) => new Date(`${local}+08:00`);

  function guard(h: typeof hours | undefined) {
    const calls: string[] = [];
    let next = 1;
    const blocker = {
      start: (type: 'prevent-display-sleep') => (calls.push(`start ${type}`), next++),
      stop: (id: number) => void calls.push(`stop ${id}`),
    };
    return { calls, g: new DisplaySleepGuard(blocker, h, 'Asia/Shanghai', memoryLog()) };
  }

  it('keeps the display awake while open and releases it at closing, once each', () => {
    const { calls, g } = guard(hours);
    g.update(at('2025-03-03T07:00')); // Monday before opening
    expect(g.awake).toBe(false);
    g.update(at('2025-03-03T08:00'));
    g.update(at('2025-03-03T12:00'));
    expect(g.awake).toBe(true);
    g.update(at('2025-03-03T18:00'));
    g.update(at('2025-03-03T19:00'));
    expect(g.awake).toBe(false);
    expect(calls).toEqual(['start prevent-display-sleep', 'stop 1']);
  });

  it('never lets the display sleep when no hours are configured', () => {
    const { calls, g } = guard(undefined);
    g.update(at('2025-03-09T03:00'));
    expect(g.awake).toBe(true);
    g.release();
    expect(calls).toEqual(['start prevent-display-sleep', 'stop 1']);
  });
});
