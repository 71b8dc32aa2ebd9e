// Helpers for the kiosk and queue-board tests: staff accounts made with the real CLI, the console's
// sign-in, taps that must land on kiosk-sized targets, a recorder in place of the speech engine, and
// screenshots for the docs.
import { join } from 'node:path';
import { expect, request, type Locator, type Page, type TestInfo } from '@playwright/test';
import { addStaff } from '@glassbay/hub/testing';
import type { HubFixture } from './fixtures.ts';
import { REPO_ROOT } from './hub-process.ts';

export const ADVISOR = { username: 'li.advisor', password: 'advisor password 1' };
export const KIOSK = { viewport: { width: 1080, height: 1920 }, hasTouch: true, isMobile: false } as const;
/** The smallest target a standing customer hits reliably with a finger on the kiosk. */
export const MIN_TARGET_PX = 80;

/** Create an advisor with `pnpm glassbay staff add` (the password on standard input). */
export async function addAdvisor(hub: HubFixture, username = ADVISOR.username, password = ADVISOR.password) {
  await addStaff(hub.process.dataDir, username, 'advisor', password);
}

/** Tap a kiosk control, after checking it is big enough for a finger. */
export async function press(target: Locator): Promise<void> {
  await expect(target).toBeEnabled();
  const box = await target.boundingBox();
  expect(box, 'the control is on screen').not.toBeNull();
  expect(box!.height, `${await target.textContent()} is tall enough to tap`).toBeGreaterThanOrEqual(MIN_TARGET_PX);
  expect(box!.width, `${await target.textContent()} is wide enough to tap`).toBeGreaterThanOrEqual(MIN_TARGET_PX);
  await target.tap();
}

/** Tap keys of an on-screen keyboard, one per character, by their exact label. */
export async function typeKeys(page: Page, keys: string, within?: Locator): Promise<void> {
  const root = within ?? page.locator('main');
  for (const k of keys) await press(root.getByRole('button', { name: k, exact: true }).last());
}

/** Sign in to the staff console as someone and open a section. */
export async function signInConsole(page: Page, hub: HubFixture, section: string, lang = 'en') {
  await page.goto(hub.url(`/console/${section}?lang=${lang}`));
  await page.getByLabel(lang === 'en' ? 'Username' : '用户名').fill(ADVISOR.username);
  await page.getByLabel(lang === 'en' ? 'Password' : '密码').fill(ADVISOR.password);
  await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : '登录' }).click();
}

/**
 * Replace the speech engine with a recorder: every utterance is logged with when it started and
 * ended (each "speaks" for 400 ms), so a test can see the calls were said one after the other.
 */
export async function recordSpeech(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: { text: string; lang: string; start: number; end: number }[] = [];
    (window as unknown as { __speech: typeof log }).__speech = log;
    const fake = {
      speaking: false,
      getVoices: () => [],
      cancel() {},
      speak(u: SpeechSynthesisUtterance) {
        const entry = { text: u.text, lang: u.lang, start: performance.now(), end: 0 };
        log.push(entry);
        setTimeout(() => {
          entry.end = performance.now();
          u.onend?.(new Event('end') as SpeechSynthesisEvent);
        }, 400);
      },
    };
    Object.defineProperty(window, 'speechSynthesis', { value: fake, configurable: true });
  });
}

export async function spoken(page: Page) {
  return page.evaluate(
    () => (window as unknown as { __speech: { text: string; lang: string; start: number; end: number }[] }).__speech,
  );
}

/** Today's tickets as staff see them, over the real API with an advisor's session. */
export async function ticketsOnHub(hub: HubFixture) {
  const api = await request.newContext({ baseURL: hub.httpUrl });
  try {
    const login = await api.post('/api/staff/login', { data: ADVISOR });
    expect(login.ok()).toBe(true);
    const res = await api.get('/api/tickets');
    expect(res.ok()).toBe(true);
    return ((await res.json()) as { tickets: { number: string; status: string; staff: Record<string, unknown> }[] })
      .tickets;
  } finally {
    await api.dispose();
  }
}

/** A served earlier visit for a car, made through the real API as a kiosk and a desk would. */
export async function seedVisit(hub: HubFixture, plate: string, phone: string, mileageKm: number) {
  const api = await request.newContext({ baseURL: hub.httpUrl });
  try {
    const r = await api.post('/api/checkin', {
      data: {
        attemptId: `seed_${plate.length}_${mileageKm}_${Date.now()}`,
        lang: 'zh-CN',
        identity: { by: 'plate', plate: { mode: 'cn', text: plate }, phone },
        mileageKm,
        categories: [],
        services: ['oil-change'],
      },
    });
    expect(r.ok(), await r.text()).toBe(true);
    const { ticket } = (await r.json()) as { ticket: { id: string } };
    expect((await api.post('/api/staff/login', { data: ADVISOR })).ok()).toBe(true);
    for (const [action, body] of [
      ['open', {}],
      ['call', { ticketId: ticket.id }],
      ['serve', {}],
      ['close', {}],
    ] as const) {
      const res = await api.post(`/api/desks/desk-3/${action}`, { data: body });
      expect(res.ok(), `${action}: ${await res.text()}`).toBe(true);
    }
  } finally {
    await api.dispose();
  }
}

/** Where a screenshot goes: docs/screenshots with GLASSBAY_UPDATE_SCREENSHOTS=1, else the test's output. */
/**
 * A walk-in who ticked "message me" checks in at the kiosk (an oil change) and an advisor, signed in
 * with the real CLI's account, opens desk 1 and calls them: the hub owes them a "ticket called"
 * message.
 */
export async function consentingCustomerCalled(
  hub: HubFixture,
  customer: { attemptId: string; plate: string; phone: string; lang: 'zh-CN' | 'en' },
): Promise<void> {
  await addAdvisor(hub);
  const staff = await request.newContext({ baseURL: hub.httpUrl });
  expect((await staff.post('/api/staff/login', { data: ADVISOR })).ok()).toBe(true);
  expect((await staff.post('/api/desks/desk-1/open', { data: {} })).ok()).toBe(true);
  const kiosk = await request.newContext({ baseURL: hub.httpUrl });
  const ticket = await kiosk.post('/api/checkin', {
    data: {
      attemptId: customer.attemptId,
      lang: customer.lang,
      identity: { by: 'plate', plate: { mode: 'cn', text: customer.plate }, phone: customer.phone },
      mileageKm: 42000,
      categories: [],
      services: ['oil-change'],
      notifyConsent: true,
    },
  });
  expect(ticket.ok(), await ticket.text()).toBe(true);
  await kiosk.dispose();
  expect((await staff.post('/api/desks/desk-1/call-next', { data: {} })).ok()).toBe(true);
  await staff.dispose();
}

export const shotPath = (testInfo: TestInfo, name: string) =>
  process.env.GLASSBAY_UPDATE_SCREENSHOTS ? join(REPO_ROOT, 'docs/screenshots', name) : testInfo.outputPath(name);
