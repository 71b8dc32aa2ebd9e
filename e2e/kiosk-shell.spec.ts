// The kiosk shell through the harness (e2e/kiosk/harness.ts): the real screens in Debian's Chromium
// in kiosk mode, run by the shell's own code with its real preload API and trust checks, against the
// real hub. No hand-written stub of window.glassbay anywhere.
import { expect, test } from './fixtures.ts';
import { KioskHarness } from './kiosk/harness.ts';
import { Manager } from './kiosk/manager.ts';

test('a new screen pairs, shows its role through the real preload API, and follows a new role live', async ({
  hub,
}) => {
  const manager = await Manager.create(hub.httpUrl, hub.process.dataDir);
  const kiosk = await KioskHarness.launch({ hubUrl: hub.httpUrl, role: 'lounge-board' });
  try {
    console.log(`kiosk harness: Chromium ${kiosk.mode}`);
    const page = kiosk.page;
    await expect(page).toHaveURL(/\/pair$/);
    await manager.approve(page, 'Lounge TV', 'queue-board');
    // Staff chose another role than the installer: the shell shows that page by itself.
    await expect(page).toHaveURL(/\/queue$/, { timeout: 20_000 });

    const info = await page.evaluate(() => window.glassbay!.getInfo());
    expect(info).toMatchObject({
      version: '0.1.0-harness',
      role: 'queue-board',
      touch: false,
      pairing: { state: 'paired', screen: { name: 'Lounge TV', role: 'queue-board' } },
    });
    // The page never sees the credential, and cannot replace the API.
    expect(JSON.stringify(info)).not.toMatch(/credential/i);
    expect(await page.evaluate(() => Object.isFrozen(window.glassbay))).toBe(true);
    // A board hides the pointer.
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).cursor)).toBe('none');

    // The hub sees it online over its fleet link (the shell's credential on the WebSocket) with the
    // shell's own health, heartbeat included.
    await expect
      .poll(async () => (await manager.fleet()).screens[0], { timeout: 90_000 })
      .toMatchObject({ online: true, health: { shellVersion: '0.1.0-harness', path: '/queue' } });
    await expect
      .poll(async () => (await manager.fleet()).screens[0]?.health?.shell?.lastHeartbeatAt ?? null, {
        timeout: 90_000,
      })
      .not.toBeNull();

    // The console gives it a touch role: page, cursor and touch follow at once.
    const id = (await manager.fleet()).screens[0]!.id;
    await manager.setRole(id, 'lounge-board');
    await expect(page).toHaveURL(/\/lounge$/, { timeout: 20_000 });
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).cursor)).not.toBe('none');
    expect(await page.evaluate(() => window.glassbay!.getInfo())).toMatchObject({ role: 'lounge-board', touch: true });
  } finally {
    await test.info().attach('kiosk.log', { body: kiosk.log.lines.map((l) => JSON.stringify(l)).join('\n') });
    await kiosk.close();
    await manager.dispose();
  }
});
