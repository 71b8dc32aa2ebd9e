// The kiosk shell without the Electron binary: the real screens in Debian's Chromium in kiosk mode
// (under Xvfb where it is installed, headless otherwise, and said so), run by the shell's own code
// (apps/kiosk/src/shell.ts: pairing, hub proof, watchdog, liveness, IPC handlers and trust checks) in
// this test process, with the page given the shell's real preload bundle (dist-electron/preload.cjs,
// its createKioskApi) bridged to those handlers. What differs from Electron, and how:
// - the preload runs in the page's main world (Chromium has no isolated preload world for us), and
//   its ipcRenderer.invoke is a Playwright binding that carries the calling frame's URL as Electron's
//   senderFrame does; the main side refuses every caller that is not the proven hub, as in Electron;
// - the credential header is added per request by a route (session.webRequest in Electron), and to
//   the socket.io WebSocket handshake by DevTools' extra headers, only while the shell would send it;
// - navigation away from the hub is cancelled by the shell's own navigationGuard on each navigation.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { KioskChannels, SCREEN_CREDENTIAL_HEADER, type KioskRole } from '@glassbay/protocol';
import { parseKioskConfig } from '../../apps/kiosk/src/config.ts';
import type { MdnsLike } from '../../apps/kiosk/src/discovery.ts';
import type { IpcMainLike } from '../../apps/kiosk/src/ipc.ts';
import { memoryLog } from '../../apps/kiosk/src/log.ts';
import { navigationGuard } from '../../apps/kiosk/src/security.ts';
import { hubTrust, startShell, type ShellHost } from '../../apps/kiosk/src/shell.ts';
import { CHROMIUM_ARGS, systemChromium } from '../../scripts/browser.ts';
import { PageContents, processPids } from './contents.ts';
import { startDisplay, type Display } from './display.ts';

const kioskDir = resolve(fileURLToPath(import.meta.url), '../../../apps/kiosk');
const PRELOAD = join(kioskDir, 'dist-electron/preload.cjs');
const BRIDGE = '__glassbayIpc';
// The kiosk's own dependency, resolved from the kiosk package as the shell resolves it.
type MdnsOptions = { port?: number; ip?: string; interface?: string; bind?: string; loopback?: boolean; ttl?: number };
const makeMdns = createRequire(join(kioskDir, 'package.json'))('multicast-dns') as (o?: MdnsOptions) => MdnsLike;

let built = false;
/**
 * The shell's real preload bundle, built from apps/kiosk (esbuild, a few seconds) once per run: a
 * bundle left from an older checkout would lack channels the screens now call.
 */
export function preloadSource(): string {
  if (!built) execFileSync(process.execPath, ['--import', 'tsx', 'build.ts'], { cwd: kioskDir });
  built = true;
  return readFileSync(PRELOAD, 'utf8');
}

/** Runs the preload as Electron would, with `electron` being the bridge to this process. */
const initScript = (source: string) => `(() => {
  const bridge = window.${BRIDGE};
  const electron = {
    contextBridge: { exposeInMainWorld: (name, api) => Object.defineProperty(window, name, { value: api }) },
    ipcRenderer: { invoke: (channel, ...args) => bridge(channel, ...args) },
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${source}
  })((name) => { if (name === 'electron') return electron; throw new Error('a sandboxed preload cannot require ' + name); }, module, module.exports);
})();`;

/** GLASSBAY_KIOSK_HARNESS_DEBUG=1 prints what the shell logs as it happens. */
function debugLog<L extends ReturnType<typeof memoryLog>>(log: L): L {
  if (process.env.GLASSBAY_KIOSK_HARNESS_DEBUG !== '1') return log;
  for (const level of ['info', 'warn', 'error'] as const) {
    const write = log[level];
    log[level] = (msg, fields) => {
      console.log(`[kiosk ${level}] ${msg} ${fields ? JSON.stringify(fields) : ''}`);
      write(msg, fields);
    };
  }
  return log;
}

export interface KioskOptions {
  /** null: find the hub over multicast DNS (the harness's mDNS socket options keep it on loopback). */
  hubUrl: string | null;
  role: KioskRole;
  /** kiosk.json fields besides hubUrl and role. */
  config?: Record<string, unknown>;
  /** The screen's userData folder (screen.json lives there); a fresh one when absent. */
  userDataDir?: string;
  /** Attach to this page (a test's own browser) instead of launching Chromium in kiosk mode. */
  page?: Page;
  mdns?: MdnsOptions;
  /** Shorter liveness timings for time-scaled runs (the shell's own figures otherwise). */
  tuning?: ShellHost['tuning'];
  /** A stand-in for electron-updater (e2e/kiosk/http-updater.ts); none: the shell cannot update here. */
  updater?: ShellHost['updater'];
}

export class KioskHarness {
  readonly log = debugLog(memoryLog());
  readonly printed: string[] = [];
  readonly restarts: string[] = [];
  /** Every call the page made on the preload API, with when and from which page. */
  readonly calls: { at: number; channel: string; args: unknown[]; url: string }[] = [];
  /** Every URL the shell told the window to show (hub pages, the offline page), with when. */
  readonly shown: { at: number; url: string }[] = [];
  private hub: () => string | null = () => null;
  /** How the browser ran: 'Xvfb :N (kiosk mode)', 'headless (no Xvfb here)', or 'attached'. */
  mode = '';
  private browser: Browser | null = null;
  private display: Display | null = null;
  private ownDir: string | null = null;
  private quit: (() => void)[] = [];

  private constructor(
    readonly contents: PageContents,
    readonly context: BrowserContext,
    readonly userDataDir: string,
  ) {}

  get page(): Page {
    return this.contents.page;
  }

  static async launch(opts: KioskOptions): Promise<KioskHarness> {
    let browser: Browser | null = null;
    let display: Display | null = null;
    let page = opts.page;
    let mode = 'attached';
    if (!page) {
      display = await startDisplay();
      mode = display ? `Xvfb ${display.name} (kiosk mode)` : 'headless (Xvfb is not installed here)';
      browser = await chromium.launch({
        executablePath: systemChromium(),
        headless: display === null,
        args: [...CHROMIUM_ARGS, '--kiosk', '--window-size=1920,1080', '--window-position=0,0'],
        env: { ...process.env, ...(display ? { DISPLAY: display.name } : {}) },
      });
      const context = await browser.newContext({
        viewport: { width: 1920, height: 1080 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      page = await context.newPage();
    }
    const context = page.context();
    const browserSession = await (page.context().browser() ?? browser)!.newBrowserCDPSession();
    const contents = new PageContents(browserSession, page);
    const ownDir = opts.userDataDir ? null : mkdtempSync(join(tmpdir(), 'glassbay-kiosk-harness-'));
    const harness = new KioskHarness(contents, context, opts.userDataDir ?? ownDir!);
    Object.assign(harness, { browser, display, ownDir, mode });
    await harness.start(opts);
    await harness.refreshMetrics().catch(() => undefined);
    const metrics = setInterval(() => void harness.refreshMetrics().catch(() => undefined), 5_000);
    harness.quit.push(() => clearInterval(metrics));
    return harness;
  }

  private async start(opts: KioskOptions): Promise<void> {
    const { context, contents, log } = this;
    const handlers = new Map<string, (event: { senderFrame: { url: string } | null }, ...a: unknown[]) => unknown>();
    const ipcMain: IpcMainLike = { handle: (channel, fn) => void handlers.set(channel, fn) };
    await context.exposeBinding(BRIDGE, async (source, channel: string, ...args: unknown[]) => {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      this.calls.push({ at: Date.now(), channel, args, url: source.frame.url() });
      return handler({ senderFrame: { url: source.frame.url() } }, ...args);
    });
    await context.addInitScript(initScript(preloadSource()));

    const trust = hubTrust();
    this.hub = trust.hubUrl;
    const load = contents.loadURL.bind(contents);
    contents.loadURL = (url) => (this.shown.push({ at: Date.now(), url }), load(url));
    const leave = navigationGuard(trust.isTrusted, log, 'will-navigate');
    let sendHeaders: Parameters<ShellHost['onBeforeSendHeaders']>[0] | null = null;
    let extra: string | null = null;
    await context.route('**/*', async (route, request) => {
      const url = request.url();
      if (request.isNavigationRequest() && request.frame() === contents.page.mainFrame() && !url.startsWith('data:')) {
        const event = { url, preventDefault: () => undefined };
        if (leave(event)) return route.abort('blockedbyclient');
      }
      if (!sendHeaders) return route.continue();
      // The socket.io WebSocket cannot be routed: give it the header the shell would add to it.
      const hub = trust.hubUrl();
      if (hub) this.wsCredential(sendHeaders, hub, (v) => (extra = v), extra);
      const headers = await request.allHeaders();
      await new Promise<void>((done) =>
        sendHeaders!({ url, requestHeaders: headers }, ({ requestHeaders }) => {
          void route.continue({ headers: requestHeaders }).finally(done);
        }),
      );
    });

    const config = parseKioskConfig(
      JSON.stringify({ ...opts.config, role: opts.role, ...(opts.hubUrl ? { hubUrl: opts.hubUrl } : {}) }),
      join(this.userDataDir, 'kiosk.json'),
      {},
    );
    startShell(
      {
        contents: contents.asShell(),
        app: Object.assign(new (await import('node:events')).EventEmitter(), {
          getVersion: () => '0.1.0-harness',
          getAppMetrics: () => this.metrics,
        }),
        ipcMain,
        onBeforeSendHeaders: (l) => void (sendHeaders = l),
        onInput: (l) =>
          void context
            .exposeBinding('__glassbayInput', l)
            .then(() => context.addInitScript(`addEventListener('pointerdown', () => window.__glassbayInput(), true)`)),
        powerSaveBlocker: { start: () => 1, stop: () => undefined },
        userDataDir: this.userDataDir,
        makeMdns: () => makeMdns(opts.mdns),
        createPrintSurface: () => ({
          load: async (url) => void this.printed.push(decodeURIComponent(url.slice(url.indexOf(',') + 1))),
          print: async () => ({ success: true, failureReason: '' }),
          destroy: () => undefined,
        }),
        fetch,
        randomBytes: (n) => new Uint8Array(randomBytes(n)),
        restart: (reason) => {
          // A real shell starts afresh here (systemd or its own relaunch); the harness records it.
          this.restarts.push(reason);
        },
        onQuit: (fn) => void this.quit.push(fn),
        timers: {
          setTimeout: (fn, ms) => setTimeout(fn, ms),
          clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
        },
        now: Date.now,
        log,
        startedAt: Date.now(),
        relaunchedBecause: null,
        // Chromium cannot replace itself: without a stand-in the shell answers "unsupported" here.
        updater: opts.updater ?? null,
        tuning: opts.tuning,
      },
      config,
      trust,
    );
  }

  /** Memory of this browser's processes, as Electron's app.getAppMetrics() gives it (KB). */
  metrics: { type: string; memory: { workingSetSize: number } }[] = [];

  /** Read the browser's processes' resident memory from /proc (what getAppMetrics reports in Electron). */
  async refreshMetrics(): Promise<void> {
    const procs = await processPids(this.contents.browserSession);
    this.metrics = procs.flatMap(({ type, id }) => {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1] ?? 0);
        return [{ type, memory: { workingSetSize: kb } }];
      } catch {
        return [];
      }
    });
  }

  private wsCredential(
    listener: NonNullable<Parameters<ShellHost['onBeforeSendHeaders']>[0]>,
    hub: string,
    set: (v: string | null) => void,
    current: string | null,
  ): void {
    let value: string | null = null;
    listener({ url: hub.replace(/^http/, 'ws') + '/socket.io/', requestHeaders: {} }, ({ requestHeaders }) => {
      value = requestHeaders[SCREEN_CREDENTIAL_HEADER] ?? null;
    });
    if (value === current) return;
    set(value);
    // Not awaited inside a route handler: Playwright applies it to every page, this one's paused request included.
    void this.context.setExtraHTTPHeaders(value ? { [SCREEN_CREDENTIAL_HEADER]: value } : {}).catch(() => undefined);
  }

  /** The hub's address as the shell knows it now (it changes when the hub moves). */
  hubUrl(): string | null {
    return this.hub();
  }

  /**
   * When the page last said its live link to the hub is up (a fleet connect or a heartbeat), after
   * `since`, from a page of the hub; null if it has not.
   */
  connectedAfter(since: number): number | null {
    const hub = this.hub();
    const ok = this.calls.find(
      (c) =>
        c.at > since &&
        hub !== null &&
        c.url.startsWith(hub) &&
        (c.channel === KioskChannels.reportHealth || c.channel === KioskChannels.heartbeat) &&
        (c.args[0] as { connected?: unknown } | undefined)?.connected === true,
    );
    return ok?.at ?? null;
  }

  /** Lines the shell logged with this message. */
  logged(msg: string | RegExp) {
    return this.log.lines.filter((l) => (typeof msg === 'string' ? l.msg === msg : msg.test(l.msg)));
  }

  async close(): Promise<void> {
    this.quit.forEach((fn) => fn());
    this.contents.close();
    await this.browser?.close();
    this.display?.stop();
    if (this.ownDir) rmSync(this.ownDir, { recursive: true, force: true });
  }
}
