import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { KIOSK_BACKGROUND, kioskWindowOptions, prepareKioskWindow, type PreparedWindow } from './window.ts';

describe('kiosk window', () => {
  it('is a locked-down fullscreen kiosk with the page kept away from Node', () => {
    const o = kioskWindowOptions({ preloadPath: '/app/dist-electron/preload.cjs', dev: false });
    expect(o).toMatchObject({ kiosk: true, fullscreen: true, frame: false, show: false });
    expect(o.backgroundColor).toBe(KIOSK_BACKGROUND);
    expect(o.webPreferences).toMatchObject({
      preload: '/app/dist-electron/preload.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      sandbox: true,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: false,
    });
  });

  it('opens devtools and a normal window only in dev mode, never loosening the sandbox', () => {
    const o = kioskWindowOptions({ preloadPath: 'p', dev: true });
    expect(o).toMatchObject({ kiosk: false, fullscreen: false, frame: true });
    expect(o.webPreferences).toMatchObject({
      devTools: true,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
  });

  it('removes the menu, shows only when painted, and pins the zoom', async () => {
    const contents = Object.assign(new EventEmitter(), {
      limits: [] as [number, number][],
      zoom: [] as number[],
      setVisualZoomLevelLimits(min: number, max: number) {
        contents.limits.push([min, max]);
        return Promise.resolve();
      },
      setZoomLevel(level: number) {
        contents.zoom.push(level);
      },
    });
    const win = Object.assign(new EventEmitter(), {
      menuRemoved: false,
      shown: false,
      removeMenu: () => void (win.menuRemoved = true),
      show: () => void (win.shown = true),
      webContents: contents,
    });
    prepareKioskWindow(win as unknown as PreparedWindow);
    expect(win.menuRemoved).toBe(true);
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
    expect(contents.limits).toEqual([[1, 1]]);
    contents.emit('did-finish-load');
    expect(contents.limits).toEqual([
      [1, 1],
      [1, 1],
    ]);
    contents.emit('zoom-changed');
    expect(contents.zoom.at(-1)).toBe(0);
  });
});
