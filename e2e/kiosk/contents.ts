// Electron's webContents, as the shell uses it (ShellContents), made from a Playwright page in Debian's
// Chromium: the same events (did-start-loading, did-navigate with the HTTP status, did-fail-load,
// did-finish-load, render-process-gone, unresponsive/responsive) raised from what Chromium reports
// over the DevTools protocol, and the same actions (loadURL, stop, forcefullyCrashRenderer, insertCSS,
// capturePage). This is the stand-in for the Electron binary that cannot be downloaded here.
//
// Where Chromium alone has no such event, the harness says how it makes one:
// - unresponsive: Electron asks the renderer to answer input; here the harness asks it to evaluate `1`
//   every second and calls it unresponsive after HANG_AFTER_MS without an answer.
// - forcefullyCrashRenderer: Electron kills the renderer from the browser process; here the harness
//   kills this browser's renderer processes (found with SystemInfo.getProcessInfo) with SIGKILL.
import { EventEmitter } from 'node:events';
import type { Browser, CDPSession, Page } from '@playwright/test';
import type { ImageLike } from '../../apps/kiosk/src/capture.ts';
import type { ShellContents } from '../../apps/kiosk/src/shell.ts';

export const HANG_AFTER_MS = 5_000;
const ERR_ABORTED = -3;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** This browser's processes (and only this one's: other tests' Chromiums are not ours). */
export async function processPids(browserSession: CDPSession): Promise<{ type: string; id: number }[]> {
  const { processInfo } = (await browserSession.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number }[];
  };
  return processInfo;
}

export async function rendererPids(browserSession: CDPSession): Promise<number[]> {
  return (await processPids(browserSession)).filter((p) => p.type === 'renderer').map((p) => p.id);
}

export class PageContents extends EventEmitter {
  page!: Page;
  private cdp: CDPSession | undefined;
  private cdpReady!: Promise<CDPSession>;
  private hung = false;
  private closed = false;
  private cssKeys = 0;
  readonly navigations: { url: string; status: number }[] = [];

  constructor(
    readonly browserSession: CDPSession,
    page: Page,
  ) {
    super();
    void this.watchHangs();
    this.bind(page);
  }

  private bind(page: Page): void {
    this.page = page;
    const main = () => page.mainFrame();
    page.on('request', (req) => {
      if (req.isNavigationRequest() && req.frame() === main() && !req.redirectedFrom()) this.emit('did-start-loading');
    });
    page.on('response', (res) => {
      const req = res.request();
      if (!req.isNavigationRequest() || req.frame() !== main() || (res.status() >= 300 && res.status() < 400)) return;
      this.navigations.push({ url: res.url(), status: res.status() });
      this.emit('did-navigate', {}, res.url(), res.status());
    });
    page.on('requestfailed', (req) => {
      if (!req.isNavigationRequest() || req.frame() !== main()) return;
      const text = req.failure()?.errorText ?? 'net::ERR_FAILED';
      const code = text.includes('ERR_ABORTED') ? ERR_ABORTED : -2;
      this.emit('did-fail-load', {}, code, text.replace(/^net::/, ''), req.url(), true);
      this.emit('did-stop-loading');
    });
    page.on('domcontentloaded', () => this.emit('dom-ready'));
    page.on('load', () => {
      this.emit('did-stop-loading');
      this.emit('did-finish-load');
    });
    page.on('crash', () => {
      // Electron's webContents outlives its renderer and a reload starts a new one; a Playwright page
      // does not come back from a crash, so the window's next page takes its place, as a new renderer.
      this.ready = this.replace(page);
      this.emit('render-process-gone', {}, { reason: 'crashed' });
    });
    this.cdp = undefined;
    this.cdpReady = page
      .context()
      .newCDPSession(page)
      .then((s) => (this.cdp = s));
    this.cdpReady.catch(() => undefined);
  }

  private ready: Promise<void> = Promise.resolve();

  private async replace(crashed: Page): Promise<void> {
    const next = await crashed.context().newPage();
    this.hung = false;
    this.bind(next);
    await crashed.close().catch(() => undefined);
  }

  /** Electron's hang detector, by asking the page to evaluate something small. */
  private async watchHangs(): Promise<void> {
    while (!this.closed) {
      await sleep(1_000);
      if (this.closed || !this.page || this.page.isClosed()) continue;
      if (!this.cdp) continue;
      // Straight to the renderer over DevTools: answers in whatever document is current, and only
      // when the page's main thread is free to run it.
      const answered = await Promise.race([
        this.cdp.send('Runtime.evaluate', { expression: '1' }).then(
          () => true,
          () => true, // the document went away mid-question (a navigation): not a hang
        ),
        sleep(HANG_AFTER_MS).then(() => false),
      ]);
      if (!answered) {
        this.hung = true;
        this.emit('unresponsive');
      } else if (this.hung) {
        this.hung = false;
        this.emit('responsive');
      }
    }
  }

  close(): void {
    this.closed = true;
  }

  getURL(): string {
    return this.page.url();
  }

  async loadURL(url: string): Promise<void> {
    await this.ready;
    // Straight to DevTools, as Electron's loadURL starts a navigation: page.goto hands back a
    // Response object that Playwright may already have let go of when the shell replaces one
    // navigation with the next ("Object with guid response@… was not bound", a .ci/run failure),
    // and the shell never reads what loadURL resolves to (its watchdog judges the load).
    // No timeout of its own: the shell's watchdog decides when a load has taken too long.
    const cdp = await this.cdpReady;
    const { errorText } = (await cdp.send('Page.navigate', { url })) as { errorText?: string };
    if (errorText) throw new Error(errorText);
  }

  stop(): void {
    void this.cdp?.send('Page.stopLoading').catch(() => undefined);
  }

  forcefullyCrashRenderer(): void {
    void rendererPids(this.browserSession).then((pids) => {
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    });
  }

  async insertCSS(css: string): Promise<string> {
    const key = `kiosk-css-${++this.cssKeys}`;
    await this.page.evaluate(
      ([k, c]) => {
        const style = document.createElement('style');
        style.dataset.kioskCss = k;
        style.textContent = c;
        document.head.append(style);
      },
      [key, css] as const,
    );
    return key;
  }

  async removeInsertedCSS(key: string): Promise<void> {
    await this.page.evaluate((k) => document.querySelector(`style[data-kiosk-css="${k}"]`)?.remove(), key);
  }

  /** A picture of the page; resized by capturing at a smaller scale (no image library needed). */
  async capturePage(): Promise<ImageLike> {
    const { width, height } = await this.page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
    const shoot = async (scale: number) => {
      const jpegs = new Map<number, Buffer>();
      for (const quality of [70, 50, 35, 20]) {
        const { data } = (await this.cdp!.send('Page.captureScreenshot', {
          format: 'jpeg',
          quality,
          clip: { x: 0, y: 0, width, height, scale },
        })) as { data: string };
        jpegs.set(quality, Buffer.from(data, 'base64'));
      }
      return jpegs;
    };
    const image = (scale: number, jpegs: Map<number, Buffer>): ImageLike => ({
      isEmpty: () => width === 0,
      getSize: () => ({ width: Math.round(width * scale), height: Math.round(height * scale) }),
      resize: () => {
        throw new Error('resize is prepared in capturePage');
      },
      toJPEG: (q) => jpegs.get(q) ?? jpegs.get(20)!,
    });
    const small = Math.min(1, 480 / width);
    const smallJpegs = await shoot(small);
    return { ...image(1, smallJpegs), resize: () => image(small, smallJpegs) };
  }

  /** Electron's webContents type, as far as the shell's code reads it. */
  asShell(): ShellContents {
    return this as unknown as ShellContents;
  }
}

export type { Browser };
