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
  on(event: 'unresponsive' | 'responsive' | 'did-finish-load', listener: () => void): unknown;
  on(
    event: 'did-fail-load',
    listener: (event: unknown, errorCode: number, description: string, url: string, isMainFrame: boolean) => void,
  ): unknown;
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
}): { pending(): boolean; lastCrash(): { at: number; reason: string } | null } {
  const { contents, app, policy, timers, now, actions, isTrusted, log } = deps;
  let crashes: number[] = [];
  // For the console's fleet view: the last thing the watchdog had to recover from.
  let lastCrash: { at: number; reason: string } | null = null;
  let offline: number[] = [];
  let timer: unknown = null;

  const schedule = (delayMs: number) => {
    if (timer !== null) timers.clearTimeout(timer);
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
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      actions.relaunch();
      return;
    }
    log.warn('kiosk page failed: reloading', { what, ...next.recovery, ...fields });
    schedule(next.recovery.delayMs);
  };

  contents.on('render-process-gone', (_e, details) => crashed('render-process-gone', { reason: details.reason }));
  contents.on('unresponsive', () => crashed('unresponsive'));
  contents.on('responsive', () => {
    // The page came back by itself: keep it rather than reload over it.
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  });
  app.on('child-process-gone', (_e, details) => {
    if (details.type === 'GPU') crashed('gpu-process-gone', { reason: details.reason });
  });
  contents.on('did-fail-load', (_e, errorCode, description, url, isMainFrame) => {
    if (!isMainFrame || errorCode === ERR_ABORTED) return;
    const next = recordFailure(offline, now(), policy, false);
    offline = next.history;
    const delayMs = next.recovery.kind === 'reload' ? next.recovery.delayMs : policy.maxDelayMs;
    log.warn('hub page did not load: retrying', { errorCode, description, url, delayMs });
    actions.showOffline(description, delayMs);
    schedule(delayMs);
  });
  contents.on('did-finish-load', () => {
    // The offline page itself also finishes loading; it must not reset the back-off.
    if (isTrusted(contents.getURL())) offline = [];
  });

  return { pending: () => timer !== null, lastCrash: () => lastCrash };
}
