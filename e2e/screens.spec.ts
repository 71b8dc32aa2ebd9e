// The screens app as a whole, served by the real hub: unknown addresses, the screen chooser, and a
// language choice that a device remembers.
import { expect, test } from './fixtures.ts';

test('an unknown address shows "screen not found" with links to the screens', async ({ hub, page }) => {
  await page.goto(hub.url('/lounge-tv-3?lang=zh'));
  await expect(page.getByRole('heading', { name: '未找到此屏幕', level: 2 })).toBeVisible();
  await expect(page.getByText('/lounge-tv-3')).toBeVisible();

  await page.getByRole('button', { name: 'EN' }).click();
  await expect(page.getByRole('heading', { name: 'Screen not found', level: 2 })).toBeVisible();

  await page.getByRole('link', { name: /Workshop bays/ }).click();
  await expect(page).toHaveURL(/\/bays\?lang=en$/);
  await expect(page.getByRole('heading', { name: 'Workshop bays', level: 1 })).toBeVisible();
});

test('the root address lists the screens to choose from', async ({ hub, page }) => {
  await page.goto(hub.url('/?lang=zh'));
  await expect(page.getByRole('heading', { name: '选择屏幕', level: 2 })).toBeVisible();
  await expect(page.getByRole('link', { name: /车间工位/ })).toHaveAttribute('href', '/bays?lang=zh');
});

test('a device remembers the language chosen on screen', async ({ hub, page }) => {
  await hub.addBay('bay-1', '1号工位');
  await page.goto(hub.url('/bays'));
  // A shop in China: Chinese until someone chooses otherwise.
  await expect(page.getByRole('heading', { name: '车间工位', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: '中文' })).toHaveAttribute('aria-pressed', 'true');

  await page.getByRole('button', { name: 'EN' }).click();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Workshop bays', level: 1 })).toBeVisible();
  await expect(page.getByRole('article', { name: '1号工位' }).getByText('No data', { exact: true })).toBeVisible();
  // ?lang= in the address wins over the remembered choice.
  await page.goto(hub.url('/bays?lang=zh'));
  await expect(page.getByRole('heading', { name: '车间工位', level: 1 })).toBeVisible();
});

test('the language switch is large enough to hit on a touchscreen', async ({ hub, page }) => {
  await page.goto(hub.url('/bays?lang=zh'));
  for (const name of ['中文', 'EN']) {
    const box = (await page.getByRole('button', { name }).boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(64);
    expect(box.width).toBeGreaterThanOrEqual(64);
  }
});
