// The check-in kiosk in Chromium against the real hub, driven by taps on kiosk-sized targets: a full
// check-in in Chinese and in English that ends on the queue board and is called from a desk; the
// keyboard's refusals; a returning customer proven (or not) by the phone's last digits; a lower
// mileage questioned; double taps; a hub lost mid check-in; the idle reset.
// GLASSBAY_UPDATE_SCREENSHOTS=1 writes the screenshots to docs/screenshots/ (checkin-*.png).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { checkLayout } from './layout-check.ts';
import { KioskHarness } from './kiosk/harness.ts';
import { Manager } from './kiosk/manager.ts';
import { KIOSK, addAdvisor, press, recordSpeech, shotPath, signInConsole, spoken, typeKeys } from './queue-helpers.ts';

test.use(KIOSK);

const next = (page: Page, label: string) => press(page.getByRole('button', { name: label }));

test('a walk-in checks in by touch in Chinese, sees the ticket on the board and is called from a desk', async ({
  hub,
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  await addAdvisor(hub);
  // Every step laid out whole on the kiosk (nothing cut off, wrapped where it must not, or under a control).
  const shot = async (name: string) => {
    expect.soft((await checkLayout(page)).problems, `check-in ${name} zh`).toEqual([]);
    await page.screenshot({ path: shotPath(testInfo, `checkin-${name}-zh.png`) });
  };

  await page.goto(hub.url('/checkin?lang=zh'));
  await expect(page.getByRole('heading', { name: /欢迎光临/ })).toBeVisible();
  await expect(page.getByText('当前等候')).toBeVisible();
  await shot('1-welcome');
  await press(page.getByRole('button', { name: /开始登记/ }));

  // The plate: the province pad first, then letters without I and O.
  await expect(page.getByRole('heading', { name: '请输入车牌号' })).toBeVisible();
  await expect(page.getByText('选择省份简称')).toBeVisible();
  await typeKeys(page, '粤');
  await expect(page.getByRole('button', { name: 'I', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'O', exact: true })).toBeDisabled();
  await typeKeys(page, 'B12345');
  await expect(page.getByTestId('plate-entry')).toHaveText(/粤\s*B\s*·\s*1\s*2\s*3\s*4\s*5/);
  await shot('2-plate');
  await next(page, '下一步');

  await expect(page.getByRole('heading', { name: '请输入手机号' })).toBeVisible();
  await typeKeys(page, '13812345678');
  await expect(page.getByTestId('phone-entry')).toHaveText('138 1234 5678');
  await shot('3-phone');
  await next(page, '下一步');

  await expect(page.getByRole('heading', { name: '请输入当前里程' })).toBeVisible();
  // A new customer: nothing about any earlier visit.
  await expect(page.getByText('欢迎回来')).toHaveCount(0);
  await typeKeys(page, '42000');
  await shot('4-mileage');
  await next(page, '下一步');

  await expect(page.getByRole('heading', { name: '您的爱车需要什么服务？' })).toBeVisible();
  await press(page.getByRole('button', { name: '保养' }));
  await press(page.getByRole('button', { name: '常规保养（机油机滤）' }));
  await press(page.getByRole('button', { name: '有异响' }));
  await shot('5-services');
  await next(page, '下一步');

  await expect(page.getByRole('heading', { name: '请确认信息' })).toBeVisible();
  await expect(page.getByText('138****5678')).toBeVisible();
  await shot('6-review');
  await next(page, '确认取号');

  // A described problem sends the car to the repair and inspection lane.
  await expect(page.getByTestId('ticket-number')).toHaveText('B001');
  await expect(page.getByTestId('ticket')).toContainText('维修 · 检测');
  await expect(page.getByTestId('ticket')).toContainText('粤B·1**45');
  await expect(page.getByText('该业务的服务台尚未开放，暂无法估计等待时间')).toBeVisible();
  await expect(page.locator('.qr svg')).toBeVisible();
  await shot('7-ticket');

  // The QR code opens the customer's own follow page on a phone: the place in the queue for now.
  const followUrl = (await page.locator('.qr').getAttribute('data-follow-url'))!;
  expect(new URL(followUrl).pathname).toBe('/follow');
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const mine = await phone.newPage();
  await mine.goto(`${followUrl}&lang=zh`);
  await expect(mine.getByText('排队中')).toBeVisible();
  await expect(mine.locator('body')).toContainText('B001');
  await phone.close();

  // The queue board: the ticket in its lane with a masked plate, never the phone.
  const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 }, hasTouch: false });
  const board = await tv.newPage();
  await recordSpeech(board);
  await board.goto(hub.url('/queue?lang=zh'));
  const lane = board.getByRole('article', { name: '维修 · 检测' });
  await expect(lane.getByText('B001')).toBeVisible();
  await expect(lane.getByText('粤B·1**45')).toBeVisible();
  await expect(board.locator('body')).not.toContainText('13812345678');
  await expect(board.locator('body')).not.toContainText('粤B12345');

  // The desk: an advisor signs in to the console, takes desk 2 (maintenance, repair) and calls next.
  const deskContext = await browser.newContext({ viewport: { width: 1600, height: 1000 }, hasTouch: false });
  const desk = await deskContext.newPage();
  await signInConsole(desk, hub, 'desk');
  await desk
    .getByRole('listitem')
    .filter({ hasText: 'Desk 2' })
    .getByRole('button', { name: 'Work at this desk' })
    .click();
  await desk.getByRole('button', { name: 'Call next' }).click();
  await expect(desk.getByRole('article', { name: 'B001' })).toContainText('粤B12345');
  await desk.screenshot({ path: shotPath(testInfo, 'console-desk-en.png') });

  // The board announces it, large and spoken in the customer's language, and lists it as serving.
  await expect(board.getByTestId('announcement')).toContainText('B001，请到2号服务台');
  await expect(board.locator('[data-desk="2"]')).toContainText('B001');
  await board.waitForTimeout(500); // the announcement's 450 ms entrance, for the picture
  await board.screenshot({ path: shotPath(testInfo, 'queue-board-call-zh.png') });
  await expect.poll(async () => (await spoken(board)).map((s) => s.text)).toContain('请 B零零一 号，到 2 号服务台。');
  expect((await spoken(board))[0]!.lang).toBe('zh-CN');
  // The kiosk's ticket screen follows along: it has been called.
  await expect(page.locator('.wait.called')).toBeVisible();
  await tv.close();
  await deskContext.close();
});

test('an English check-in with a foreign plate, shown on the board and called in English', async ({
  hub,
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  // Before any staff exist: the first admin comes from the hub's setup code.
  const manager = await Manager.create(hub.httpUrl, hub.process.dataDir);
  await addAdvisor(hub);
  const shot = async (name: string) => {
    expect.soft((await checkLayout(page)).problems, `check-in ${name} en`).toEqual([]);
    await page.screenshot({ path: shotPath(testInfo, `checkin-${name}-en.png`) });
  };

  // The kiosk shell around this page (e2e/kiosk/harness.ts): its real preload API and IPC handlers,
  // paired with the hub as a check-in kiosk by a manager; its printer records the receipt.
  const kiosk = await KioskHarness.launch({ hubUrl: hub.httpUrl, role: 'check-in', page });
  await manager.approve(page, 'Check-in kiosk', 'check-in');
  await expect(page).toHaveURL(/\/checkin$/, { timeout: 20_000 });
  await page.goto(hub.url('/checkin?lang=en'));
  await shot('1-welcome');
  await press(page.getByRole('button', { name: /Check in/ }));
  await press(page.getByRole('tab', { name: 'Foreign plate' }));
  // Latin mode: every letter, I and O included.
  await typeKeys(page, 'WOB1234');
  await expect(page.getByTestId('plate-entry')).toHaveText('WOB1234');
  await shot('2-plate');
  await next(page, 'Next');

  await expect(page.getByRole('heading', { name: 'Your mobile number' })).toBeVisible();
  await typeKeys(page, '+447700900123');
  await shot('3-phone');
  await next(page, 'Next');
  await expect(page.getByRole('heading', { name: 'Mileage now' })).toBeVisible();
  await typeKeys(page, '88000');
  await expect(page.getByTestId('mileage-entry')).toContainText('88,000');
  await shot('4-mileage');
  await next(page, 'Next');
  await expect(page.getByRole('heading', { name: 'What does your car need?' })).toBeVisible();
  await press(page.getByRole('button', { name: 'Tyres' }));
  await press(page.getByRole('button', { name: 'Tyre rotation' }));
  await shot('5-services');
  await next(page, 'Next');
  await expect(page.getByRole('heading', { name: 'Please check' })).toBeVisible();
  await expect(page.getByText('+44******0123')).toBeVisible();
  await shot('6-review');
  await next(page, 'Get my ticket');
  await expect(page.getByTestId('ticket-number')).toHaveText('C001');
  await shot('7-ticket');

  // Inside the kiosk shell the receipt prints silently: a document with the number and the QR code,
  // the masked plate, and nothing personal.
  await press(page.getByRole('button', { name: 'Print ticket' }));
  await expect(page.getByRole('button', { name: 'Printed' })).toBeVisible();
  const printed = kiosk.printed;
  expect(printed).toHaveLength(1);
  expect(printed[0]).toContain('C001');
  expect(printed[0]).toContain('<svg');
  expect(printed[0]).toContain('WO·B**34');
  expect(printed[0]).not.toContain('7700900123');
  expect(printed[0]).not.toContain('WOB1234');

  const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const board = await tv.newPage();
  await recordSpeech(board);
  await board.goto(hub.url('/queue?lang=en'));
  await expect(board.getByRole('article', { name: 'Tyres' }).getByText('C001')).toBeVisible();
  await expect(board.getByRole('article', { name: 'Tyres' }).getByText('WO·B**34')).toBeVisible();

  const deskContext = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const desk = await deskContext.newPage();
  await signInConsole(desk, hub, 'desk');
  await desk
    .getByRole('listitem')
    .filter({ hasText: 'Desk 3' })
    .getByRole('button', { name: 'Work at this desk' })
    .click();
  await desk.getByRole('button', { name: 'Call C001' }).click();
  await expect(board.getByTestId('announcement')).toContainText('C001, please go to desk 3');
  await board.waitForTimeout(500); // the announcement's 450 ms entrance, for the picture
  await board.screenshot({ path: shotPath(testInfo, 'queue-board-call-en.png') });
  await expect.poll(async () => (await spoken(board)).map((s) => s.lang)).toContain('en-GB');
  expect((await spoken(board))[0]!.text).toBe('Ticket C 0 0 1, please go to desk 3.');
  await kiosk.close();
  await manager.dispose();
  await tv.close();
  await deskContext.close();
});
