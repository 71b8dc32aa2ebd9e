// Composition only, and the only file that imports Electron: read the config, build the window, fence
// it in, supervise the process, and hand the rest to shell.ts through a ShellHost made of Electron's
// objects. Each piece lives and is tested in its own module.
import { BrowserWindow, Menu, app, ipcMain, powerSaveBlocker, session } from 'electron';
import electronUpdater from 'electron-updater';
import makeMdns from 'multicast-dns';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE_NAME, KioskConfigError, parseKioskConfig, type KioskConfig } from './config.ts';
import { createLog } from './log.ts';
import { claimSingleInstance, lockKeyboard } from './lockdown.ts';
import { redirectedAwayPage, statusPageUrl } from './pages.ts';
import type { PrintSurface } from './print.ts';
import { secureContents, secureSession } from './security.ts';
import { hubTrust, startShell } from './shell.ts';
import { pinnedFetch, pinnedVerifyProc } from './tls-pin.ts';
import { QuitIntent, restart, restartOnFatal, restartPlan, vetoClose } from './supervisor.ts';
import type { Timers } from './watchdog.ts';
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
const intent = new QuitIntent();

/** Start afresh: the next start says why it started, for the console's "last failure". */
function restartShell(reason: string): void {
  log.error('kiosk restarting', { reason });
  const args = [...process.argv.slice(1).filter((a) => a !== RELAUNCHED_FLAG), RELAUNCHED_FLAG];
  restart(app, restartPlan(process.env), intent, args);
}
// Before anything else can throw: no error dialog over the showroom, a fresh start instead.
restartOnFatal(process, log, restartShell);

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

function start(config: KioskConfig | KioskConfigError): void {
  // No URL is the hub's until the hub is known: configured, or found on the network and proven.
  const trust = hubTrust();
  const redirectedAway = (to: string) => {
    const from = trust.hubUrl();
    if (from === null) return;
    // Not from inside the redirect handler: let the cancelled load finish unwinding first.
    setImmediate(() => void win?.loadURL(statusPageUrl(redirectedAwayPage(from, to))).catch(() => undefined));
  };
  app.on('web-contents-created', (_event, contents) => secureContents(contents, trust.isTrusted, log, redirectedAway));
  secureSession(session.defaultSession, log);
  // A hub on HTTPS with its own certificate: trusted by its pinned fingerprint, screens and shell alike.
  const pin = config instanceof KioskConfigError ? undefined : config.tlsFingerprint256;
  if (pin) session.defaultSession.setCertificateVerifyProc(pinnedVerifyProc(pin));

  const dev = config instanceof KioskConfigError ? false : config.dev;
  win = new BrowserWindow(kioskWindowOptions({ preloadPath: join(__dirname, 'preload.cjs'), dev }));
  prepareKioskWindow(win);
  vetoClose(win, app, intent, log);
  if (!dev) lockKeyboard(win.webContents, log);
  const contents = win.webContents;

  startShell(
    {
      contents,
      app,
      ipcMain,
      onBeforeSendHeaders: (listener) => session.defaultSession.webRequest.onBeforeSendHeaders(listener),
      onInput: (listener) => contents.on('input-event', listener),
      powerSaveBlocker,
      userDataDir: app.getPath('userData'),
      makeMdns: () => makeMdns(),
      createPrintSurface: printSurface,
      fetch: pin ? pinnedFetch(pin) : fetch,
      randomBytes: (n) => randomBytes(n),
      restart: restartShell,
      onQuit: (fn) => app.on('will-quit', fn),
      timers,
      now: Date.now,
      log,
      startedAt,
      relaunchedBecause,
      // Updates come only when staff ask, from the paired hub (updater.ts); not from an unpacked app.
      updater: app.isPackaged ? electronUpdater.autoUpdater : null,
    },
    config,
    trust,
  );
}

// Pinch zoom is also capped per page (window.ts); the switch stops it before the first page paints.
app.commandLine.appendSwitch('disable-pinch');
Menu.setApplicationMenu(null);
if (claimSingleInstance(app, () => win?.focus())) {
  // The window is closed only when quitting on purpose; then the app goes with it.
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
