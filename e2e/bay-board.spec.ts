// The workshop bay board against the real hub: a simulated sensor publishes over MQTT and the board
// shows what a customer or technician would see, in Chinese and in English.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const bayCard = (page: Page, name: string) => page.getByRole('article', { name });

test('a car arriving shows the bay occupied and the lift going up, in Chinese and in English', async ({
  hub,
  page,
}) => {
  await hub.addBay('bay-1', '1号工位');
  await hub.addBay('bay-2', '2号工位');
  await page.goto(hub.url('/bays?lang=zh'));

  await expect(page).toHaveTitle(/车间工位/);
  const bay1 = bayCard(page, '1号工位');
  await expect(bay1).toBeVisible();
  // A bay that has never reported says so instead of guessing.
  await expect(bay1.getByText('无数据', { exact: true })).toBeVisible();

  const sensor = await hub.connectSensor('bay1-sensor', 'bay-1');
  await expect(bay1.getByText('传感器在线')).toBeVisible();
  await sensor.publish({ occupied: false, lift: 'down', door: 'closed' });
  await expect(bay1.getByText('空闲', { exact: true })).toBeVisible();
  await expect(bay1.getByText('降下', { exact: true })).toBeVisible();

  await sensor.publish({ occupied: true });
  await expect(bay1.getByText('占用', { exact: true })).toBeVisible();
  await expect(bay1.getByText('刚刚占用')).toBeVisible();
  await sensor.publish({ lift: 'up' });
  await expect(bay1.getByText('升起', { exact: true })).toBeVisible();
  await expect(bay1.getByText('空闲', { exact: true })).toBeHidden();
  await expect(page.getByRole('banner').getByText('占用 1')).toBeVisible();
  // The other bay is untouched.
  await expect(bayCard(page, '2号工位').getByText('无数据', { exact: true })).toBeVisible();

  // The language switch turns the same board into English, and the document says so.
  await page.getByRole('button', { name: 'EN' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(bay1.getByText('Occupied', { exact: true })).toBeVisible();
  await expect(bay1.getByText('up', { exact: true })).toBeVisible();
  await expect(bay1.getByText('occupied just now')).toBeVisible();
  await expect(page).toHaveTitle(/Workshop bays/);

  // A board opened in English follows the next change live.
  const english = await page.context().newPage();
  await english.goto(hub.url('/bays?lang=en'));
  const bay1En = bayCard(english, '1号工位');
  await expect(bay1En.getByText('Occupied', { exact: true })).toBeVisible();
  await sensor.publish({ lift: 'moving' });
  await expect(bay1En.getByText('moving', { exact: true })).toBeVisible();
  await sensor.publish({ occupied: false, lift: 'down' });
  await expect(bay1En.getByText('Free', { exact: true })).toBeVisible();
  await expect(bay1En.getByText('free just now')).toBeVisible();
  await expect(bay1En.getByText('down', { exact: true })).toBeVisible();
});

test('after a hub restart the board shows the same state', async ({ hub, page }) => {
  await hub.addBay('bay-1', '1号工位');
  const sensor = await hub.connectSensor('bay1-sensor', 'bay-1');
  await sensor.publish({ occupied: true, lift: 'up' });

  await page.goto(hub.url('/bays?lang=zh'));
  const bay1 = bayCard(page, '1号工位');
  await expect(bay1.getByText('占用', { exact: true })).toBeVisible();
  await expect(bay1.getByText('升起', { exact: true })).toBeVisible();

  await hub.stop();
  // While the hub is away the board says so and keeps the last state on screen.
  await expect(page.getByRole('status')).toContainText('与服务器的连接已中断');
  await expect(bay1.getByText('占用', { exact: true })).toBeVisible();

  await hub.start();
  // The open board reconnects by itself…
  await expect(page.getByRole('status')).toBeHidden();
  // …and a fresh page load reads the same state back from the hub's database.
  await page.reload();
  await expect(bay1.getByText('占用', { exact: true })).toBeVisible();
  await expect(bay1.getByText('升起', { exact: true })).toBeVisible();
  // The sensor's connection did not survive the restart, and the board does not pretend it did.
  await expect(bay1.getByText('传感器离线')).toBeVisible();
});

test('a sensor that drops off shows as offline, with its last known state', async ({ hub, page }) => {
  await hub.addBay('bay-1', '1号工位');
  await hub.addBay('bay-2', '2号工位');
  const sensor1 = await hub.connectSensor('bay1-sensor', 'bay-1');
  const sensor2 = await hub.connectSensor('bay2-sensor', 'bay-2');
  await sensor1.publish({ occupied: true, lift: 'up' });
  await sensor2.publish({ occupied: false, lift: 'down' });

  await page.goto(hub.url('/bays?lang=zh'));
  const bay1 = bayCard(page, '1号工位');
  await expect(bay1.getByText('传感器在线')).toBeVisible();
  await expect(bay1.getByText('传感器离线')).toBeHidden();

  await sensor1.drop();
  await expect(bay1.getByText('传感器离线')).toBeVisible();
  await expect(bay1.getByText('最后已知状态')).toBeVisible();
  await expect(bay1.getByText('占用', { exact: true })).toBeVisible();
  await expect(page.getByRole('banner').getByText('离线 1')).toBeVisible();
  await expect(bayCard(page, '2号工位').getByText('传感器在线')).toBeVisible();

  await page.getByRole('button', { name: 'EN' }).click();
  await expect(bay1.getByText('Sensor offline')).toBeVisible();
  await expect(bay1.getByText('Last known state')).toBeVisible();
});

test('the time since a bay changed counts up on its own', async ({ hub, page }) => {
  await hub.addBay('bay-1', '1号工位');
  const sensor = await hub.connectSensor('bay1-sensor', 'bay-1');
  await page.clock.install();
  await page.goto(hub.url('/bays?lang=zh'));
  const bay1 = bayCard(page, '1号工位');
  await sensor.publish({ occupied: true, lift: 'up' });
  await expect(bay1.getByText('刚刚占用')).toBeVisible();

  // No new reading: only the screen's clock moves on.
  await page.clock.fastForward('12:00');
  await expect(bay1.getByText('占用 12 分钟')).toBeVisible();
  await page.clock.fastForward('01:00:00');
  await expect(bay1.getByText('占用 1 小时 12 分钟')).toBeVisible();
  await page.getByRole('button', { name: 'EN' }).click();
  await expect(bay1.getByText('occupied 1 h 12 min')).toBeVisible();
});
