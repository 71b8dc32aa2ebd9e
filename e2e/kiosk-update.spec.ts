// Updating a screen from the console, end to end through the harness (the real screens in Debian's
// Chromium, the shell's own code, preload and IPC handlers): a release is published on the hub with
// the real CLI, a manager asks for "update screens", the command reaches the page over the fleet link,
// the page hands it to the shell through the preload API, and the shell fetches the feed and the file
// from its paired hub with its credential, checks the sha512 and installs at once (a board). The
// updater itself is a stand-in (e2e/kiosk/http-updater.ts): electron-updater needs the Electron binary.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { KioskHarness } from './kiosk/harness.ts';
import { HttpUpdater } from './kiosk/http-updater.ts';
import { Manager } from './kiosk/manager.ts';

function release(version: string) {
  const dir = mkdtempSync(join(tmpdir(), 'glassbay-release-'));
  const name = `Glassbay-Kiosk-${version}.AppImage`;
  const body = randomBytes(300_000);
  writeFileSync(join(dir, name), body);
  const sha512 = createHash('sha512').update(body).digest('base64');
  writeFileSync(
    join(dir, 'latest-linux.yml'),
    `version: ${version}\nfiles:\n  - url: ${name}\n    sha512: ${sha512}\n    size: ${body.length}\n` +
      `path: ${name}\nsha512: ${sha512}\nreleaseDate: '2026-12-06T00:00:00.000Z'\n`,
  );
  return { dir, name, body };
}

test('a manager updates a screen from the console: the command reaches the shell, which installs the verified release from its own hub', async ({
  hub,
  browser,
}) => {
  test.setTimeout(180_000);
  const manager = await Manager.create(hub.httpUrl, hub.process.dataDir);
  const updater = new HttpUpdater();
  const kiosk = await KioskHarness.launch({ hubUrl: hub.httpUrl, role: 'queue-board', updater });
  try {
    await manager.approve(kiosk.page, 'Queue TV', 'queue-board');
    await expect(kiosk.page).toHaveURL(/\/queue$/, { timeout: 20_000 });
    await expect
      .poll(async () => (await manager.fleet()).screens[0], { timeout: 90_000 })
      .toMatchObject({ online: true, health: { shellVersion: '0.1.0-harness' } });

    // The installer publishes the release with the CLI (each file checked against its sha512).
    const r = release('0.2.0');
    expect(await hub.process.cli('kiosk', 'publish', r.dir)).toMatchObject({ version: '0.2.0' });
    expect((await manager.fleet()).update).toMatchObject({ version: '0.2.0' });

    // "Update all screens" in the console, as a manager at the desk (the admin here).
    const desk = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await desk.goto(hub.url('/console/screens?lang=en'));
    await desk.getByLabel('Username').fill('wang.admin');
    await desk.getByLabel('Password').fill('admin password 12');
    await desk.getByRole('button', { name: 'Sign in' }).click();
    const card = desk.getByRole('article', { name: 'Queue TV' });
    await expect(card.getByText(/Shell 0\.1\.0-harness/)).toBeVisible({ timeout: 20_000 });
    await expect(desk.getByText('Shell release on this hub: 0.2.0 (0 of 1 screens run it)')).toBeVisible();
    await expect(card.getByRole('button', { name: 'Update shell 0.2.0' })).toBeVisible();
    await desk.screenshot({ path: test.info().outputPath('console-update-en.png') });
    await desk.getByRole('button', { name: 'Update all screens' }).click();
    await expect(desk.getByText(/Sent to 1 online screen\(s\) of 1/)).toBeVisible();
    await desk.goto(hub.url('/console/screens?lang=zh'));
    await expect(desk.getByText('本机发布的屏幕程序：0.2.0（1 台屏幕中 0 台已是此版本）')).toBeVisible();
    await desk.screenshot({ path: test.info().outputPath('console-update-zh.png') });

    // The shell got it from the page, asked only its hub, verified the file and installs it now.
    await expect.poll(() => updater.installs, { timeout: 30_000 }).toEqual([[true, true]]);
    expect(updater.feed).toBe(`${hub.httpUrl}/kiosk-updates`);
    expect(updater.downloaded?.name).toBe(r.name);
    expect(updater.downloaded?.bytes.equals(r.body)).toBe(true);
    expect(kiosk.calls.map((c) => c.channel)).toContain('kiosk:install-update');
    expect(kiosk.log.lines.some((l) => l.msg === 'installing the shell update and restarting')).toBe(true);

    // Without the screen's credential the hub gives the files to nobody.
    const stranger = await request.newContext();
    expect((await stranger.get(`${hub.httpUrl}/kiosk-updates/${r.name}`)).status()).toBe(401);
    await stranger.dispose();
  } finally {
    await test.info().attach('kiosk.log', { body: kiosk.log.lines.map((l) => JSON.stringify(l)).join('\n') });
    await kiosk.close();
    await manager.dispose();
  }
});
