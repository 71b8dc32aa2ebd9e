// Updating the shell from its own hub. electron-updater (main.ts hands in its autoUpdater) does the
// download, the sha512 check against the feed and the install; this decides when and from where: only
// when staff ask (the page passes the console's command on), only from the paired hub that proved
// itself (its origin plus KIOSK_UPDATES_PATH, the screen's credential on each request), and the
// install waits for a quiet moment so nobody at a touch screen loses a half-finished check-in.
import type { OutgoingHttpHeaders } from 'node:http';
import { KIOSK_UPDATES_PATH, SCREEN_CREDENTIAL_HEADER, type ShellUpdateResult } from '@glassbay/protocol';
import type { Log } from './log.ts';
import type { Timers } from './watchdog.ts';

/** The part of electron-updater's AppUpdater used here; tests hand in a fake. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  requestHeaders: OutgoingHttpHeaders | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  /** null when the app cannot update (electron-updater skips unpackaged apps). */
  checkForUpdates(): Promise<{ updateInfo: { version: string }; isUpdateAvailable?: boolean } | null>;
  /** Resolves once the file is downloaded and its sha512 matched the feed. */
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

/** No touch for this long: nobody is using the touch screen. */
export const QUIET_AFTER_INPUT_MS = 60_000;
const QUIET_CHECK_MS = 5_000;

/** Pure: may the shell restart into the new version now? A board (no touch) is always quiet. */
export function quietMoment(touch: boolean, lastInputAt: number, now: number): boolean {
  return !touch || now - lastInputAt >= QUIET_AFTER_INPUT_MS;
}

/** Pure: is `next` newer than `current` (x.y.z, a pre-release sorting before its release)? */
export function isNewer(next: string, current: string): boolean {
  const parse = (v: string) => {
    const [core = '', pre] = v.split('+')[0]!.split(/-(.*)/s);
    return { nums: core.split('.').map((n) => Number(n) || 0), pre: pre ?? null };
  };
  const a = parse(next);
  const b = parse(current);
  for (let i = 0; i < 3; i++) if ((a.nums[i] ?? 0) !== (b.nums[i] ?? 0)) return (a.nums[i] ?? 0) > (b.nums[i] ?? 0);
  if (a.pre === b.pre) return false;
  if (a.pre === null) return true;
  if (b.pre === null) return false;
  return a.pre > b.pre;
}

export function createShellUpdater(deps: {
  updater: UpdaterLike | null;
  currentVersion: string;
  /** The proven hub's origin, or null while no hub has proved itself. */
  hubOrigin: () => string | null;
  credential: () => string | null;
  /** Whether the screen takes touches now (its role); a board restarts at once. */
  touch: () => boolean;
  lastInputAt: () => number;
  timers: Timers;
  now: () => number;
  log: Log;
}) {
  const { updater, log } = deps;
  let busy: { version: string } | null = null;

  const installWhenQuiet = (version: string) => {
    const tick = () => {
      if (!quietMoment(deps.touch(), deps.lastInputAt(), deps.now())) {
        deps.timers.setTimeout(tick, QUIET_CHECK_MS);
        return;
      }
      log.info('installing the shell update and restarting', { version });
      // Silent, and run again after installing (the supervisor would restart it anyway).
      updater!.quitAndInstall(true, true);
    };
    tick();
  };

  return {
    async install(): Promise<ShellUpdateResult> {
      if (!updater) return { state: 'unsupported', message: 'this shell cannot update itself' };
      if (busy) return { state: 'installing', version: busy.version };
      const origin = deps.hubOrigin();
      const credential = deps.credential();
      if (origin === null || credential === null)
        return { state: 'failed', message: 'no paired hub has proved itself yet; try again in a moment' };
      updater.autoDownload = false;
      updater.autoInstallOnAppQuit = false;
      // The credential goes with each request to this feed, and this feed is the proven hub's only.
      updater.requestHeaders = { [SCREEN_CREDENTIAL_HEADER]: credential };
      updater.setFeedURL({ provider: 'generic', url: new URL(KIOSK_UPDATES_PATH, origin).href });
      let check: Awaited<ReturnType<UpdaterLike['checkForUpdates']>>;
      try {
        check = await updater.checkForUpdates();
      } catch (err) {
        log.warn('shell update check failed', { error: (err as Error).message });
        return { state: 'failed', message: (err as Error).message.slice(0, 200) };
      }
      if (check === null) return { state: 'unsupported', message: 'this shell is not an installed package' };
      const version = check.updateInfo.version;
      if (!(check.isUpdateAvailable ?? true) || !isNewer(version, deps.currentVersion))
        return { state: 'up-to-date', version: deps.currentVersion };
      busy = { version };
      log.info('downloading the shell update', { from: deps.currentVersion, to: version });
      updater.downloadUpdate().then(
        () => installWhenQuiet(version),
        (err: Error) => {
          // A file that does not match its sha512 lands here too; the next command tries again.
          busy = null;
          log.error('shell update failed', { version, error: err.message });
        },
      );
      return { state: 'installing', version };
    },
  };
}
export type ShellUpdater = ReturnType<typeof createShellUpdater>;
