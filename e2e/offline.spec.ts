// When the hub stops, a board keeps its last state under an offline banner instead of going blank;
// when the hub comes back (same port, same data) the banner goes and the board shows what changed
// meanwhile, without anyone reloading it. A screen waiting to be paired keeps its code on screen.
import { expect, test } from './fixtures.ts';

test('a board keeps its last state while the hub is down and refreshes by itself when it returns', async ({
  hub,
  page,
}) => {
  await hub.addBay('bay-1', '1号工位');
  const sensor = await hub.connectSensor('bay1-sensor', 'bay-1');
  await sensor.publish({ occupied: true, lift: 'up', door: 'closed' });
  await page.goto(hub.url('/bays?lang=en'));
  const bay1 = page.getByRole('article', { name: '1号工位' });
  await expect(bay1.getByText('Occupied', { exact: true })).toBeVisible();
  await expect(page.getByRole('status')).toBeHidden();
  // A mark on this very page: it is still there at the end only if nothing reloaded the page.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

  await hub.stop();
  const banner = page.getByRole('status');
  await expect(banner).toContainText('Connection to the hub lost at');
  await expect(banner).toContainText('showing the last known state');
  // The last state stays on screen, not a blank page or a spinner.
  await expect(bay1.getByText('Occupied', { exact: true })).toBeVisible();
  await expect(bay1.getByText('up', { exact: true })).toBeVisible();

  // While the hub is down, the installer adds a bay with the CLI (same data dir).
  await hub.addBay('bay-2', '2号工位');
  await hub.start();

  // The board reconnects by itself, drops the banner and shows the new bay: a fresh snapshot, no reload.
  await expect(banner).toBeHidden({ timeout: 30_000 });
  await expect(page.getByRole('article', { name: '2号工位' })).toBeVisible();
  await expect(bay1.getByText('Occupied', { exact: true })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
});

test('a screen waiting to be paired keeps its code while the hub is away', async ({ hub, page }) => {
  await page.goto(hub.url('/pair?lang=en'));
  const code = page.getByTestId('pairing-code');
  await expect(code).toBeVisible();
  const shown = await code.getAttribute('aria-label');

  await hub.stop();
  await expect(page.getByRole('status')).toContainText('Reconnecting to the service hub');
  await expect(code).toHaveAttribute('aria-label', shown!);

  await hub.start();
  await expect(page.getByRole('status')).toContainText('Waiting for staff to approve', { timeout: 30_000 });
  await expect(code).toHaveAttribute('aria-label', shown!);
});
