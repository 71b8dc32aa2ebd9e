// The shell's own supervision, inside the main process: the window is not closed except on purpose,
// and an uncaught exception in main is logged and ends in a fresh start instead of Electron's error
// dialog over the showroom. Who restarts the process depends on how it was started: under systemd
// (or Windows' Shell Launcher, or cage's session) the supervisor does, so the shell simply exits;
// alone, it relaunches itself, and from an AppImage it relaunches the AppImage (relaunching the
// mounted binary inside it fails once the mount goes away with the old process).
import type { Log } from './log.ts';

export type RestartPlan =
  { kind: 'exit-for-supervisor'; exitCode: number } | { kind: 'relaunch'; execPath?: string; exitCode: number };

/** Set by the .deb's systemd unit and the Windows set-up script: a supervisor restarts the shell. */
export const SUPERVISED_ENV = 'GLASSBAY_KIOSK_SUPERVISED';

export function restartPlan(env: NodeJS.ProcessEnv): RestartPlan {
  // systemd sets INVOCATION_ID for every service it starts.
  if (env[SUPERVISED_ENV] === '1' || env.INVOCATION_ID) return { kind: 'exit-for-supervisor', exitCode: 1 };
  if (env.APPIMAGE) return { kind: 'relaunch', execPath: env.APPIMAGE, exitCode: 0 };
  return { kind: 'relaunch', exitCode: 0 };
}

/** Remembers whether the shell is quitting on purpose (its own relaunch, the OS shutting down). */
export class QuitIntent {
  private quitting = false;

  markQuitting(): void {
    this.quitting = true;
  }

  /** Whether a window's `close` must be cancelled: always, unless the app is quitting. */
  vetoClose(): boolean {
    return !this.quitting;
  }
}

export interface ClosableWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
}
export interface QuittingApp {
  on(event: 'before-quit', listener: () => void): unknown;
}

/** Alt+F4 from a window manager, a stray `xdotool`, a close button: the kiosk window stays. */
export function vetoClose(win: ClosableWindow, app: QuittingApp, intent: QuitIntent, log: Log): void {
  app.on('before-quit', () => intent.markQuitting());
  win.on('close', (event) => {
    if (!intent.vetoClose()) return;
    event.preventDefault();
    log.warn('refused to close the kiosk window');
  });
}

export interface RestartableApp {
  relaunch(options?: { execPath?: string; args?: string[] }): void;
  exit(code: number): void;
}

/** Start the shell afresh as the plan says; `args` are passed to the new process when relaunching. */
export function restart(app: RestartableApp, plan: RestartPlan, intent: QuitIntent, args: string[]): void {
  intent.markQuitting();
  if (plan.kind === 'relaunch') app.relaunch(plan.execPath ? { execPath: plan.execPath, args } : { args });
  app.exit(plan.exitCode);
}

export interface FatalProcess {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

/**
 * A listener on `uncaughtException` is what keeps Electron from showing its error dialog. The error
 * is logged (the journal keeps it) and the shell starts afresh: a main process in an unknown state
 * is not one to keep serving a showroom.
 */
export function restartOnFatal(proc: FatalProcess, log: Log, restartNow: (reason: string) => void): void {
  let restarting = false;
  const fatal = (kind: string) => (reason: unknown) => {
    const err = reason instanceof Error ? reason : new Error(String(reason));
    log.error('kiosk main process failed: starting afresh', { kind, error: err.message, stack: err.stack });
    if (restarting) return;
    restarting = true;
    restartNow(`${kind}: ${err.message}`);
  };
  proc.on('uncaughtException', fatal('uncaught exception'));
  proc.on('unhandledRejection', fatal('unhandled rejection'));
}
