// The queue board on a 1080p TV against the real hub: a morning's queue across the lanes with masked
// plates and honest waits; two desks calling at the same moment are announced one after the other,
// each in its customer's language; a booked customer is marked as such.
// GLASSBAY_UPDATE_SCREENSHOTS=1 writes docs/screenshots/queue-board-zh.png and queue-board-en.png.
import { request, type APIRequestContext } from '@playwright/test';
import { expect, test, type HubFixture } from './fixtures.ts';
import { ADVISOR, addAdvisor, recordSpeech, shotPath, spoken } from './queue-helpers.ts';

const WANG = { username: 'wang.advisor', password: 'advisor password 2' };

interface Walk {
  plate: string;
  phone: string;
  lang: 'zh-CN' | 'en';
  services: string[];
  mode?: 'cn' | 'latin';
}

const MORNING: Walk[] = [
  { plate: '粤B12345', phone: '13800000001', lang: 'zh-CN', services: ['oil-change'] },
  { plate: '粤BD67890', phone: '13800000002', lang: 'en', services: ['diagnosis'] },
  { plate: '粤A55821', phone: '13800000003', lang: 'zh-CN', services: ['tyre-rotation'] },
  { plate: '京N8Q210', phone: '13800000004', lang: 'zh-CN', services: ['major-service'] },
  { plate: '湘C77123', phone: '13800000005', lang: 'zh-CN', services: ['brake-pads'] },
  { plate: 'WOB1234', phone: '+447700900123', lang: 'en', services: ['oil-change'], mode: 'latin' },
  { plate: '粤B3K916', phone: '13800000007', lang: 'zh-CN', services: ['inspection'] },
  { plate: '粤S20501', phone: '13800000008', lang: 'zh-CN', services: ['ac-service'] },
  { plate: '粤BF2234', phone: '13800000009', lang: 'zh-CN', services: ['tyre-replacement'] },
  { plate: '闽D10086', phone: '13800000010', lang: 'zh-CN', services: ['oil-change'] },
];

async function api(hub: HubFixture, who?: { username: string; password: string }): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL: hub.httpUrl });
  if (who) expect((await ctx.post('/api/staff/login', { data: who })).ok()).toBe(true);
  return ctx;
}

async function checkIn(kiosk: APIRequestContext, w: Walk, i: number) {
  const res = await kiosk.post('/api/checkin', {
    data: {
      attemptId: `board_test_attempt_${i}_0000`,
      lang: w.lang,
      identity: { by: 'plate', plate: { mode: w.mode ?? 'cn', text: w.plate }, phone: w.phone },
      mileageKm: 30000 + i * 1000,
      categories: [],
      services: w.services,
    },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { ticket: { number: string } }).ticket.number;
}

test('two desks calling at once are announced one at a time, each in its customer’s language', async ({
  hub,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  await addAdvisor(hub);
  await addAdvisor(hub, WANG.username, WANG.password);
  const kiosk = await api(hub);
  const li = await api(hub, ADVISOR);
  const wang = await api(hub, WANG);
  const numbers: string[] = [];
  for (const [i, w] of MORNING.entries()) numbers.push(await checkIn(kiosk, w, i));
  expect(numbers.slice(0, 3)).toEqual(['A001', 'B001', 'C001']);
  // A booking for later this morning, already here. Later today in the hub's own time zone (the
  // runner's: the hub is its child process): 20 minutes from now, or just before midnight if that is
  // sooner (a booking for tomorrow is refused at today's check-in).
  const midnight = new Date().setHours(24, 0, 0, 0);
  const booked = await li.post('/api/appointments', {
    data: {
      plate: { mode: 'cn', text: '粤B99999' },
      phone: '13800000099',
      bookedAt: Math.min(Date.now() + 20 * 60_000, midnight - 60_000),
      categories: ['maintenance'],
      services: ['oil-change'],
    },
  });
  expect(booked.ok()).toBe(true);
  const code = ((await booked.json()) as { appointment: { code: string } }).appointment.code;
  const viaCode = await kiosk.post('/api/checkin', {
    data: {
      attemptId: 'board_test_booking_0001',
      lang: 'zh-CN',
      identity: { by: 'booking', code },
      mileageKm: 12000,
      categories: [],
      services: [],
    },
  });
  expect(viaCode.ok()).toBe(true);
  expect((await li.post('/api/desks/desk-1/open', { data: {} })).ok()).toBe(true);
  expect((await wang.post('/api/desks/desk-2/open', { data: {} })).ok()).toBe(true);

  const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const board = await tv.newPage();
  await recordSpeech(board);
  await board.goto(hub.url('/queue?lang=zh'));
  const maintenance = board.getByRole('article', { name: '保养' });
  await expect(maintenance.getByText('A001')).toBeVisible();
  await expect(maintenance.getByText('预约')).toBeVisible();
  await expect(maintenance.getByText(/现在取号约等 \d+–\d+ 分钟/)).toBeVisible();
  // Masked plates only; no phone anywhere.
  const text = await board.locator('body').innerText();
  for (const w of MORNING) {
    expect(text).not.toContain(w.plate);
    expect(text).not.toContain(w.phone);
  }
  expect(text).toContain('粤B·1**45');

  // Both desks call at the same moment: desk 1 takes A001 (zh), desk 2 the repair ticket B001 (en).
  const [one, two] = await Promise.all([
    li.post('/api/desks/desk-1/call-next', { data: {} }),
    wang.post('/api/desks/desk-2/call', { data: { ticketId: '2' } }),
  ]);
  expect(one.ok()).toBe(true);
  expect(two.ok()).toBe(true);
  const shown = board.getByTestId('announcement');
  await expect(shown).toBeVisible();
  await expect.poll(async () => (await spoken(board)).filter((s) => s.end > 0).length, { timeout: 30_000 }).toBe(4);
  const said = await spoken(board);
  // Each call spoken twice, the second call only after the first had finished.
  expect(said.map((s) => s.text)).toEqual([
    '请 A零零一 号，到 1 号服务台。',
    '请 A零零一 号，到 1 号服务台。',
    'Ticket B 0 0 1, please go to desk 2.',
    'Ticket B 0 0 1, please go to desk 2.',
  ]);
  expect(said.map((s) => s.lang)).toEqual(['zh-CN', 'zh-CN', 'en-GB', 'en-GB']);
  for (let i = 1; i < said.length; i++) expect(said[i]!.start).toBeGreaterThanOrEqual(said[i - 1]!.end);

  await expect(shown).toHaveCount(0, { timeout: 15_000 });
  await expect(board.locator('[data-desk="1"]')).toContainText('A001');
  await expect(board.locator('[data-desk="2"]')).toContainText('B001');
  await expect(board.getByRole('list', { name: '最近叫号' })).toContainText('A001');
  await board.screenshot({ path: shotPath(testInfo, 'queue-board-zh.png') });
  await board.getByRole('button', { name: 'EN' }).click();
  await expect(board.getByRole('article', { name: 'Maintenance' })).toBeVisible();
  await expect(board.getByRole('button', { name: 'EN' })).toHaveAttribute('aria-pressed', 'true');
  // Let the language switch finish its 200 ms transition before the picture.
  await board.waitForTimeout(400);
  await board.screenshot({ path: shotPath(testInfo, 'queue-board-en.png') });

  // A recall is announced again; the board keeps one announcement at a time.
  expect((await li.post('/api/desks/desk-1/recall', { data: {} })).ok()).toBe(true);
  await expect(shown).toContainText('A001，请到1号服务台');
  await expect(shown).toContainText('Calling again');
  await tv.close();
  for (const c of [kiosk, li, wang]) await c.dispose();
});
