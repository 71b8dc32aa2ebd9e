// Every web contents the kiosk creates is fenced in: it may navigate only within the hub's origin,
// may not open windows or attach webviews, and every permission a page asks for is refused. A kiosk
// page has no use for the camera, microphone, notifications or geolocation; a compromised or
// mistaken page must not get them either.
import type { Log } from './log.ts';
import type { TrustedUrlCheck } from './trusted-url.ts';

export interface Preventable {
  preventDefault(): void;
}
export interface NavigationEvent extends Preventable {
  url: string;
  isMainFrame?: boolean;
}

/** The part of Electron's WebContents this module touches. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** The part of Electron's Session this module touches. */
export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  on(event: 'will-download', listener: (event: Preventable, item: { getURL(): string }) => void): unknown;
}

/** Cancel a navigation (main frame, sub-frame or redirect) that would leave the hub's origin. */
export function navigationGuard(isTrusted: TrustedUrlCheck, log: Log, kind: string) {
  /** Returns true when the navigation was cancelled. */
  return (event: NavigationEvent): boolean => {
    if (isTrusted(event.url)) return false;
    event.preventDefault();
    log.warn('blocked navigation away from the hub', { kind, url: event.url });
    return true;
  };
}

export function denyWindowOpen(log: Log) {
  return (details: { url: string }): { action: 'deny' } => {
    log.warn('blocked window.open', { url: details.url });
    return { action: 'deny' };
  };
}

export function denyPermissionRequest(log: Log) {
  return (_webContents: unknown, permission: string, callback: (granted: boolean) => void): void => {
    log.warn('denied permission request', { permission });
    callback(false);
  };
}

export const denyPermissionCheck = (_webContents: unknown, _permission: string): boolean => false;

/**
 * `onBlockedRedirect` hears of a cancelled main-frame redirect: the hub itself sent the screen
 * elsewhere (often http → https or another port), which leaves a blank page unless someone says why.
 */
export function secureContents(
  contents: GuardedContents,
  isTrusted: TrustedUrlCheck,
  log: Log,
  onBlockedRedirect: (url: string) => void = () => {},
): void {
  const redirect = navigationGuard(isTrusted, log, 'will-redirect');
  contents.on('will-navigate', navigationGuard(isTrusted, log, 'will-navigate'));
  contents.on('will-frame-navigate', navigationGuard(isTrusted, log, 'will-frame-navigate'));
  contents.on('will-redirect', (event) => {
    if (redirect(event) && event.isMainFrame) onBlockedRedirect(event.url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a webview');
  });
  contents.setWindowOpenHandler(denyWindowOpen(log));
}

export function secureSession(session: GuardedSession, log: Log): void {
  session.setPermissionRequestHandler(denyPermissionRequest(log));
  session.setPermissionCheckHandler(denyPermissionCheck);
  session.setDevicePermissionHandler(() => false);
  // A kiosk never saves files; a link to a download would otherwise open a save dialog.
  session.on('will-download', (event, item) => {
    event.preventDefault();
    log.warn('blocked a download', { url: item.getURL() });
  });
}
