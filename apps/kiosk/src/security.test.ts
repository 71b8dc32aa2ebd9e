import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { memoryLog } from './log.ts';
import { secureContents, secureSession, type GuardedContents, type GuardedSession } from './security.ts';
import { trustedUrlCheck } from './trusted-url.ts';

const isTrusted = trustedUrlCheck('http://hub.local:8080');

/** An event with Electron's shape: the handler cancels it by calling preventDefault. */
const navEvent = (url: string) => {
  const e = { url, defaultPrevented: false, preventDefault: () => void (e.defaultPrevented = true) };
  return e;
};

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: (details: { url: string }) => { action: 'deny' }) {
    this.openHandler = h;
  }
}

class FakeSession extends EventEmitter {
  request: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
  check: ((wc: unknown, permission: string) => boolean) | null = null;
  device: (() => boolean) | null = null;
  setPermissionRequestHandler(h: NonNullable<FakeSession['request']>) {
    this.request = h;
  }
  setPermissionCheckHandler(h: NonNullable<FakeSession['check']>) {
    this.check = h;
  }
  setDevicePermissionHandler(h: () => boolean) {
    this.device = h;
  }
}

function secured() {
  const contents = new FakeContents();
  const log = memoryLog();
  secureContents(contents as unknown as GuardedContents, isTrusted, log);
  return { contents, log };
}

describe('navigation', () => {
  for (const kind of ['will-navigate', 'will-frame-navigate', 'will-redirect'] as const) {
    it(`${kind}: cancels a navigation to another site and logs it`, () => {
      const { contents, log } = secured();
      const e = navEvent('http://evil.example/phish');
      contents.emit(kind, e);
      expect(e.defaultPrevented).toBe(true);
      expect(log.lines).toContainEqual(
        expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ kind }) }),
      );
    });

    it(`${kind}: lets the hub’s own pages through`, () => {
      const { contents } = secured();
      const e = navEvent('http://hub.local:8080/lounge');
      contents.emit(kind, e);
      expect(e.defaultPrevented).toBe(false);
    });
  }

  it('reports a cancelled main-frame redirect so the screen can say why it is blank', () => {
    const contents = new FakeContents();
    const redirects: string[] = [];
    secureContents(contents as unknown as GuardedContents, isTrusted, memoryLog(), (url) => redirects.push(url));
    contents.emit('will-redirect', { ...navEvent('https://hub.local:8443/checkin'), isMainFrame: true });
    contents.emit('will-redirect', { ...navEvent('http://ads.example/frame'), isMainFrame: false });
    contents.emit('will-redirect', { ...navEvent('http://hub.local:8080/checkin/'), isMainFrame: true });
    expect(redirects).toEqual(['https://hub.local:8443/checkin']);
  });

  it('cancels the user-info trick that string prefix matching would let through', () => {
    const { contents } = secured();
    const e = navEvent('http://hub.local:8080@evil.example/');
    contents.emit('will-navigate', e);
    expect(e.defaultPrevented).toBe(true);
  });

  it('blocks every webview, whatever it would load', () => {
    const { contents } = secured();
    const e = navEvent('http://hub.local:8080/');
    contents.emit('will-attach-webview', e, {}, { src: 'http://hub.local:8080/' });
    expect(e.defaultPrevented).toBe(true);
  });

  it('denies window.open, even for the hub itself', () => {
    const { contents } = secured();
    expect(contents.openHandler?.({ url: 'http://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'http://hub.local:8080/queue' })).toEqual({ action: 'deny' });
  });
});

describe('permissions', () => {
  const permissions = [
    'media',
    'geolocation',
    'notifications',
    'midi',
    'midiSysex',
    'pointerLock',
    'fullscreen',
    'openExternal',
    'clipboard-read',
    'display-capture',
    'window-management',
    'unknown',
  ];

  it.each(permissions)('denies a request for %s', (permission) => {
    const ses = new FakeSession();
    const log = memoryLog();
    secureSession(ses as unknown as GuardedSession, log);
    const answers: boolean[] = [];
    ses.request?.({}, permission, (granted) => answers.push(granted));
    expect(answers).toEqual([false]);
    expect(log.lines[0]).toMatchObject({ level: 'warn', fields: { permission } });
  });

  it.each(permissions)('answers a permission check for %s with no', (permission) => {
    const ses = new FakeSession();
    secureSession(ses as unknown as GuardedSession, memoryLog());
    expect(ses.check?.({}, permission)).toBe(false);
  });

  it('refuses USB, serial and HID devices', () => {
    const ses = new FakeSession();
    secureSession(ses as unknown as GuardedSession, memoryLog());
    expect(ses.device?.()).toBe(false);
  });

  it('cancels downloads', () => {
    const ses = new FakeSession();
    secureSession(ses as unknown as GuardedSession, memoryLog());
    const e = navEvent('');
    ses.emit('will-download', e, { getURL: () => 'http://hub.local:8080/report.pdf' });
    expect(e.defaultPrevented).toBe(true);
  });
});
