// A realistic workshop of eight bays in every state the board knows, on a 1920×1080 TV: all eight fit
// without scrolling and the text is TV-sized. With GLASSBAY_UPDATE_SCREENSHOTS=1 the screenshots are
// written to docs/screenshots/ (bay-board-zh.png, bay-board-en.png) for the README.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type HubFixture } from './fixtures.ts';
import { REPO_ROOT } from './hub-process.ts';

const MINUTE = 60_000;

async function workshop(hub: HubFixture): Promise<void> {
  const bays: [id: string, name: string][] = [
    ['bay-1', '1号工位'],
    ['bay-2', '2号工位'],
    ['bay-3', '3号工位'],
    ['bay-4', '4号工位'],
    ['bay-5', '5号工位 快修'],
    ['bay-6', '6号工位 快修'],
    ['bay-7', '7号工位 钣喷'],
    ['bay-8', '洗车位'],
  ];
  for (const [id, name] of bays) await hub.addBay(id, name);
  const s = [];
  for (const [id] of bays.slice(0, 7)) s.push(await hub.connectSensor(`${id}-sensor`, id));
  await s[0]!.publish({ occupied: true, lift: 'up', door: 'closed' });
  await s[1]!.publish({ occupied: true, lift: 'moving' });
  await s[2]!.publish({ occupied: false, lift: 'down' });
  await s[3]!.publish({ occupied: true, lift: 'down', door: 'open' });
  await s[4]!.publish({ occupied: false, lift: 'down', door: 'closed' });
  await s[5]!.publish({ occupied: true, lift: 'up' });
  await s[6]!.publish({ occupied: false, lift: 'down' });
  await s[5]!.drop();
  // The wash bay's sensor is fitted but has never reported.
  await hub.provisionSensor('bay-8-sensor', 'bay-8');
}

async function expectFitsTheScreen(page: Page): Promise<void> {
  const cards = page.getByRole('article');
  await expect(cards).toHaveCount(8);
  const viewport = page.viewportSize()!;
  for (const card of await cards.all()) {
    const box = (await card.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  }
  const scroll = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(scroll).toBeLessThanOrEqual(viewport.height);
  // Legible at three metres: body text at least 28 px, the status words far larger.
  const bodyPx = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(bodyPx).toBeGreaterThanOrEqual(28);
}

test('eight bays in every state fit a 1080p TV, in Chinese and in English', async ({ hub, page }, testInfo) => {
  // Fifteen runs of the real CLI at a few seconds each.
  test.setTimeout(180_000);
  await workshop(hub);
  // The board's clock reads 38 minutes after the readings, so "since when" shows a realistic duration.
  await page.clock.setFixedTime(Date.now() + 38 * MINUTE);
  const out = (name: string) =>
    process.env.GLASSBAY_UPDATE_SCREENSHOTS ? join(REPO_ROOT, 'docs/screenshots', name) : testInfo.outputPath(name);

  await page.goto(hub.url('/bays?lang=zh'));
  await expect(page.getByRole('article', { name: '6号工位 快修' }).getByText('传感器离线')).toBeVisible();
  await expect(page.getByRole('article', { name: '洗车位' }).getByText('无数据', { exact: true })).toBeVisible();
  await expect(page.getByRole('article', { name: '1号工位' }).getByText('占用 38 分钟')).toBeVisible();
  await expectFitsTheScreen(page);
  await page.screenshot({ path: out('bay-board-zh.png') });

  await page.getByRole('button', { name: 'EN' }).click();
  await expect(page.getByRole('article', { name: '1号工位' }).getByText('occupied 38 min')).toBeVisible();
  await expectFitsTheScreen(page);
  await page.screenshot({ path: out('bay-board-en.png') });
});
