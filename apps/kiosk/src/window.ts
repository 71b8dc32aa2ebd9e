// The kiosk window: fullscreen, no menu, no pinch zoom, no devtools, and a dark background so a
// reload or a slow hub never flashes white across the showroom.
import type { BrowserWindowConstructorOptions } from 'electron';

/** Matches the screens' dark theme; shown while the page loads. */
export const KIOSK_BACKGROUND = '#0b1220';

export interface KioskWindowInput {
  preloadPath: string;
  /** GLASSBAY_KIOSK_DEV=1: a normal window with devtools, for installers and developers. */
  dev: boolean;
}

export function kioskWindowOptions({ preloadPath, dev }: KioskWindowInput): BrowserWindowConstructorOptions {
  return {
    kiosk: !dev,
    fullscreen: !dev,
    width: 1280,
    height: 800,
    show: false,
    frame: dev,
    autoHideMenuBar: true,
    backgroundColor: KIOSK_BACKGROUND,
    title: 'Glassbay',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      sandbox: true,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: dev,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // The queue board chimes "now serving" with nobody touching it.
      autoplayPolicy: 'no-user-gesture-required',
      // Boards are always in view; throttled timers would freeze clocks and ETAs.
      backgroundThrottling: false,
    },
  };
}

/** The part of Electron's BrowserWindow this module touches. */
export interface PreparedWindow {
  removeMenu(): void;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  webContents: {
    setVisualZoomLevelLimits(min: number, max: number): Promise<void>;
    setZoomLevel(level: number): void;
    on(event: 'did-finish-load', listener: () => void): unknown;
    on(event: 'zoom-changed', listener: () => void): unknown;
  };
}

export function prepareKioskWindow(win: PreparedWindow): void {
  win.removeMenu();
  win.once('ready-to-show', () => win.show());
  const noZoom = () => {
    // Pinch-zoom on a touch kiosk strands the next customer in a magnified corner.
    void win.webContents.setVisualZoomLevelLimits(1, 1);
    win.webContents.setZoomLevel(0);
  };
  noZoom();
  win.webContents.on('did-finish-load', noZoom);
  // Ctrl+wheel or a keyboard zoom that slipped past lockdown snaps back.
  win.webContents.on('zoom-changed', () => win.webContents.setZoomLevel(0));
}
