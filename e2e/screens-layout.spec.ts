// Every board and customer screen at the sizes it is shown on (TVs 1920×1080 and 1366×768, the
// kiosk 1080×1920, a phone 390×844), in Chinese and in English, on a busy shop day: no text cut off,
// no single-line label broken, nothing off the screen, no control over text, and on a 1080p TV no
// text in the board below 32 px. GLASSBAY_UPDATE_SCREENSHOTS=1 writes the pictures to docs/screenshots.
import { request, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { deskPath, staffPaths } from '@glassbay/protocol';
import { expect, test, type HubFixture } from './fixtures.ts';
import { SimulatedBand } from './band.ts';
import { adminApi, phoneContext, walkIn, type StaffApi } from './jobs-helpers.ts';
import { checkLayout } from './layout-check.ts';
import { KIOSK, shotPath } from './queue-helpers.ts';
import { addCamera } from './video-helpers.ts';

const TVS = [
  { width: 1920, height: 1080, suffix: '' },
  { width: 1366, height: 768, suffix: '-1366' },
] as const;
const LANGS = ['zh', 'en'] as const;
/** Body text on a 1080p TV, read at three metres. */
const TV_BODY_PX = 32;

const BAYS = ['1号工位', '2号工位', '3号工位', '4号工位', '5号工位 快修', '6号工位 快修', '7号工位 钣喷', '洗车位'];
const CARS: [plate: string, model: string, colour: string][] = [
  ['粤B12345', '凯美瑞', '白色'],
  ['粤BD67890', '比亚迪 汉 EV', '黑色'],
  ['京A88K21', 'Model Y Long Range', '白色'],
  ['沪C55660', '帕萨特', '黑色'],
  ['浙A7Q319', '轩逸', '银色'],
  ['苏E2M886', 'Mercedes-Benz GLC 300', '灰色'],
  ['粤A3H215', '雅阁', '蓝色'],
];
/** The long English service names of the catalogue among them. */
const SERVICES = [
  // The car in service has a standard with long step names: its step line shows on the board.
  ['ac-service', 'oil-change'],
  ['major-service', 'car-wash'],
  ['tyre-replacement', 'wheel-alignment'],
  ['brake-pads'],
  ['diagnosis'],
  ['inspection'],
  ['oil-change'],
];

/**
 * The hub now and then answers a write of this seeding (a stage move, a bay assignment) with a 500
 * (INTERNAL, and nothing in its log at info level; not understood, and not what this test is
 * about): such a write is tried a second time.
 */
async function twice<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!String(err).includes(': 500 ')) throw err;
    return write();
  }
}

async function busyShop(hub: HubFixture, api: APIRequestContext): Promise<StaffApi> {
  for (const [i, name] of BAYS.entries()) await hub.addBay(`bay-${i + 1}`, name);
  const sensors = [];
  for (const i of [1, 2, 3, 5]) sensors.push(await hub.connectSensor(`bay-${i}-sensor`, `bay-${i}`));
  await sensors[0]!.publish({ occupied: true, lift: 'up', door: 'closed' });
  await sensors[1]!.publish({ occupied: true, lift: 'moving' });
  await sensors[2]!.publish({ occupied: false, lift: 'down' });
  await sensors[3]!.publish({ occupied: true, lift: 'down', door: 'open' });
  const staff = await adminApi(api, hub);
  // Cars in every stage the lounge shows.
  const stages = [
    ['waiting', 'in-service'],
    ['waiting', 'in-service', 'quality-check'],
    ['inspection'],
    ['waiting'],
    [],
    ['waiting', 'in-service', 'quality-check', 'washing'],
    ['waiting', 'in-service', 'quality-check', 'ready'],
  ];
  for (const [i, path] of stages.entries()) {
    const [plate, model, colour] = CARS[i]!;
    const { job } = await staff.createJob({ plate, model, colour, phone: `1380013${8000 + i}`, services: SERVICES[i] });
    if (path.includes('in-service'))
      await twice(() => staff.update(job.id, { bayId: `bay-${i + 1}`, technician: '李师傅' }));
    for (const to of path) {
      // The release rules hold a car whose steps no band recorded: the manager decides first.
      if (to === 'ready') await staff.decideAlerts(job.id);
      await twice(() => staff.move(job.id, to));
    }
  }
  // The car in service is recovering its refrigerant (step 3 of 10), as the technician's band says.
  const band = await SimulatedBand.connect(hub.process, 'band-01', 'li-wei');
  await staff.issueBand('band-01', '李师傅');
  await band.work('bay-1', ['ac-test', 'leak-check'], 'refrigerant-recover');
  await band.close();
  // A morning's queue in every lane, three desks, and calls.
  const plates = ['粤B11111', '粤B22222', '粤A33333', '湘C44444', '京N55555', '粤S66666', '闽D77777', '粤B88888'];
  const needs = [['oil-change'], ['diagnosis'], ['tyre-rotation'], ['major-service'], ['brake-pads'], ['ac-service']];
  for (let i = 0; i < 16; i++)
    await walkIn(
      api,
      hub,
      `${plates[i % plates.length]!.slice(0, 2)}${String(10_000 + i * 7919).slice(-5)}`,
      needs[i % needs.length]!,
    );
  // Each desk is held by its own advisor: one desk per person.
  const desks: APIRequestContext[] = [];
  for (const [i, username] of ['li.advisor', 'zhao.advisor', 'chen.advisor'].entries()) {
    const password = `advisor password ${i + 1}`;
    if (i > 0)
      await staff.send('post', staffPaths.users, {}, { username, displayName: username, password, role: 'advisor' });
    const ctx = await request.newContext({ baseURL: hub.httpUrl });
    expect((await ctx.post(staffPaths.login, { data: { username, password } })).ok()).toBe(true);
    desks.push(ctx);
  }
  const desk = (i: number, action: 'open' | 'call-next' | 'serve') =>
    desks[i]!.post(deskPath(action).replace(':deskId', `desk-${i + 1}`), { data: {} }).then((r) =>
      r.ok() ? undefined : r.text().then((text) => expect(r.ok(), `desk-${i + 1} ${action}: ${text}`).toBe(true)),
    );
  for (const i of [0, 1, 2]) await desk(i, 'open');
  // Desk 1 has served one customer and called the next: four calls in "last called".
  for (const [i, action] of [
    [0, 'call-next'],
    [1, 'call-next'],
    [0, 'serve'],
    [2, 'call-next'],
    [0, 'call-next'],
  ] as const)
    await desk(i, action);
  return staff;
}

async function expectLaidOut(page: Page, what: string, opts: { scrolls?: boolean; tvBody?: boolean } = {}) {
  const report = await checkLayout(page, opts);
  expect.soft(report.problems, `${what}: layout problems`).toEqual([]);
  if (opts.tvBody)
    expect
      .soft(report.smallestPx, `${what}: the smallest text is ${report.smallestText}`)
      .toBeGreaterThanOrEqual(TV_BODY_PX);
}

async function tvPage(browser: Browser, size: { width: number; height: number }) {
  const ctx = await browser.newContext({ viewport: size, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  // A TV nobody has touched yet: the browser keeps its sound off, so the queue shows its sound button.
  await ctx.addInitScript(() =>
    Object.defineProperty(AudioContext.prototype, 'state', { configurable: true, get: () => 'suspended' }),
  );
  return { ctx, page: await ctx.newPage() };
}

test('the queue, lounge and bay boards fit both TVs in both languages', async ({ hub, browser, request }, testInfo) => {
  // Seeding a busy shop (16 walk-ins, 7 jobs, sensors, a band) takes minutes on a loaded machine.
  test.setTimeout(480_000);
  await busyShop(hub, request);
  for (const tv of TVS) {
    const { ctx, page } = await tvPage(browser, tv);
    for (const lang of LANGS) {
      const at1080 = tv.width === 1920;
      await page.goto(hub.url(`/queue?lang=${lang}`));
      await expect(page.locator('[data-desk="3"]')).toContainText(/[A-C]0\d\d/);
      await expect(page.getByTestId('announcement')).toHaveCount(0, { timeout: 20_000 });
      await page.waitForTimeout(400);
      await expectLaidOut(page, `queue ${tv.width} ${lang}`, { tvBody: at1080 });
      await page.screenshot({ path: shotPath(testInfo, `queue-board${tv.suffix}-${lang}.png`) });

      await page.goto(hub.url(`/lounge?lang=${lang}`));
      await expect(page.locator('.cell').first()).toBeVisible();
      await expect(page.getByTestId('step-progress')).toHaveCount(1);
      await page.waitForTimeout(800);
      await expectLaidOut(page, `lounge ${tv.width} ${lang}`, { tvBody: at1080 });
      await page.screenshot({ path: shotPath(testInfo, `lounge${tv.suffix}-${lang}.png`) });

      await page.goto(hub.url(`/bays?lang=${lang}`));
      await expect(page.getByRole('article')).toHaveCount(BAYS.length);
      await page.waitForTimeout(400);
      await expectLaidOut(page, `bays ${tv.width} ${lang}`, { tvBody: at1080 });
      await page.screenshot({ path: shotPath(testInfo, `bay-board${tv.suffix}-${lang}.png`) });
    }
    await ctx.close();
  }
});

test('the kiosk, the phone page and the live view fit their screens in both languages', async ({
  hub,
  browser,
  request,
}, testInfo) => {
  test.setTimeout(240_000);
  await hub.addBay('bay-1', '1号工位');
  const sim = await addCamera(hub, 'cam-1', 'bay-1');
  try {
    const staff = await adminApi(request, hub);
    const { job, followPath } = await staff.createJob({
      plate: '粤BD67890',
      model: 'Mercedes-Benz GLC 300',
      colour: '灰色',
      phone: '13800138000',
      services: ['major-service', 'ac-service', 'wheel-alignment'],
    });
    await staff.update(job.id, { bayId: 'bay-1', technician: '李师傅' });
    for (const to of ['waiting', 'in-service']) await staff.move(job.id, to);
    // Its A/C service under way: the phone lists the steps.
    const band = await SimulatedBand.connect(hub.process, 'band-01', 'li-wei');
    await staff.issueBand('band-01', '李师傅');
    await band.work('bay-1', ['ac-test', 'leak-check', 'refrigerant-recover'], 'vacuum');
    await band.close();

    const kiosk = await browser.newContext({ ...KIOSK, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const kp = await kiosk.newPage();
    for (const lang of LANGS) {
      await kp.goto(hub.url(`/checkin?lang=${lang}`));
      await expect(kp.locator('main')).toBeVisible();
      await kp.waitForTimeout(600);
      await expectLaidOut(kp, `checkin ${lang}`);
      await kp.screenshot({ path: shotPath(testInfo, `checkin-1-welcome-${lang}.png`) });
    }
    await kiosk.close();

    const phone = await phoneContext(browser);
    const pp = await phone.newPage();
    // Footage to scrub: the car has been on its bay for a few seconds.
    await pp.waitForTimeout(8_000);
    for (const lang of LANGS) {
      await pp.goto(hub.url(`${followPath}&lang=${lang}`));
      await expect(pp.locator('.watch')).toBeVisible({ timeout: 20_000 });
      await expect(pp.locator('.work li')).toHaveCount(10);
      await pp.waitForTimeout(600);
      await expectLaidOut(pp, `follow ${lang}`, { scrolls: true });
      await pp.screenshot({ path: shotPath(testInfo, `phone-follow-${lang}.png`), fullPage: true });

      await pp.locator('.watch').click();
      await expect(pp.locator('.footage').first()).toBeVisible({ timeout: 20_000 });
      // The live view opens in the language the customer was reading.
      await expect(pp.getByRole('button', { name: lang === 'en' ? 'Back 10 s' : '后退 10 秒' })).toBeVisible();
      await expect
        .poll(() => pp.evaluate(() => (window as { __glassbayVideo?: { status: string } }).__glassbayVideo?.status), {
          timeout: 30_000,
        })
        .toBe('playing');
      await expectLaidOut(pp, `live ${lang}`, { scrolls: true });
      await pp.screenshot({ path: shotPath(testInfo, `phone-live-${lang}.png`) });
    }
    await phone.close();
  } finally {
    await sim.stop();
  }
});
