// The watchdog brings a kiosk back without anyone walking over to it. A crashed, killed or hung page
// and a lost GPU process are reloaded after an exponentially growing pause; when crashes keep
// coming within a window, the whole app is relaunched. A hub that cannot be reached is retried the
// same way but never triggers a relaunch: restarting the kiosk does not bring a hub back.

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Crashes within `windowMs` after which the app relaunches instead of reloading. */
  relaunchAfter: number;
  windowMs: number;
}

export type Recovery = { kind: 'reload'; delayMs: number; attempt: number } | { kind: 'relaunch'; failures: number };

/**
 * Record a failure at `now` and decide what to do. Pure: the failure history comes in and goes out.
 * Failures older than the window are forgotten, so a kiosk that was stable for a while starts again
 * at the shortest pause.
 */
export function recordFailure(
  history: readonly number[],
  now: number,
  policy: BackoffPolicy,
  mayRelaunch = true,
): { history: number[]; recovery: Recovery } {
  const recent = [...history.filter((t) => now - t < policy.windowMs), now];
  const attempt = recent.length;
  if (mayRelaunch && attempt >= policy.relaunchAfter) {
    return { history: [], recovery: { kind: 'relaunch', failures: attempt } };
  }
  const delayMs = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return { history: recent, recovery: { kind: 'reload', delayMs, attempt } };
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WatchedContents {
  getURL(): string;
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown;
  on(
    event: 'unresponsive' | 'responsive' | 'did-finish-load' | 'did-start-loading' | 'did-stop-loading',
    listener: () => void,
  ): unknown;
  on(
    event: 'did-fail-load',
    listener: (event: unknown, errorCode: number, description: string, url: string, isMainFrame: boolean) => void,
  ): unknown;
  /** A main-frame navigation committed, with the HTTP status of its document. */
  on(event: 'did-navigate', listener: (event: unknown, url: string, httpResponseCode: number) => void): unknown;
}

export interface WatchedApp {
  on(
    event: 'child-process-gone',
    listener: (event: unknown, details: { type: string; reason: string }) => void,
  ): unknown;
}

export interface WatchdogActions {
  /** Load the hub page again (not `reload()`: after a failed load the current page is the offline page). */
  reload(): void;
  /** Show that the hub cannot be reached and when the next try is. */
  showOffline(description: string, retryInMs: number): void;
  relaunch(): void;
  /** Kill the page's renderer (Electron's forcefullyCrashRenderer): a hung page cannot reload itself. */
  crashRenderer(): void;
  /** Stop a load that is still pending. */
  stopLoading(): void;
  /** The hub failed several times in a row: look for it again (it may have moved). */
  rediscover?(): void;
}

export interface LivenessLimits {
  loadTimeoutMs: number;
  hangGraceMs: number;
  rediscoverAfter: number;
}

export const LIVENESS_LIMITS: Readonly<LivenessLimits> = {
  /** A main-frame load that neither finishes nor fails within this is a hub that hangs. */
  loadTimeoutMs: 30_000,
  /** An unresponsive page that does not recover within this is crashed and reloaded. */
  hangGraceMs: 10_000,
  /** Consecutive failed hub loads after which discovery runs again. */
  rediscoverAfter: 3,
};

/**
 * Chromium's ERR_CONNECTION_REFUSED and ERR_ADDRESS_UNREACHABLE: nothing listens at the hub's address
 * any more. A hub that is slow or erring is still there; one that refuses may have moved (a new DHCP
 * lease), so the search for it starts at the first such failure rather than the third.
 */
const NOBODY_THERE = new Set([-102, -109]);

export interface Watchdog {
  pending(): boolean;
  lastCrash(): { at: number; reason: string } | null;
  offlineCount(): number;
  /** The hub page could not be shown for a reason the shell found itself (e.g. the hub failed its proof). */
  loadFailed(description: string): void;
}

/** Chromium's ERR_ABORTED: a navigation replaced by another, not a failure. */
const ERR_ABORTED = -3;

export function watchKiosk(deps: {
  contents: WatchedContents;
  app: WatchedApp;
  policy: BackoffPolicy;
  timers: Timers;
  now: () => number;
  actions: WatchdogActions;
  /** Whether a URL is the hub's: only a hub page that loaded proves the hub is back. */
  isTrusted: (url: string) => boolean;
  log: { warn(msg: string, fields?: Record<string, unknown>): void; error(msg: string, fields?: object): void };
  limits?: Partial<LivenessLimits>;
}): Watchdog {
  const { contents, app, policy, timers, now, actions, isTrusted, log } = deps;
  const limits = { ...LIVENESS_LIMITS, ...deps.limits };
  let crashes: number[] = [];
  // For the console's fleet view: the last thing the watchdog had to recover from.
  let lastCrash: { at: number; reason: string } | null = null;
  let offline: number[] = [];
  let timer: unknown = null;
  let hang: unknown = null;
  let loading: unknown = null;
  // The renderer was crashed on purpose; its 'render-process-gone' is already being handled.
  let expectingGone = false;
  // The committed document answered >= 400: its did-finish-load is not the hub coming back.
  let badStatus = false;

  const clear = (handle: unknown) => {
    if (handle !== null) timers.clearTimeout(handle);
    return null;
  };

  const schedule = (delayMs: number) => {
    timer = clear(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      actions.reload();
    }, delayMs);
  };

  const crashed = (what: string, fields: Record<string, unknown> = {}) => {
    lastCrash = { at: now(), reason: typeof fields.reason === 'string' ? `${what}: ${fields.reason}` : what };
    const next = recordFailure(crashes, now(), policy);
    crashes = next.history;
    if (next.recovery.kind === 'relaunch') {
      log.error('kiosk keeps failing: relaunching the app', { what, failures: next.recovery.failures, ...fields });
      timer = clear(timer);
      actions.relaunch();
      return;
    }
    log.warn('kiosk page failed: reloading', { what, ...next.recovery, ...fields });
    schedule(next.recovery.delayMs);
  };

  /** The hub page did not arrive (refused, error status, no answer): offline page, retry with back-off. */
  const loadFailed = (description: string, fields: Record<string, unknown>) => {
    loading = clear(loading);
    const next = recordFailure(offline, now(), policy, false);
    offline = next.history;
    const delayMs = next.recovery.kind === 'reload' ? next.recovery.delayMs : policy.maxDelayMs;
    log.warn('hub page did not load: retrying', { description, delayMs, ...fields });
    actions.showOffline(description, delayMs);
    schedule(delayMs);
    const refused = typeof fields.errorCode === 'number' && NOBODY_THERE.has(fields.errorCode);
    if (actions.rediscover && (refused || offline.length % limits.rediscoverAfter === 0)) actions.rediscover();
  };

  contents.on('render-process-gone', (_e, details) => {
    if (expectingGone) {
      expectingGone = false;
      return;
    }
    crashed('render-process-gone', { reason: details.reason });
  });
  contents.on('unresponsive', () => {
    if (hang !== null) return;
    hang = timers.setTimeout(() => {
      hang = null;
      // Still hung after the grace: a page that cannot run its own code cannot be reloaded, only killed.
      expectingGone = true;
      crashed('unresponsive', { reason: `no response for ${limits.hangGraceMs / 1000} s; renderer crashed` });
      actions.crashRenderer();
    }, limits.hangGraceMs);
  });
  contents.on('responsive', () => {
    // The page came back by itself: keep it rather than reload over it.
    hang = clear(hang);
  });
  app.on('child-process-gone', (_e, details) => {
    if (details.type === 'GPU') crashed('gpu-process-gone', { reason: details.reason });
  });
  contents.on('did-start-loading', () => {
    if (loading !== null) return;
    loading = timers.setTimeout(() => {
      loading = null;
      const url = contents.getURL();
      actions.stopLoading();
      loadFailed(`no answer within ${limits.loadTimeoutMs / 1000} s`, { url });
    }, limits.loadTimeoutMs);
  });
  contents.on('did-stop-loading', () => void (loading = clear(loading)));
  contents.on('did-navigate', (_e, url, code) => {
    badStatus = code >= 400;
    // The hub's own error page (a 503 while it starts, a proxy's 502) is not a page to leave up.
    if (badStatus && isTrusted(url)) loadFailed(`HTTP ${code}`, { url, status: code });
  });
  contents.on('did-fail-load', (_e, errorCode, description, url, isMainFrame) => {
    if (!isMainFrame || errorCode === ERR_ABORTED) return;
    loadFailed(description, { errorCode, url });
  });
  contents.on('did-finish-load', () => {
    loading = clear(loading);
    // The offline page itself also finishes loading; it must not reset the back-off.
    if (isTrusted(contents.getURL()) && !badStatus) offline = [];
  });

  return {
    pending: () => timer !== null,
    lastCrash: () => lastCrash,
    offlineCount: () => offline.length,
    loadFailed: (description) => loadFailed(description, {}),
  };
}
