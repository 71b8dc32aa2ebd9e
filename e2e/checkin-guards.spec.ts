// The kiosk under bad input and bad luck, in Chromium against the real hub: keyboards that cannot
// type what a plate or a phone cannot hold; double taps that make one ticket; a hub that goes away
// just before "get my ticket" (a clear message, nothing stored, the retry makes exactly one ticket);
// and the idle reset that forgets a half-finished check-in.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { KIOSK, addAdvisor, press, shotPath, ticketsOnHub, typeKeys } from './queue-helpers.ts';

test.use(KIOSK);

const tap = (page: Page, name: string) => press(page.getByRole('button', { name, exact: true }));

/** From the start to the review screen: 粤B12345, 138 1234 5678, 42,000 km, an oil change. */
async function toReview(page: Page): Promise<void> {
  await press(page.getByRole('button', { name: /开始登记/ }));
  await typeKeys(page, '粤B12345');
  await tap(page, '下一步');
  await expect(page.getByRole('heading', { name: '请输入手机号' })).toBeVisible();
  await typeKeys(page, '13812345678');
  await tap(page, '下一步');
  await expect(page.getByRole('heading', { name: '请输入当前里程' })).toBeVisible();
  await typeKeys(page, '42000');
  await tap(page, '下一步');
  await expect(page.getByRole('heading', { name: '您的爱车需要什么服务？' })).toBeVisible();
  await press(page.getByRole('button', { name: '保养' }));
  await press(page.getByRole('button', { name: '常规保养（机油机滤）' }));
  await tap(page, '下一步');
  await expect(page.getByRole('heading', { name: '请确认信息' })).toBeVisible();
}

test('the keyboards offer only what plates and phones can hold', async ({ hub, page }, testInfo) => {
  await addAdvisor(hub);
  await page.goto(hub.url('/checkin?lang=zh'));
  await press(page.getByRole('button', { name: /开始登记/ }));
  const nextButton = page.getByRole('button', { name: '下一步' });

  // A new-energy plate: after the city letter only D, F or a digit.
  await press(page.getByRole('tab', { name: '新能源（8位）' }));
  await typeKeys(page, '粤B');
  await expect(page.getByRole('button', { name: 'A', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'D', exact: true })).toBeEnabled();
  await typeKeys(page, 'D123');
  await expect(nextButton).toBeDisabled();
  await page.screenshot({ path: shotPath(testInfo, 'checkin-2-plate-nev-zh.png') });
  await typeKeys(page, '45');
  await expect(page.getByTestId('plate-entry')).toHaveText(/粤\s*B\s*·\s*D\s*1\s*2\s*3\s*4\s*5/);
  await expect(nextButton).toBeEnabled();

  // Back to a 7-character plate: what still fits is kept, and the I and O keys stay off.
  await press(page.getByRole('tab', { name: '中国车牌' }));
  await expect(page.getByTestId('plate-entry')).toHaveText(/粤\s*B\s*·\s*D\s*1\s*2\s*3\s*4/);
  await expect(page.getByRole('button', { name: 'O', exact: true })).toBeDisabled();
  await tap(page, '下一步');

  // The phone pad has no letters; a number that is not a mobile number cannot go on.
  await expect(page.getByRole('heading', { name: '请输入手机号' })).toBeVisible();
  await expect(page.locator('main').getByRole('button', { name: 'A', exact: true })).toHaveCount(0);
  await typeKeys(page, '12812345678');
  await expect(page.getByRole('alert')).toHaveText(/手机号为 11 位，以 1 开头/);
  await expect(nextButton).toBeDisabled();
  await page.screenshot({ path: shotPath(testInfo, 'checkin-3-phone-invalid-zh.png') });
  expect(await ticketsOnHub(hub)).toEqual([]);
});

test('a double tap on "get my ticket" makes one ticket', async ({ hub, page }) => {
  await addAdvisor(hub);
  await page.goto(hub.url('/checkin?lang=zh'));
  await toReview(page);
  // Two taps within the same moment, before the page can react to the first.
  await page.getByRole('button', { name: '确认取号' }).evaluate((b: HTMLElement) => {
    b.click();
    b.click();
  });
  await expect(page.getByTestId('ticket-number')).toHaveText('A001');
  const tickets = await ticketsOnHub(hub);
  expect(tickets.map((t) => t.number)).toEqual(['A001']);
});

test('a kiosk that loses the hub before "get my ticket" says so, stores nothing, and retries into one ticket', async ({
  hub,
  page,
}, testInfo) => {
  await addAdvisor(hub);
  await page.goto(hub.url('/checkin?lang=zh'));
  await toReview(page);

  await hub.stop();
  await tap(page, '确认取号');
  await expect(page.getByRole('alert').filter({ hasText: '暂时无法连接服务系统' })).toContainText('您的登记还没有保存');
  await page.screenshot({ path: shotPath(testInfo, 'checkin-6-review-hub-lost-zh.png') });

  // The hub is back: nothing was stored meanwhile; the same attempt goes through once.
  await hub.start();
  expect(await ticketsOnHub(hub)).toEqual([]);
  await tap(page, '重试');
  await expect(page.getByTestId('ticket-number')).toHaveText('A001');
  await tap(page, '完成');
  await expect(page.getByRole('heading', { name: /欢迎光临/ })).toBeVisible();
  expect((await ticketsOnHub(hub)).map((t) => t.number)).toEqual(['A001']);
});

test('after a minute without touches the kiosk counts down, then forgets the half-finished check-in', async ({
  hub,
  page,
}, testInfo) => {
  await addAdvisor(hub);
  await page.clock.install();
  await page.goto(hub.url('/checkin?lang=en'));
  await press(page.getByRole('button', { name: /Check in/ }));
  await typeKeys(page, '粤B123');
  await expect(page.getByTestId('plate-entry')).toHaveText(/粤\s*B\s*·\s*1\s*2\s*3/);

  await page.clock.fastForward(51_000);
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('Still there?');
  await expect(dialog).toContainText(/Starting over in \d+ s/);
  await page.screenshot({ path: shotPath(testInfo, 'checkin-idle-en.png') });

  // "Continue" keeps what was typed…
  await press(dialog.getByRole('button', { name: 'Continue' }));
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('plate-entry')).toHaveText(/粤\s*B\s*·\s*1\s*2\s*3/);

  // …another silent minute does not.
  await page.clock.fastForward(62_000);
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  await press(page.getByRole('button', { name: /Check in/ }));
  await expect(page.getByTestId('plate-entry')).not.toContainText('粤');
  expect(await ticketsOnHub(hub)).toEqual([]);
});
