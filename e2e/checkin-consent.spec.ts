// The check-in kiosk asks for consent to customer messages on its review step: a plain opt-in, never
// pre-ticked, the whole row a finger-sized target, in both languages; what the customer chose is what
// the kiosk sends to the hub (which messages only those who ticked it: apps/hub/test/notify.test.ts).
// Screenshots at the kiosk's real size: checkin-consent-zh.png (ticked), checkin-consent-en.png (not).
// The follow page on a phone then stops them: follow-messages-stopped-{zh,en}.png.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { request, type Page } from '@playwright/test';
import { FOLLOW_PATH, FOLLOW_TOKEN_PARAM } from '@glassbay/protocol';
import { expect, test } from './fixtures.ts';
import { checkLayout } from './layout-check.ts';
import { KIOSK, consentingCustomerCalled, press, shotPath, signInConsole, typeKeys } from './queue-helpers.ts';

test.use(KIOSK);

const next = (page: Page, label: string) => press(page.getByRole('button', { name: label }));

const walkIns = {
  zh: {
    start: /开始登记/,
    plate: async (page: Page) => typeKeys(page, '粤B12345'),
    phone: '13812345678',
    next: '下一步',
    services: ['保养', '常规保养（机油机滤）'],
    review: '请确认信息',
    consent: /有进展时发消息给我/,
    submit: '确认取号',
    tick: true,
  },
  en: {
    start: /Check in/,
    plate: async (page: Page) => {
      await press(page.getByRole('tab', { name: 'Foreign plate' }));
      await typeKeys(page, 'WOB1234');
    },
    phone: '+447700900123',
    next: 'Next',
    services: ['Tyres', 'Tyre rotation'],
    review: 'Please check',
    consent: /Message me when it matters/,
    submit: 'Get my ticket',
    tick: false,
  },
} as const;

for (const [lang, w] of Object.entries(walkIns))
  test(`the review step asks consent to messages, unticked until the customer ticks it (${lang})`, async ({
    hub,
    page,
  }, testInfo) => {
    test.setTimeout(120_000);
    await page.goto(hub.url(`/checkin?lang=${lang}`));
    await press(page.getByRole('button', { name: w.start }));
    await w.plate(page);
    await next(page, w.next);
    await typeKeys(page, w.phone);
    await next(page, w.next);
    await typeKeys(page, '42000');
    await next(page, w.next);
    for (const s of w.services) await press(page.getByRole('button', { name: s }));
    await next(page, w.next);
    await expect(page.getByRole('heading', { name: w.review })).toBeVisible();

    const box = page.getByRole('checkbox', { name: w.consent });
    await expect(box).not.toBeChecked();
    // The whole row is the target (press checks it is finger-sized); a second tap takes it back.
    const row = page.getByTestId('notify-consent');
    await press(row);
    await expect(box).toBeChecked();
    if (!w.tick) {
      await press(row);
      await expect(box).not.toBeChecked();
    }
    expect.soft((await checkLayout(page)).problems, `consent ${lang}`).toEqual([]);
    await page.screenshot({ path: shotPath(testInfo, `checkin-consent-${lang}.png`) });

    const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/checkin');
    await next(page, w.submit);
    expect(JSON.parse((await sent).postData() ?? '{}')).toMatchObject({ notifyConsent: w.tick });
    await expect(page.getByTestId('ticket-number')).toBeVisible();
  });

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true } as const;

for (const lang of ['zh', 'en'] as const)
  test(`the follow page stops this visit's messages (${lang})`, async ({ hub, browser }, testInfo) => {
    const kiosk = await request.newContext({ baseURL: hub.httpUrl });
    const checkIn = async (plate: string, consent: boolean) => {
      const res = await kiosk.post('/api/checkin', {
        data: {
          attemptId: `consent_test_${plate.slice(-5)}_00`,
          lang: lang === 'en' ? 'en' : 'zh-CN',
          identity: { by: 'plate', plate: { mode: 'cn', text: plate }, phone: '13800000031' },
          mileageKm: 42000,
          categories: [],
          services: ['oil-change'],
          notifyConsent: consent,
        },
      });
      expect(res.ok(), await res.text()).toBe(true);
      return ((await res.json()) as { followToken: string }).followToken;
    };
    const withConsent = await checkIn('粤B30001', true);
    const without = await checkIn('粤B30002', false);
    await kiosk.dispose();
    const text = (zh: string, en: string) => (lang === 'en' ? en : zh);

    const ctx = await browser.newContext({ ...PHONE, locale: lang === 'en' ? 'en-GB' : 'zh-CN' });
    const page = await ctx.newPage();
    const open = (token: string) => page.goto(hub.url(`${FOLLOW_PATH}?${FOLLOW_TOKEN_PARAM}=${token}&lang=${lang}`));
    await open(withConsent);
    await page
      .getByRole('button', {
        name: text('不再接收本次服务的短信/微信通知', 'Stop text and WeChat messages about this visit'),
      })
      .tap();
    await expect(page.getByRole('status').filter({ hasText: text('已退订', 'Stopped') })).toBeVisible();
    await page.screenshot({ path: shotPath(testInfo, `follow-messages-stopped-${lang}.png`), fullPage: true });
    // A visit without consent says so rather than pretending to stop something.
    await open(without);
    await page
      .getByRole('button', {
        name: text('不再接收本次服务的短信/微信通知', 'Stop text and WeChat messages about this visit'),
      })
      .tap();
    await expect(page.getByRole('status').filter({ hasText: text('未开通消息通知', 'not switched on') })).toBeVisible();
    await ctx.close();
  });

for (const lang of ['zh', 'en'] as const)
  test(`the console says so when the message gateway cannot be reached (${lang})`, async ({
    hub,
    browser,
  }, testInfo) => {
    // The first admin sets a gateway where nothing listens (a shop's SMS relay that is down).
    const admin = await request.newContext({ baseURL: hub.httpUrl });
    const setupCode = readFileSync(join(hub.process.dataDir, 'setup-code.txt'), 'utf8').trim();
    const made = await admin.post('/api/staff/setup', {
      data: { setupCode, username: 'wang.admin', displayName: '王管理员', password: 'admin password 12' },
    });
    expect(made.ok()).toBe(true);
    const down = createServer();
    await new Promise<void>((r) => down.listen(0, '127.0.0.1', r));
    const port = (down.address() as AddressInfo).port;
    await new Promise((r) => down.close(r));
    const set = await admin.put('/api/notify/settings', {
      data: { webhookUrl: `http://127.0.0.1:${port}/hooks`, secret: 'a shared secret of the shop' },
    });
    expect(set.ok(), await set.text()).toBe(true);
    await admin.dispose();
    await consentingCustomerCalled(hub, {
      attemptId: 'consent_test_gateway_down',
      plate: '粤B30003',
      phone: '13800000032',
      lang: 'zh-CN',
    });

    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    await signInConsole(page, hub, 'queue', lang);
    const notice = page.locator('[data-notice="notifier_unreachable"]');
    await expect(notice).toBeVisible({ timeout: 15_000 });
    await expect(notice).toContainText(lang === 'en' ? 'cannot be reached' : '无法连接短信/微信网关');
    await expect(notice).toContainText('ECONNREFUSED; 1 message(s) waiting, none lost');
    await page.screenshot({ path: shotPath(testInfo, `console-notifier-down-${lang}.png`) });
    await ctx.close();
  });
