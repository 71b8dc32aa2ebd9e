// Composition only: read the config, build the window, fence it in, and wire pairing, the watchdog,
// the display-sleep guard and the preload API. Each piece lives and is tested in its own module.
import { BrowserWindow, Menu, app, ipcMain, powerSaveBlocker, session, type WebContents } from 'electron';
import makeMdns from 'multicast-dns';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KioskRole } from '@glassbay/protocol';
import { CONFIG_FILE_NAME, KioskConfigError, parseKioskConfig, type KioskConfig } from './config.ts';
import { captureSmall } from './capture.ts';
import { discoverHub } from './discovery.ts';
import { createHealthLog, shellHealth } from './health.ts';
import { credentialHeaders } from './hub-session.ts';
import { registerKioskIpc } from './ipc.ts';
import { createLog } from './log.ts';
import { DisplaySleepGuard, claimSingleInstance, hideCursorOnBoards, lockKeyboard } from './lockdown.ts';
import { notConfiguredPage, offlinePage, redirectedAwayPage, searchingPage, statusPageUrl } from './pages.ts';
import { httpPairingClient } from './pairing-client.ts';
import { createPairingRunner } from './pairing-runner.ts';
import { filePairingStore } from './pairing-store.ts';
import { pagePathFor, pairingView, type PairingState } from './pairing.ts';
import { createReceiptPrinter, type PrintSurface } from './print.ts';
import { secureContents, secureSession } from './security.ts';
import { trustedUrlCheck, type TrustedUrlCheck } from './trusted-url.ts';
import { watchKiosk, type Timers } from './watchdog.ts';
import { kioskWindowOptions, prepareKioskWindow } from './window.ts';

const log = createLog('kiosk');
const timers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
let win: BrowserWindow | null = null;
const startedAt = Date.now();
const RELAUNCHED_FLAG = '--glassbay-relaunched';
const relaunchedBecause = process.argv.includes(RELAUNCHED_FLAG)
  ? { at: startedAt, reason: 'relaunched after repeated failures' }
  : null;

function readConfig(): KioskConfig {
  const file = join(app.getPath('userData'), CONFIG_FILE_NAME);
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // No file: the environment alone may configure the kiosk.
  }
  return parseKioskConfig(text, file, process.env);
}

function printSurface(): PrintSurface {
  const w = new BrowserWindow({
    show: false,
    webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false },
  });
  return {
    load: (url) => w.loadURL(url),
    print: (options) =>
      new Promise((resolve) =>
        w.webContents.print(options, (success, failureReason) => resolve({ success, failureReason })),
      ),
    destroy: () => w.destroy(),
  };
}

type Show = (url: string) => void;

function start(config: KioskConfig | KioskConfigError): void {
  // No URL is the hub's until the hub is known: configured, or found on the network.
  let hubUrl: string | null = null;
  let trusted: TrustedUrlCheck = () => false;
  const isTrusted: TrustedUrlCheck = (url) => trusted(url);
  const show: Show = (url) => void win?.loadURL(url).catch(() => undefined); // failures reach the watchdog
  const redirectedAway = (to: string) => {
    if (hubUrl === null) return;
    const from = hubUrl;
    // Not from inside the redirect handler: let the cancelled load finish unwinding first.
    setImmediate(() => show(statusPageUrl(redirectedAwayPage(from, to))));
  };
  app.on('web-contents-created', (_event, contents) => secureContents(contents, isTrusted, log, redirectedAway));
  secureSession(session.defaultSession, log);

  const dev = config instanceof KioskConfigError ? false : config.dev;
  win = new BrowserWindow(kioskWindowOptions({ preloadPath: join(__dirname, 'preload.cjs'), dev }));
  prepareKioskWindow(win);
  if (!dev) lockKeyboard(win.webContents, log);

  if (config instanceof KioskConfigError) {
    log.error('kiosk is not configured', { code: config.code, message: config.message });
    show(statusPageUrl(notConfiguredPage(config.code, config.message)));
    return;
  }
  hideCursorOnBoards(win.webContents, config.touch);

  const serve = (url: string) => {
    hubUrl = url;
    trusted = trustedUrlCheck(url);
    serveHub({ ...config, hubUrl: url }, win!.webContents, show, isTrusted);
  };
  if (config.hubUrl !== null) return serve(config.hubUrl);
  // No address configured: find the hub on the local network, asking until it answers.
  show(statusPageUrl(searchingPage()));
  const search = discoverHub({ mdns: makeMdns(), timers, log, hubId: config.hubId });
  app.on('will-quit', () => search.stop());
  void search.found.then((hub) => serve(hub.url));
}

/** Everything that needs the hub's address: pairing, the watchdog, the page's API, the display guard. */
function serveHub(
  config: KioskConfig & { hubUrl: string },
  contents: WebContents,
  show: Show,
  isTrusted: TrustedUrlCheck,
) {
  // A saved pairing is restored before the first page is shown; that is not a change of page.
  let pageShown = false;
  const roleOf = (s: PairingState): KioskRole => (s.state === 'paired' ? s.screen.role : config.role);
  const pageUrl = (s: PairingState) => new URL(pagePathFor(s, config.role), config.hubUrl).href;
  const pairing = createPairingRunner({
    store: filePairingStore(app.getPath('userData'), log),
    client: httpPairingClient(config.hubUrl),
    role: config.role,
    shellVersion: app.getVersion(),
    randomBytes: (n) => randomBytes(n),
    now: Date.now,
    timers,
    log,
    // Staff may approve the screen for another role than the installer set: show that page.
    onChange: (next, previous) => {
      if (pageShown && pageUrl(next) !== pageUrl(previous)) show(pageUrl(next));
    },
  });
  session.defaultSession.webRequest.onBeforeSendHeaders(
    credentialHeaders(isTrusted, () => {
      const s = pairing.state();
      return s.state === 'paired' ? s.credential : null;
    }),
  );

  const watchdog = watchKiosk({
    contents,
    app,
    policy: config.watchdog,
    timers,
    now: Date.now,
    isTrusted,
    log,
    actions: {
      reload: () => show(pageUrl(pairing.state())),
      showOffline: (reason, retryInMs) => show(statusPageUrl(offlinePage(config.hubUrl, reason, retryInMs))),
      relaunch: () => {
        // The next start says why it started, for the console's "last failure".
        app.relaunch({ args: [...process.argv.slice(1).filter((a) => a !== RELAUNCHED_FLAG), RELAUNCHED_FLAG] });
        app.exit(0);
      },
    },
  });

  const health = createHealthLog(log, Date.now);
  registerKioskIpc(
    ipcMain,
    {
      getInfo: () => ({
        version: app.getVersion(),
        role: roleOf(pairing.state()),
        touch: config.touch,
        pairing: pairingView(pairing.state()),
        health: shellHealth({
          startedAt,
          now: Date.now(),
          metrics: app.getAppMetrics(),
          lastCrash: watchdog.lastCrash() ?? relaunchedBecause,
        }),
      }),
      print: createReceiptPrinter({ createSurface: printSurface, printer: config.printer, log }),
      reportHealth: (report) => health.report(report),
      captureScreen: () => captureSmall(contents),
      refreshPairing: async () => {
        await pairing.checkNow();
        return pairingView(pairing.state());
      },
    },
    isTrusted,
    log,
  );

  const sleepGuard = new DisplaySleepGuard(powerSaveBlocker, config.openingHours, config.timeZone, log);
  sleepGuard.update(new Date());
  setInterval(() => sleepGuard.update(new Date()), 60_000);
  app.on('will-quit', () => {
    sleepGuard.release();
    pairing.stop();
  });

  pairing.start();
  log.info('kiosk starting', {
    hub: config.hubUrl,
    role: roleOf(pairing.state()),
    touch: config.touch,
    dev: config.dev,
  });
  show(pageUrl(pairing.state()));
  pageShown = true;
}

// Pinch zoom is also capped per page (window.ts); the switch stops it before the first page paints.
app.commandLine.appendSwitch('disable-pinch');
Menu.setApplicationMenu(null);
if (claimSingleInstance(app, () => win?.focus())) {
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(() => {
    let config: KioskConfig | KioskConfigError;
    try {
      config = readConfig();
    } catch (err) {
      if (!(err instanceof KioskConfigError)) throw err;
      config = err;
    }
    start(config);
  });
}
