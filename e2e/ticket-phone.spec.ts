// A waiting customer's phone (390×844) against the real hub: the follow page opened from the ticket's
// QR code changes within a second of the desk's call (driven through the staff API as the console
// does), says "called again" on a recall, and after a no-show says the call was missed and what to do,
// in Chinese and in English, instead of "invalid link". Screenshots of each state with
// GLASSBAY_UPDATE_SCREENSHOTS=1 (docs/screenshots/follow-ticket-*.png).
import { request, type APIRequestContext } from '@playwright/test';
import { FOLLOW_PATH, FOLLOW_TOKEN_PARAM } from '@glassbay/protocol';
import { expect, test, type HubFixture } from './fixtures.ts';
import { ADVISOR, addAdvisor, shotPath } from './queue-helpers.ts';

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true } as const;

async function staffApi(hub: HubFixture): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL: hub.httpUrl });
  expect((await ctx.post('/api/staff/login', { data: ADVISOR })).ok()).toBe(true);
  return ctx;
}

async function desk(api: APIRequestContext, action: string, body: object = {}) {
  const res = await api.post(`/api/desks/desk-1/${action}`, { data: body });
  expect(res.ok(), `${action}: ${await res.text()}`).toBe(true);
}

async function walkIn(hub: HubFixture, plate: string, lang: 'zh-CN' | 'en') {
  const kiosk = await request.newContext({ baseURL: hub.httpUrl });
  try {
    const res = await kiosk.post('/api/checkin', {
      data: {
        attemptId: `phone_test_${plate.slice(-5)}_0000`,
        lang,
        identity: { by: 'plate', plate: { mode: 'cn', text: plate }, phone: '13800000021' },
        mileageKm: 42000,
        categories: [],
        services: ['oil-change'],
      },
    });
    expect(res.ok(), await res.text()).toBe(true);
    return (await res.json()) as { ticket: { id: string; number: string }; followToken: string };
  } finally {
    await kiosk.dispose();
  }
}

for (const lang of ['zh', 'en'] as const) {
  test(`a ticket's phone page follows the desk's call and says so after a no-show (${lang})`, async ({
    hub,
    browser,
  }, testInfo) => {
    await addAdvisor(hub);
    const staff = await staffApi(hub);
    await desk(staff, 'open');
    const ahead = await walkIn(hub, '粤B20001', 'zh-CN');
    const mine = await walkIn(hub, '粤B20002', lang === 'en' ? 'en' : 'zh-CN');
    const text = (zh: string, en: string) => (lang === 'en' ? en : zh);

    const ctx = await browser.newContext({ ...PHONE, locale: lang === 'en' ? 'en-GB' : 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(hub.url(`${FOLLOW_PATH}?${FOLLOW_TOKEN_PARAM}=${mine.followToken}&lang=${lang}`));
    const card = page.locator('[data-state]');
    await expect(card).toHaveAttribute('data-state', 'waiting');
    await expect(card).toContainText(text('前面还有 1 位', '1 ahead of you'));

    // The ticket ahead is called: this phone moves up without a reload.
    await desk(staff, 'call', { ticketId: ahead.ticket.id });
    await expect(card).toContainText(text('下一位就是您', 'You are next'), { timeout: 1000 });
    await desk(staff, 'no-show');
    await page.screenshot({ path: shotPath(testInfo, `follow-ticket-waiting-${lang}.png`) });

    // The desk calls this ticket: the page says where to go within a second.
    await desk(staff, 'call', { ticketId: mine.ticket.id });
    await expect(card).toHaveAttribute('data-state', 'called', { timeout: 1000 });
    await expect(card).toContainText(text('请现在到 1号服务台 办理', 'Please go to Desk 1 now'));
    await page.screenshot({ path: shotPath(testInfo, `follow-ticket-called-${lang}.png`) });

    await desk(staff, 'recall');
    await expect(card).toContainText(text('第 2 次呼叫', 'Called 2 times'), { timeout: 1000 });

    await desk(staff, 'no-show');
    await expect(card).toHaveAttribute('data-state', 'missed', { timeout: 1000 });
    await expect(card).toContainText(text('您错过了叫号', 'You missed your call'));
    await expect(card).toContainText(text('我们会重新为您叫号', 'we will call your number again'));
    await page.screenshot({ path: shotPath(testInfo, `follow-ticket-missed-${lang}.png`) });

    // Opened again later (a fresh load), the link still says what happened.
    await page.reload();
    await expect(page.locator('[data-state]')).toHaveAttribute('data-state', 'missed');
    await expect(page.getByText(text('链接无效', 'This link is not valid'))).toHaveCount(0);
    for (const el of await page.locator('[data-state] p').all()) {
      const box = await el.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= PHONE.viewport.width + 0.5, 'text stays on the phone').toBe(
        true,
      );
    }
    await ctx.close();
    await staff.dispose();
  });
}
