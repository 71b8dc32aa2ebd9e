// The composition in main.ts, run against a stand-in `electron` module: Electron's binary is not
// installed here, so this is what shows that main wires config, window, security, IPC, pairing and
// the display guard together. The real launch is e2e/electron.spec.ts, where the binary exists.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate, generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { generate } from 'selfsigned';
import { VERIFY } from './tls-pin.ts';
import { type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HUB_DNSSD_SERVICE, HubChallengeSchema, KioskChannels, hubProofMessage, kioskRoutes } from '@glassbay/protocol';

class FakeContents extends EventEmitter {
  url = '';
  loaded: string[] = [];
  loadURL(url: string) {
    this.loaded.push(url);
    this.url = url;
    return Promise.resolve();
  }
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h;
  }
  setVisualZoomLevelLimits() {
    return Promise.resolve();
  }
  setZoomLevel() {}
  insertCSS() {
    return Promise.resolve('');
  }
  removeInsertedCSS() {
    return Promise.resolve();
  }
  getURL() {
    return this.url;
  }
  capturePage() {
    return Promise.reject(new Error('no screen here'));
  }
  forcefullyCrashRenderer() {}
  stop() {}
}

type VerifyProc = (req: { certificate: { data: string } }, cb: (result: number) => void) => void;

function fakeElectron(userData: string) {
  const app = Object.assign(new EventEmitter(), {
    commandLine: { switches: [] as string[], appendSwitch: (s: string) => app.commandLine.switches.push(s) },
    requestSingleInstanceLock: () => true,
    quit: vi.fn(),
    relaunch: vi.fn(),
    exit: vi.fn(),
    whenReady: () => Promise.resolve(),
    getPath: () => userData,
    getVersion: () => '0.1.0',
    getAppMetrics: () => [
      { type: 'Browser', memory: { workingSetSize: 80_000 } },
      { type: 'Tab', memory: { workingSetSize: 120_000 } },
    ],
  });
  const windows: (EventEmitter & { options: Record<string, unknown>; loaded: string[]; webContents: FakeContents })[] =
    [];
  class BrowserWindow extends EventEmitter {
    webContents = new FakeContents();
    loaded = this.webContents.loaded;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      return this.webContents.loadURL(url);
    }
    removeMenu() {}
    show() {}
    focus() {}
    destroy() {}
  }
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const session = Object.assign(new EventEmitter(), {
    permissionRequest: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
    setPermissionRequestHandler(h: typeof session.permissionRequest) {
      session.permissionRequest = h;
    },
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    verifyProc: null as VerifyProc | null,
    setCertificateVerifyProc(proc: VerifyProc) {
      session.verifyProc = proc;
    },
    webRequest: { onBeforeSendHeaders: vi.fn() },
  });
  const blocker = { start: vi.fn(() => 7), stop: vi.fn() };
  return {
    module: {
      app,
      BrowserWindow,
      Menu: { setApplicationMenu: vi.fn() },
      ipcMain: { handle: (channel: string, fn: (...args: unknown[]) => unknown) => handlers.set(channel, fn) },
      powerSaveBlocker: blocker,
      session: { defaultSession: session },
    },
    app,
    windows,
    handlers,
    session,
    blocker,
  };
}

/** Multicast DNS without the network: the test sees the questions and answers them itself. */
class FakeMdns extends EventEmitter {
  static last: FakeMdns | null = null;
  questions: string[] = [];
  destroyed = false;
  constructor() {
    super();
    FakeMdns.last = this;
  }
  query(q: { questions: { name: string }[] }) {
    this.questions.push(...q.questions.map((x) => x.name));
  }
  destroy(cb?: () => void) {
    this.destroyed = true;
    cb?.();
  }
}

/**
 * A stand-in hub on 127.0.0.1 that proves its identity (the shell asks before it trusts a hub) and
 * answers nothing else, so pairing retries quietly in the background.
 */
let hub = '';
let hubServer: Server;
/** Every request the stand-in saw, with the screen credential it carried (if any). */
const hubSaw: { url: string; credential: string | undefined }[] = [];
const hubKey = generateKeyPairSync('ed25519');
/** The stand-in hub's answers, over HTTP or (below) HTTPS. */
function standInHub(req: IncomingMessage, res: ServerResponse) {
  const publicKey = hubKey.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString()));
  req.on('end', () => {
    hubSaw.push({
      url: req.url ?? '',
      credential: req.headers['x-glassbay-screen-credential'] as string | undefined,
    });
    res.setHeader('content-type', 'application/json');
    if (req.url !== kioskRoutes.proveHubIdentity.path) {
      res.writeHead(404).end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no route' } }));
      return;
    }
    const challenge = HubChallengeSchema.parse(JSON.parse(raw));
    const signature = sign(null, Buffer.from(hubProofMessage(challenge)), hubKey.privateKey).toString('base64');
    res.end(JSON.stringify({ hubId: 'feedc0de', publicKey, signature }));
  });
}
beforeAll(async () => {
  hubServer = createServer(standInHub);
  await new Promise<void>((r) => hubServer.listen(0, '127.0.0.1', () => r()));
  hub = `http://127.0.0.1:${(hubServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => hubServer.close(() => r())));

let userData: string;
let fatalListeners: Record<string, unknown[]>;
let fake: ReturnType<typeof fakeElectron>;
let logged: string[];
const env = { ...process.env };

beforeEach(() => {
  // main installs its own uncaughtException handler; keep vitest's own process handlers as they were.
  fatalListeners = {
    uncaughtException: process.listeners('uncaughtException'),
    unhandledRejection: process.listeners('unhandledRejection'),
  };
  userData = mkdtempSync(join(tmpdir(), 'glassbay-main-'));
  fake = fakeElectron(userData);
  vi.resetModules();
  vi.doMock('electron', () => fake.module);
  FakeMdns.last = null;
  vi.doMock('multicast-dns', () => ({ default: () => new FakeMdns() }));
  process.env.GLASSBAY_KIOSK_HUB_URL = hub;
  process.env.GLASSBAY_KIOSK_ROLE = 'check-in';
  delete process.env.GLASSBAY_KIOSK_DEV;
  // The kiosk logs JSON lines to stdout and stderr; keep them for the assertions and out of the report.
  logged = [];
  const keep = (chunk: string | Uint8Array) => (logged.push(String(chunk)), true);
  vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep);
});
afterEach(() => {
  for (const [event, before] of Object.entries(fatalListeners)) {
    for (const l of process.listeners(event as 'uncaughtException'))
      if (!before.includes(l)) process.off(event, l as () => void);
  }
  vi.restoreAllMocks();
  process.env = { ...env };
  rmSync(userData, { recursive: true, force: true });
});

async function startMain() {
  await import('./main.ts');
  await vi.waitFor(() => expect(fake.windows.length).toBeGreaterThan(0));
  return fake.windows[0]!;
}

describe('main', () => {
  it('opens the role’s page on the hub in a sandboxed kiosk window', async () => {
    const win = await startMain();
    // After the hub proved its key (nothing goes to a hub before that).
    await vi.waitFor(() => expect(win.loaded).toEqual([`${hub}/checkin`]));
    expect(win.options).toMatchObject({ kiosk: true, webPreferences: { sandbox: true, contextIsolation: true } });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(fake.app.commandLine.switches).toContain('disable-pinch');
  });

  it('fences the window in before the page loads', async () => {
    const win = await startMain();
    const nav = { url: 'http://evil.example/', prevented: false, preventDefault: () => void (nav.prevented = true) };
    win.webContents.emit('will-navigate', nav);
    expect(nav.prevented).toBe(true);
    expect(win.webContents.openHandler?.({ url: `${hub}/x` })).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    fake.session.permissionRequest?.({}, 'media', (ok) => answers.push(ok));
    expect(answers).toEqual([false]);
    await vi.waitFor(() => expect(fake.session.webRequest.onBeforeSendHeaders).toHaveBeenCalledOnce());
  });

  it('answers the page through the protocol’s channels only, and keeps the display awake', async () => {
    const win = await startMain();
    await vi.waitFor(() => expect(win.loaded).toEqual([`${hub}/checkin`]));
    expect([...fake.handlers.keys()].sort()).toEqual(Object.values(KioskChannels).sort());
    const info = await fake.handlers.get(KioskChannels.getInfo)!({
      senderFrame: { url: `${hub}/checkin` },
    });
    expect(info).toMatchObject({
      version: '0.1.0',
      role: 'check-in',
      touch: true,
      pairing: { state: 'unpaired' },
      health: { memoryMb: 195.3, lastCrash: null },
    });
    expect(fake.blocker.start).toHaveBeenCalledWith('prevent-display-sleep');
  });

  it('shows the page of the role staff approved, from a saved pairing', async () => {
    const screen = { id: 'scr-1', name: 'Queue TV', role: 'queue-board' };
    writeFileSync(join(userData, 'screen.json'), JSON.stringify({ screen, credential: 'x'.repeat(32), pairedAt: 1 }));
    const win = await startMain();
    await vi.waitFor(() => expect(win.loaded).toEqual([`${hub}/queue`]));
  });

  it('finds the hub on the network when no address is configured, and trusts only the hub it found', async () => {
    delete process.env.GLASSBAY_KIOSK_HUB_URL;
    const win = await startMain();
    expect(decodeURIComponent(win.loaded[0]!)).toContain('Looking for the service hub on this network');
    const mdns = FakeMdns.last!;
    expect(mdns.questions).toEqual([HUB_DNSSD_SERVICE]);
    const instance = `Glassbay hub shop.${HUB_DNSSD_SERVICE}`;
    mdns.emit(
      'response',
      {
        answers: [
          { name: HUB_DNSSD_SERVICE, type: 'PTR', ttl: 4500, data: instance },
          { name: instance, type: 'SRV', ttl: 120, data: { port: Number(new URL(hub).port), target: 'shop.local' } },
          { name: instance, type: 'TXT', ttl: 4500, data: [Buffer.from('v=1'), Buffer.from('id=feedc0de')] },
          { name: 'shop.local', type: 'A', ttl: 120, data: '127.0.0.1' },
        ],
      },
      { address: '127.0.0.1' },
    );
    await vi.waitFor(() => expect(win.loaded).toContain(`${hub}/checkin`));
    expect(mdns.destroyed).toBe(true);
    const nav = { url: 'http://evil.example/', prevented: false, preventDefault: () => void (nav.prevented = true) };
    win.webContents.emit('will-navigate', nav);
    expect(nav.prevented).toBe(true);
  });

  it('keeps the window when something tries to close it, and quits when asked to', async () => {
    const win = await startMain();
    const close = () => {
      let prevented = false;
      win.emit('close', { preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(close()).toBe(true);
    fake.app.emit('before-quit');
    expect(close()).toBe(false);
  });

  it('sends a stranger that answers for the hub nothing: not the credential, not its page', async () => {
    delete process.env.GLASSBAY_KIOSK_HUB_URL;
    // Paired with a hub whose key is not the stand-in's.
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const screen = { id: 'scr-1', name: 'Queue TV', role: 'queue-board' };
    writeFileSync(
      join(userData, 'screen.json'),
      JSON.stringify({ screen, credential: 'c'.repeat(32), pairedAt: 1, hub: { hubId: 'feedc0de', publicKey: other } }),
    );
    hubSaw.length = 0;
    const win = await startMain();
    const instance = `Glassbay hub shop.${HUB_DNSSD_SERVICE}`;
    FakeMdns.last!.emit(
      'response',
      {
        answers: [
          { name: HUB_DNSSD_SERVICE, type: 'PTR', ttl: 4500, data: instance },
          { name: instance, type: 'SRV', ttl: 120, data: { port: Number(new URL(hub).port), target: 'shop.local' } },
          { name: instance, type: 'TXT', ttl: 4500, data: [Buffer.from('v=1'), Buffer.from('id=feedc0de')] },
          { name: 'shop.local', type: 'A', ttl: 120, data: '127.0.0.1' },
        ],
      },
      { address: '127.0.0.1' },
    );
    await vi.waitFor(() => expect(logged.join('')).toContain('not this screen’s hub'));
    // (Earlier tests' shells may still be retrying their own pairing in the background.)
    expect(hubSaw.map((r) => r.url)).toContain(kioskRoutes.proveHubIdentity.path);
    expect(hubSaw.filter((r) => r.credential === 'c'.repeat(32))).toEqual([]);
    expect(win.loaded).toHaveLength(1); // still the search page
    expect(FakeMdns.last!.destroyed).toBe(false); // still looking for its own hub
  });

  it('shows what is wrong instead of a blank screen when not configured', async () => {
    process.env.GLASSBAY_KIOSK_ROLE = 'staff-console';
    const win = await startMain();
    expect(win.loaded).toHaveLength(1);
    const page = decodeURIComponent(win.loaded[0]!);
    expect(page.startsWith('data:text/html')).toBe(true);
    expect(page).toContain('KIOSK_CONFIG_INVALID');
    expect(page).toContain('role: Invalid option');
    expect(fake.handlers.size).toBe(0);
    expect(logged.join('')).toContain('"code":"KIOSK_CONFIG_INVALID"');
    const nav = {
      url: `${hub}/checkin`,
      prevented: false,
      preventDefault: () => void (nav.prevented = true),
    };
    win.webContents.emit('will-navigate', nav);
    expect(nav.prevented).toBe(true);
  });

  it('reads kiosk.json from userData', async () => {
    delete process.env.GLASSBAY_KIOSK_HUB_URL;
    delete process.env.GLASSBAY_KIOSK_ROLE;
    writeFileSync(join(userData, 'kiosk.json'), JSON.stringify({ hubUrl: `${hub}`, role: 'bay-board' }));
    const win = await startMain();
    await vi.waitFor(() => expect(win.loaded).toEqual([`${hub}/bays`]));
  });
});

describe('main, with a hub on HTTPS with its own certificate', () => {
  let tlsHub = '';
  let pin = '';
  let otherCert = '';
  let pinnedCert = '';
  let server: ReturnType<typeof createHttpsServer>;
  beforeAll(async () => {
    // As the hub makes its own (apps/hub/src/http/tls.ts): self-signed, EC P-256.
    const opts = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' } as const;
    const mine = await generate([{ name: 'commonName', value: 'Glassbay hub test' }], opts);
    otherCert = (await generate([{ name: 'commonName', value: 'Glassbay hub test' }], opts)).cert;
    pinnedCert = mine.cert;
    pin = new X509Certificate(mine.cert).fingerprint256;
    server = createHttpsServer({ key: mine.private, cert: mine.cert }, standInHub);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    tlsHub = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('trusts exactly the pinned certificate: the shell proves the hub over it, the screens load over it', async () => {
    process.env.GLASSBAY_KIOSK_HUB_URL = tlsHub;
    writeFileSync(
      join(userData, 'kiosk.json'),
      JSON.stringify({ role: 'check-in', tlsFingerprint256: pin.toLowerCase() }),
    );
    const win = await startMain();
    await vi.waitFor(() => expect(win.loaded).toEqual([`${tlsHub}/checkin`]));
    // Chromium is told to accept the pinned certificate and to judge any other itself.
    const verdict = (pem: string) =>
      new Promise<number>((resolve) => fake.session.verifyProc!({ certificate: { data: pem } }, resolve));
    expect(await verdict(pinnedCert)).toBe(VERIFY.accept);
    expect(await verdict(otherCert)).toBe(VERIFY.chromium);
  });

  it('sends nothing to a hub whose certificate is not the pinned one', async () => {
    process.env.GLASSBAY_KIOSK_HUB_URL = tlsHub;
    const wrong = new X509Certificate(otherCert).fingerprint256;
    writeFileSync(join(userData, 'kiosk.json'), JSON.stringify({ role: 'check-in', tlsFingerprint256: wrong }));
    const seenBefore = hubSaw.length;
    const win = await startMain();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(win.loaded.some((u) => u.startsWith(tlsHub))).toBe(false);
    expect(hubSaw.length).toBe(seenBefore);
    expect(logged.join('')).toContain('is not the one pinned');
  });
});
