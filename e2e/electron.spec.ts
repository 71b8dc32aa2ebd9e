// Launches the built kiosk shell (apps/kiosk/dist-electron) in real Electron against a tiny local
// "hub" and tries to get out: navigate to another site, open a window, ask for notifications and
// the camera. Each must be refused. A second local server plays the foreign site and counts every
// request that reaches it: a refused navigation or window never gets there.
//
// Electron's binary download is blocked on this project's CI machines; there the test is skipped
// and says so. It runs wherever the binary is installed (a developer's PC, a kiosk build machine).
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KioskApi } from '@glassbay/protocol';

const kioskDir = resolve(fileURLToPath(import.meta.url), '../../apps/kiosk');
// Checkable: node_modules/electron/path.txt and dist/ are absent when `pnpm install` ran with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1 (as .ci/run does here, where the download is blocked).
const SKIP_REASON =
  'Electron binary not installed (node_modules/electron/dist missing: installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1). ' +
  'Run where it can download: pnpm install && pnpm exec playwright test e2e/electron.spec.ts';

/**
 * The Electron executable the `electron` package points at, or null where its download was skipped.
 * Read from the package's path.txt and dist/ rather than by requiring it: Electron 45's index.js tries
 * to download a missing binary on require, which is exactly what cannot happen here.
 */
function electronBinary(): string | null {
  try {
    const pkg = dirname(createRequire(join(kioskDir, 'package.json')).resolve('electron/package.json'));
    const pathFile = join(pkg, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    // Not installed at all.
    return null;
  }
}

const binary = electronBinary();
if (binary === null) console.log(SKIP_REASON);

interface Site {
  origin: string;
  requests: string[];
  server: Server;
}

async function site(page: (path: string) => string | null): Promise<Site> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '/');
    const html = page(req.url ?? '/');
    if (html === null) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'not here' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

declare global {
  interface Window {
    glassbay?: KioskApi;
  }
}

test.describe('kiosk shell in Electron', () => {
  test.skip(binary === null, SKIP_REASON);

  let hub: Site;
  let foreign: Site;
  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  test.beforeAll(async () => {
    foreign = await site(() => '<!doctype html><title>elsewhere</title><p>You left the kiosk.</p>');
    hub = await site((path) =>
      path.startsWith('/checkin')
        ? `<!doctype html><title>check-in</title><h1>Check-in</h1><a id="away" href="${foreign.origin}/">away</a>`
        : null,
    );
    userData = mkdtempSync(join(tmpdir(), 'glassbay-kiosk-e2e-'));
    app = await electron.launch({
      executablePath: binary!,
      args: [kioskDir, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
      env: {
        ...process.env,
        GLASSBAY_KIOSK_HUB_URL: hub.origin,
        GLASSBAY_KIOSK_ROLE: 'check-in',
        // The kiosk keeps its config and pairing in userData: point that at a temporary folder.
        XDG_CONFIG_HOME: userData,
        APPDATA: userData,
      },
    });
    page = await app.firstWindow();
    await page.waitForURL(`${hub.origin}/checkin`);
  });

  test.afterAll(async () => {
    await app?.close();
    hub?.server.close();
    foreign?.server.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  /** Navigations run in order: once this own-origin one lands, an earlier foreign one was refused. */
  async function settle(marker: string) {
    await page.evaluate((m) => (location.href = `/checkin?${m}`), marker);
    await page.waitForURL(`${hub.origin}/checkin?${marker}`);
  }

  test('shows the role’s page from the hub with the typed API and no Node', async () => {
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
    const info = await page.evaluate(() => window.glassbay!.getInfo());
    expect(info).toMatchObject({ role: 'check-in', touch: true });
  });

  test('refuses to navigate to another site, by script or by link', async () => {
    await page.evaluate((to) => (location.href = to), `${foreign.origin}/by-script`);
    await settle('after-script');
    await page.click('#away');
    await settle('after-link');
    expect(foreign.requests).toEqual([]);
    expect(new URL(page.url()).origin).toBe(hub.origin);
  });

  test('refuses window.open', async () => {
    const opened = await page.evaluate((to) => window.open(to) === null, `${foreign.origin}/popup`);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
    expect(foreign.requests).toEqual([]);
  });

  test('denies notifications and the camera', async () => {
    expect(await page.evaluate(() => Notification.requestPermission())).toBe('denied');
    const camera = await page.evaluate(() =>
      navigator.mediaDevices.getUserMedia({ video: true }).then(
        () => 'granted',
        (err: Error) => err.name,
      ),
    );
    expect(camera).not.toBe('granted');
  });
});
