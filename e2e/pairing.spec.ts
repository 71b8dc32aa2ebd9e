// Pairing a screen from both sides against the real hub: a TV browser at /pair shows a code, a
// manager signs in to the console and approves it with a name and a role, and the TV switches to its
// role's page by itself. Then the console sees it online with its health, photographs it, gives it
// another role (the TV follows) and removes it (the TV shows a new code).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request, type Page } from '@playwright/test';
import { expect, test, type HubFixture } from './fixtures.ts';

const MANAGER = { username: 'zhao.manager', displayName: '赵经理', password: 'manager password 1' };

/** The first admin from the hub's one-time setup code, then a manager account, over the real API. */
async function createManager(hub: HubFixture): Promise<void> {
  const setupCode = readFileSync(join(hub.process.dataDir, 'setup-code.txt'), 'utf8').trim();
  const admin = await request.newContext({ baseURL: hub.httpUrl });
  const setup = await admin.post('/api/staff/setup', {
    data: { setupCode, username: 'wang.admin', displayName: '王管理员', password: 'admin password 12' },
  });
  expect(setup.ok()).toBe(true);
  const created = await admin.post('/api/staff/users', { data: { ...MANAGER, role: 'manager' } });
  expect(created.ok()).toBe(true);
  await admin.dispose();
}

async function signInToScreens(console: Page, hub: HubFixture): Promise<void> {
  await console.goto(hub.url('/console/screens?lang=en'));
  await console.getByLabel('Username').fill(MANAGER.username);
  await console.getByLabel('Password').fill(MANAGER.password);
  await console.getByRole('button', { name: 'Sign in' }).click();
  await expect(console.getByRole('heading', { name: 'Screens', level: 2 })).toBeVisible();
}

test('a TV shows a code, a manager approves it in the console, and the TV switches to its role by itself', async ({
  hub,
  browser,
}) => {
  await hub.addBay('bay-1', '1号工位');
  await createManager(hub);

  // The TV: a plain browser in the workshop, opened at /pair (as the installer set it up).
  const tvContext = await browser.newContext();
  const tv = await tvContext.newPage();
  await tv.goto(hub.url('/pair?lang=zh&role=lounge-board'));
  const codeBox = tv.getByTestId('pairing-code');
  await expect(codeBox).toBeVisible();
  const code = (await codeBox.getAttribute('aria-label'))!;
  expect(code).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{6}$/);
  await expect(tv.getByRole('status')).toContainText('等待员工确认');
  await expect(tv.getByRole('status')).toContainText('Waiting for staff to approve');

  // The manager, at the desk: the code is listed as waiting, with the role the installer chose.
  const consoleContext = await browser.newContext();
  const desk = await consoleContext.newPage();
  await signInToScreens(desk, hub);
  const waiting = desk.getByRole('listitem').filter({ hasText: code });
  await expect(waiting).toContainText('Installed as: Lounge board');

  // Typed as read off the TV, in lower case and with a space: still the code.
  await desk.getByLabel('Pairing code').fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}`);
  await desk.getByLabel('Screen name').fill('Workshop TV');
  await desk.getByRole('radio', { name: 'Bay board' }).check();
  await desk.getByRole('button', { name: 'Approve' }).click();
  await expect(desk.getByText('Paired “Workshop TV”')).toBeVisible();

  // The TV says so and opens the bay board without anyone touching it.
  await expect(tv).toHaveURL(/\/bays$/);
  await expect(tv.getByRole('article', { name: '1号工位' })).toBeVisible();

  // The console lists it online, with what it shows and its health from the browser.
  const card = desk.getByRole('article', { name: 'Workshop TV' });
  await expect(card.getByText('Online', { exact: true })).toBeVisible();
  await expect(card.getByText('/bays', { exact: true })).toBeVisible();
  await expect(card.getByText(/App 0\.1\.0 · browser/)).toBeVisible();
  await expect(desk.getByText('No screen is waiting to be paired.')).toBeVisible();

  // A screenshot on request: the TV draws its own page and the console shows it.
  await card.getByRole('button', { name: 'Screenshot' }).click();
  await expect(card.getByRole('img', { name: /Screenshot of Workshop TV/ })).toBeVisible({ timeout: 20_000 });

  // Another role from the console: the TV follows at once.
  await card.getByRole('button', { name: 'Lounge board' }).click();
  await expect(tv).toHaveURL(/\/lounge$/);
  await expect(card.getByText('/lounge', { exact: true })).toBeVisible();

  // Removed: the TV forgets its pairing and shows a fresh code.
  await card.getByRole('button', { name: 'Remove' }).click();
  await card.getByRole('button', { name: 'Remove' }).click();
  await expect(tv).toHaveURL(/\/pair$/);
  await expect(tv.getByTestId('pairing-code')).not.toHaveAttribute('aria-label', code);
  await expect(desk.getByText('No screen is paired yet.')).toBeVisible();

  await tvContext.close();
  await consoleContext.close();
});

test('a paired TV comes back as itself after the browser restarts, and a wrong code is explained', async ({
  hub,
  browser,
}) => {
  await createManager(hub);
  const tvContext = await browser.newContext();
  const tv = await tvContext.newPage();
  await tv.goto(hub.url('/pair?lang=en'));
  const code = (await tv.getByTestId('pairing-code').getAttribute('aria-label'))!;

  const desk = await (await browser.newContext()).newPage();
  await signInToScreens(desk, hub);
  await desk.getByLabel('Pairing code').fill('WXY347');
  await desk.getByLabel('Screen name').fill('Door TV');
  await desk.getByRole('button', { name: 'Approve' }).click();
  await expect(desk.getByRole('alert')).toContainText('No screen is showing this code');

  await desk.getByRole('listitem').filter({ hasText: code }).getByRole('button', { name: 'Use' }).click();
  await expect(desk.getByLabel('Pairing code')).toHaveValue(code);
  await desk.getByRole('button', { name: 'Approve' }).click();
  await expect(tv).toHaveURL(/\/lounge$/);

  // The TV is switched off and on: opening /pair again goes straight back to its page.
  await tv.close();
  const again = await tvContext.newPage();
  await again.goto(hub.url('/pair?lang=en'));
  await expect(again.getByText('Paired: Door TV · Lounge board')).toBeVisible();
  await expect(again).toHaveURL(/\/lounge$/);
  await tvContext.close();
});
