// The shell's behaviour once its window exists: find and prove the hub, pair, show the role's page,
// and keep it alive (watchdog, liveness, nightly reload, idle return), answering the page through the
// preload API. Everything Electron-specific comes in through ShellHost, so the same code runs in the
// Electron main process (main.ts) and in the e2e harness against Debian's Chromium (e2e/kiosk-harness.ts).
import type { KioskRole, PinnedHub } from '@glassbay/protocol';
import { screenBehaviour, idleReturnDue } from './behaviour.ts';
import { captureSmall, type CapturableContents } from './capture.ts';
import { KioskConfigError, type KioskConfig } from './config.ts';
import { discoverHub, type MdnsLike } from './discovery.ts';
import { followHub } from './follow-hub.ts';
import { createHealthLog, shellHealth, type ProcessMetric } from './health.ts';
import { checkHub } from './hub-identity.ts';
import { credentialHeaders } from './hub-session.ts';
import { registerKioskIpc, type IpcMainLike } from './ipc.ts';
import { PageLiveness, type LivenessPolicy } from './liveness.ts';
import { DisplaySleepGuard, cursorFollowsRole, type CursorContents, type PowerSaveBlockerLike } from './lockdown.ts';
import type { Log } from './log.ts';
import { closingTimeCrossed } from './opening-hours.ts';
import { notConfiguredPage, offlinePage, searchingPage, statusPageUrl } from './pages.ts';
import { PairingClientError, httpPairingClient, type PairingClient } from './pairing-client.ts';
import { createPairingRunner } from './pairing-runner.ts';
import { filePairingStore } from './pairing-store.ts';
import { pagePathFor, pairingView, type PairingState } from './pairing.ts';
import { createReceiptPrinter, type PrintSurface } from './print.ts';
import { hubOrigin, trustedUrlCheck, type TrustedUrlCheck } from './trusted-url.ts';
import { createShellUpdater, type UpdaterLike } from './updater.ts';
import { watchKiosk, type LivenessLimits, type Timers, type WatchedApp, type WatchedContents } from './watchdog.ts';

export type ShellContents = WatchedContents &
  CursorContents &
  CapturableContents & {
    loadURL(url: string): Promise<void>;
    forcefullyCrashRenderer(): void;
    stop(): void;
  };

export interface ShellHost {
  contents: ShellContents;
  app: WatchedApp & { getVersion(): string; getAppMetrics(): ProcessMetric[] };
  ipcMain: IpcMainLike;
  onBeforeSendHeaders(listener: ReturnType<typeof credentialHeaders>): void;
  /** Any input on the page (touch, mouse, key): an idle touch screen goes home. */
  onInput(listener: () => void): void;
  powerSaveBlocker: PowerSaveBlockerLike;
  userDataDir: string;
  makeMdns(): MdnsLike;
  createPrintSurface(): PrintSurface;
  fetch: typeof fetch;
  randomBytes(n: number): Uint8Array;
  /** Start the whole shell afresh (supervisor.ts decides how). */
  restart(reason: string): void;
  onQuit(fn: () => void): void;
  timers: Timers;
  now(): number;
  log: Log;
  startedAt: number;
  relaunchedBecause: { at: number; reason: string } | null;
  /** electron-updater's autoUpdater in the packaged shell; null where the shell cannot update itself. */
  updater: UpdaterLike | null;
  /** Shorter timings for the harness's time-scaled soak; the shell's own figures when absent. */
  tuning?: { liveness?: LivenessPolicy; limits?: Partial<LivenessLimits> };
}

/** Which origin is the hub's, for every guard (navigation, IPC, credential); changes when the hub moves. */
export function hubTrust() {
  let check: TrustedUrlCheck = () => false;
  let url: string | null = null;
  return {
    isTrusted: ((candidate) => check(candidate)) as TrustedUrlCheck,
    hubUrl: () => url,
    set(next: string) {
      url = hubOrigin(next);
      check = trustedUrlCheck(url);
    },
  };
}
export type HubTrust = ReturnType<typeof hubTrust>;

const NOT_PINNED = 'KIOSK_HUB_NOT_PINNED: the hub here could not prove it is the one this screen paired with';

export function startShell(host: ShellHost, config: KioskConfig | KioskConfigError, trust: HubTrust): void {
  const { contents, log } = host;
  const show = (url: string) => void contents.loadURL(url).catch(() => undefined); // failures reach the watchdog
  if (config instanceof KioskConfigError) {
    log.error('kiosk is not configured', { code: config.code, message: config.message });
    show(statusPageUrl(notConfiguredPage(config.code, config.message)));
    return;
  }
  runShell(host, config, trust, show);
}

function runShell(host: ShellHost, config: KioskConfig, trust: HubTrust, show: (url: string) => void): void {
  const { contents, timers, log } = host;
  let quitting = false;
  host.onQuit(() => (quitting = true));
  const every = (ms: number, fn: () => void) => {
    const tick = () => {
      if (quitting) return;
      timers.setTimeout(tick, ms);
      fn();
    };
    timers.setTimeout(tick, ms);
  };

  // The hub that proved its key at `verifiedOrigin`; the credential goes nowhere else.
  let verifiedOrigin: string | null = null;
  let verifiedHub: PinnedHub | null = null;
  let lastProblem = '';
  const store = filePairingStore(host.userDataDir, log);
  const saved = store.load();
  let pairingState: () => PairingState = () => ({ state: 'unpaired' });
  const pinned = (): PinnedHub | null => {
    const s = pairingState();
    if (s.state === 'paired') return s.hub ?? null;
    return saved?.hub ?? null;
  };
  const prove = async (url: string): Promise<boolean | 'unreachable'> => {
    const r = await checkHub(url, pinned(), host);
    if (!r.ok) {
      lastProblem = r.message;
      if (r.code === 'HUB_UNREACHABLE') return 'unreachable';
      log.warn('hub did not prove it is this screen’s hub', { url, code: r.code, message: r.message });
      return false;
    }
    verifiedOrigin = hubOrigin(url);
    verifiedHub = r.hub;
    return true;
  };

  const search = (accept: (url: string) => Promise<boolean>) =>
    discoverHub({
      mdns: host.makeMdns(),
      timers,
      log,
      hubId: pinned()?.hubId ?? config.hubId,
      accept: (hub) => accept(hub.url),
    });

  const serve = (url: string) => serveHub(url);
  if (config.hubUrl !== null) return serve(config.hubUrl);
  // No address configured: find the hub on the local network, asking until it answers and proves itself.
  show(statusPageUrl(searchingPage()));
  const first = search(async (url) => (await prove(url)) === true);
  host.onQuit(() => first.stop());
  void first.found.then((hub) => serve(hub.url));

  function serveHub(url: string): void {
    trust.set(url);
    const role = (s: PairingState): KioskRole => (s.state === 'paired' ? s.screen.role : config.role);
    const behaviour = () => screenBehaviour(role(pairing.state()), config.touchOverride);
    const pageUrl = (s: PairingState = pairing.state()) => new URL(pagePathFor(s, config.role), trust.hubUrl()!).href;
    let pageShown = false;
    const cursor = cursorFollowsRole(contents, () => behaviour().hideCursor);

    // The pairing routes of whichever address the hub has now; the credential only to a proven hub.
    const client = (): PairingClient => httpPairingClient(trust.hubUrl()!, host.fetch);
    const pairing = createPairingRunner({
      store,
      client: {
        requestPairing: (r) => client().requestPairing(r),
        pairingStatus: (code, secret) => client().pairingStatus(code, secret),
        checkSelf: (credential) =>
          verifiedOrigin === trust.hubUrl()
            ? client().checkSelf(credential)
            : Promise.reject(new PairingClientError('HUB_UNREACHABLE', 'the hub has not proved itself yet')),
      },
      role: config.role,
      shellVersion: host.app.getVersion(),
      randomBytes: host.randomBytes,
      now: host.now,
      timers,
      log,
      hub: () => verifiedHub,
      // Staff may approve the screen for another role than the installer set: show that page.
      onChange: (next, previous) => {
        cursor.update();
        if (pageShown && pageUrl(next) !== pageUrl(previous)) show(pageUrl(next));
      },
    });
    pairingState = () => pairing.state();
    const pinLegacy = () => {
      const s = pairing.state();
      if (s.state === 'paired' && !s.hub && verifiedHub) pairing.pinHub(verifiedHub);
    };
    // The page may use the shell, and is sent as this screen, only on a hub that proved itself.
    const proven: TrustedUrlCheck = (u) => trust.isTrusted(u) && verifiedOrigin === trust.hubUrl();
    host.onBeforeSendHeaders(
      credentialHeaders(proven, () => {
        const s = pairing.state();
        return s.state === 'paired' ? s.credential : null;
      }),
    );

    /** Load the role's page, proving the hub first whenever it has not (since it was last lost). */
    const loadHubPage = async () => {
      const at = trust.hubUrl()!;
      if (verifiedOrigin !== at) {
        const proved = await prove(at);
        // Nothing is loaded from a hub that has not proved itself: the offline page says why and
        // retries (and, after a few failures, the search for the real hub runs again).
        if (proved !== true) {
          watchdog.loadFailed(proved === false ? NOT_PINNED : `the hub did not answer (${lastProblem})`);
          return;
        }
        pinLegacy();
      }
      show(pageUrl());
    };

    const follow = followHub({
      discovered: config.hubUrl === null,
      search,
      prove,
      trust,
      moved: () => void loadHubPage(),
      fetch: host.fetch,
      timers,
      log,
    });

    const watchdog = watchKiosk({
      contents,
      app: host.app,
      policy: config.watchdog,
      timers,
      now: host.now,
      isTrusted: trust.isTrusted,
      log,
      limits: host.tuning?.limits,
      actions: {
        reload: () => void loadHubPage(),
        showOffline: (reason, retryInMs) => {
          // The hub is gone from here: whoever answers next at this address proves itself again.
          verifiedOrigin = null;
          show(statusPageUrl(offlinePage(trust.hubUrl()!, reason, retryInMs)));
        },
        relaunch: () => host.restart('relaunched after repeated failures'),
        crashRenderer: () => contents.forcefullyCrashRenderer(),
        stopLoading: () => contents.stop(),
        rediscover: follow.rediscover,
      },
    });

    const liveness = new PageLiveness({
      timers,
      now: host.now,
      log,
      reload: () => void loadHubPage(),
      policy: host.tuning?.liveness,
    });
    contents.on('did-finish-load', () => {
      const hubPage = trust.isTrusted(contents.getURL());
      liveness.loaded(hubPage);
      // The hub answered before it could be asked to prove itself: prove it now, then load the page
      // again so it is served as this screen (with the credential) rather than as a stranger's.
      if (hubPage && verifiedOrigin !== trust.hubUrl()) {
        void prove(trust.hubUrl()!).then((ok) => {
          if (ok === true) {
            pinLegacy();
            show(pageUrl());
          } else if (ok === false) watchdog.loadFailed(NOT_PINNED);
        });
      }
    });
    liveness.start();

    const health = createHealthLog(log, host.now);
    const updater = createShellUpdater({
      updater: host.updater,
      currentVersion: host.app.getVersion(),
      hubOrigin: () => (verifiedOrigin !== null && verifiedOrigin === trust.hubUrl() ? verifiedOrigin : null),
      credential: () => {
        const s = pairing.state();
        return s.state === 'paired' ? s.credential : null;
      },
      touch: () => behaviour().touch,
      lastInputAt: () => lastInputAt,
      timers,
      now: host.now,
      log,
    });
    registerKioskIpc(
      host.ipcMain,
      {
        getInfo: () => ({
          version: host.app.getVersion(),
          role: role(pairing.state()),
          touch: behaviour().touch,
          pairing: pairingView(pairing.state()),
          health: shellHealth({
            startedAt: host.startedAt,
            now: host.now(),
            metrics: host.app.getAppMetrics(),
            lastCrash: watchdog.lastCrash() ?? host.relaunchedBecause,
            lastHeartbeatAt: liveness.lastBeatAt(),
          }),
        }),
        print: createReceiptPrinter({ createSurface: host.createPrintSurface, printer: config.printer, log }),
        reportHealth: (report) => {
          health.report(report);
          follow.link(report.connected);
        },
        captureScreen: () => captureSmall(contents),
        refreshPairing: async () => {
          await pairing.checkNow();
          return pairingView(pairing.state());
        },
        heartbeat: (beat) => {
          liveness.beat(beat);
          if (typeof beat.connected === 'boolean') follow.link(beat.connected);
        },
        installUpdate: () => updater.install(),
      },
      proven,
      log,
    );

    // Display sleep, the nightly reload at closing time, and an idle touch screen going home.
    const sleepGuard = new DisplaySleepGuard(host.powerSaveBlocker, config.openingHours, config.timeZone, log);
    let lastCheck = new Date(host.now());
    let lastInputAt = host.now();
    host.onInput(() => (lastInputAt = host.now()));
    sleepGuard.update(lastCheck);
    every(15_000, () => {
      const now = new Date(host.now());
      sleepGuard.update(now);
      if (closingTimeCrossed(lastCheck, now, config.openingHours, config.timeZone)) {
        log.info('closing time: reloading the page for the night');
        void loadHubPage();
      } else if (
        idleReturnDue({
          behaviour: behaviour(),
          lastInputAt,
          now: now.getTime(),
          shown: contents.getURL(),
          home: pageUrl(),
        })
      ) {
        log.info('idle touch screen: back to its page');
        lastInputAt = host.now();
        show(pageUrl());
      }
      lastCheck = now;
    });
    host.onQuit(() => {
      sleepGuard.release();
      pairing.stop();
      liveness.stop();
      follow.stop();
    });

    pairing.start();
    pinLegacy();
    log.info('kiosk starting', { hub: trust.hubUrl(), role: role(pairing.state()), touch: behaviour().touch });
    void loadHubPage();
    pageShown = true;
  }
}
