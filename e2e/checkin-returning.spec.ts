// A returning customer at the kiosk: without the right last four digits of the phone on record the
// screens are exactly those of a new customer; with them, the last visit, what is due at today's
// mileage, and a lower mileage questioned before it is taken.
import { expect, test } from './fixtures.ts';
import { request } from '@playwright/test';
import { ADVISOR, KIOSK, addAdvisor, press, seedVisit, shotPath, ticketsOnHub, typeKeys } from './queue-helpers.ts';

test.use(KIOSK);

test('the kiosk reveals nothing without the right digits, and the history with them', async ({
  hub,
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await addAdvisor(hub);
  await seedVisit(hub, '粤B66666', '13655556789', 40000);
  const next = () => press(page.getByRole('button', { name: '下一步', exact: true }));

  // Wrong last digits: the mileage step of a new customer.
  await page.goto(hub.url('/checkin?lang=zh'));
  await press(page.getByRole('button', { name: /开始登记/ }));
  await typeKeys(page, '粤B66666');
  await next();
  await typeKeys(page, '13655551234');
  await next();
  await expect(page.getByRole('heading', { name: '请输入当前里程' })).toBeVisible();
  await expect(page.getByText('欢迎回来')).toHaveCount(0);
  await expect(page.locator('main')).not.toContainText('40,000');

  // The right ones: welcome back, with the last visit.
  await press(page.getByRole('button', { name: '重新开始' }));
  await press(page.getByRole('button', { name: /开始登记/ }));
  await typeKeys(page, '粤B66666');
  await next();
  await typeKeys(page, '13655556789');
  await next();
  await expect(page.getByText('欢迎回来')).toBeVisible();
  await expect(page.getByText(/上次到店 .*，里程 40,000 公里/)).toBeVisible();

  // A lower reading than on record is questioned, not taken or refused silently.
  await typeKeys(page, '30000');
  await next();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('里程比上次记录少');
  await expect(dialog).toContainText('您输入的是 30,000 公里，上次记录为 40,000 公里');
  await page.screenshot({ path: shotPath(testInfo, 'checkin-4-mileage-lower-zh.png') });
  await press(dialog.getByRole('button', { name: '修改里程' }));
  await typeKeys(page, '45400');
  await page.screenshot({ path: shotPath(testInfo, 'checkin-4-mileage-returning-zh.png') });
  await next();

  // What is due at 45,400 km, to add with one tap.
  await expect(page.getByRole('heading', { name: '您的爱车需要什么服务？' })).toBeVisible();
  const due = page.getByRole('listitem').filter({ hasText: '机油机滤' });
  await expect(due).toContainText('已到期');
  await expect(due).toContainText('距上次已行驶 5,400 公里');
  await press(due.getByRole('button', { name: '加入' }));
  await expect(due.getByRole('button', { name: '已加入' })).toBeVisible();
  await page.screenshot({ path: shotPath(testInfo, 'checkin-5-services-due-zh.png') });
  await next();
  await press(page.getByRole('button', { name: '确认取号' }));
  await expect(page.getByTestId('ticket-number')).toHaveText('A002');
  const mine = (await ticketsOnHub(hub)).find((t) => t.number === 'A002')!;
  expect(mine.staff).toMatchObject({ verified: true, mileageKm: 45400, services: ['oil-change'] });
});

test('a confirmed lower mileage is taken and flagged for the desk', async ({ hub, page }) => {
  test.setTimeout(180_000);
  await addAdvisor(hub);
  await seedVisit(hub, '京A12345', '13900001111', 52000);
  const next = () => press(page.getByRole('button', { name: 'Next', exact: true }));
  await page.goto(hub.url('/checkin?lang=en'));
  await press(page.getByRole('button', { name: /Check in/ }));
  await typeKeys(page, '京A12345');
  await next();
  await typeKeys(page, '13900001111');
  await next();
  await expect(page.getByText('Welcome back')).toBeVisible();
  await typeKeys(page, '5200');
  await next();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('You typed 5,200 km; last time it was 52,000 km');
  await press(dialog.getByRole('button', { name: 'Yes, that is right' }));
  await press(page.getByRole('button', { name: 'Repair' }));
  await press(page.getByRole('button', { name: 'Battery test and replacement' }));
  await next();
  await press(page.getByRole('button', { name: 'Get my ticket' }));
  await expect(page.getByTestId('ticket-number')).toHaveText('B001');
  const mine = (await ticketsOnHub(hub)).find((t) => t.number === 'B001')!;
  expect(mine.staff).toMatchObject({ mileageKm: 5200, lastMileageKm: 52000 });
});

test('a booked customer checks in with the booking code and keeps the booked time', async ({ hub, page }, testInfo) => {
  test.setTimeout(180_000);
  await addAdvisor(hub);
  const staff = await request.newContext({ baseURL: hub.httpUrl });
  expect((await staff.post('/api/staff/login', { data: ADVISOR })).ok()).toBe(true);
  const bookedAt = Date.now() + 20 * 60_000;
  const made = await staff.post('/api/appointments', {
    data: {
      plate: { mode: 'cn', text: '粤B88888' },
      phone: '13700008888',
      bookedAt,
      categories: ['maintenance'],
      services: ['major-service'],
    },
  });
  expect(made.ok()).toBe(true);
  const { code } = ((await made.json()) as { appointment: { code: string } }).appointment;
  await staff.dispose();

  await page.goto(hub.url('/checkin?lang=zh'));
  await press(page.getByRole('button', { name: /开始登记/ }));
  await press(page.getByRole('tab', { name: '我有预约码' }));
  // A code that does not exist is refused with a sentence, not a ticket.
  await typeKeys(page, 'AAAAAA');
  await press(page.getByRole('button', { name: '下一步', exact: true }));
  await expect(page.getByRole('alert')).toContainText('没有找到这个预约码');
  await press(page.getByRole('button', { name: '清空' }));
  await typeKeys(page, code);
  await page.screenshot({ path: shotPath(testInfo, 'checkin-2-booking-zh.png') });
  await press(page.getByRole('button', { name: '下一步', exact: true }));
  // The booking knows the car and the phone: straight on to the mileage.
  await expect(page.getByRole('heading', { name: '请输入当前里程' })).toBeVisible();
  await typeKeys(page, '18000');
  await press(page.getByRole('button', { name: '下一步', exact: true }));
  await expect(page.getByRole('button', { name: '保养' })).toHaveText(/^\s*保养\s*1\s*$/);
  await press(page.getByRole('button', { name: '下一步', exact: true }));
  await expect(page.getByText(code)).toBeVisible();
  await expect(page.getByText('粤B·8**88')).toBeVisible();
  await press(page.getByRole('button', { name: '确认取号' }));
  await expect(page.getByTestId('ticket-number')).toHaveText('A001');
  await expect(page.getByTestId('ticket')).toContainText('已按预约');
  const mine = (await ticketsOnHub(hub)).find((t) => t.number === 'A001')!;
  expect(mine.staff).toMatchObject({ plate: '粤B88888', appointmentCode: code, services: ['major-service'] });
});
