// Step progress as customers see it (issue 17): a technician's wristband reports steps over MQTT to
// the real hub; the lounge board (1920×1080 and 1366×768) shows each car's current step and the work
// done against the standards, legible from three metres, and the phone (390×844) lists the steps
// with their times, in Chinese and in English. A step's end moves the board on by itself.
// GLASSBAY_UPDATE_SCREENSHOTS=1 writes the pictures to docs/screenshots.
import type { Page } from '@playwright/test';
import { SimulatedBand } from './band.ts';
import { expect, test } from './fixtures.ts';
import { adminApi, phoneContext } from './jobs-helpers.ts';
import { checkLayout } from './layout-check.ts';
import { shotPath } from './queue-helpers.ts';

const TVS = [
  { width: 1920, height: 1080, suffix: '' },
  { width: 1366, height: 768, suffix: '-1366' },
] as const;
const OIL_DONE = [
  'prepare',
  'lift-secure',
  'oil-drain',
  'filter-replace',
  'drain-plug',
  'underbody-check',
  'lower-car',
];

async function expectLaidOut(page: Page, what: string, opts: { scrolls?: boolean; tvBody?: boolean } = {}) {
  const report = await checkLayout(page, opts);
  expect.soft(report.problems, `${what}: layout problems`).toEqual([]);
  if (opts.tvBody)
    expect.soft(report.smallestPx, `${what}: the smallest text is ${report.smallestText}`).toBeGreaterThanOrEqual(32);
}

test('the lounge board and the phone show the step of each car, live, in both languages', async ({
  hub,
  browser,
  request,
}, testInfo) => {
  test.setTimeout(240_000);
  for (const [i, name] of ['1号工位', '2号工位', '3号工位', '4号工位', '5号工位 快修'].entries())
    await hub.addBay(`bay-${i + 1}`, name);
  const staff = await adminApi(request, hub);
  const band = await SimulatedBand.connect(hub.process, 'band-01', 'li-wei');
  try {
    const cars = [
      { plate: '粤B12345', model: '凯美瑞', colour: '白色', services: ['oil-change'], bay: 'bay-1' },
      {
        plate: '粤BD67890',
        model: '比亚迪 汉 EV',
        colour: '黑色',
        services: ['ac-service', 'oil-change'],
        bay: 'bay-2',
      },
      { plate: '京A88K21', model: 'Model Y Long Range', colour: '白色', services: ['brake-pads'], bay: 'bay-3' },
      { plate: '沪C55660', model: '帕萨特', colour: '黑色', services: ['tyre-rotation'], bay: null },
    ];
    const jobs = [];
    for (const car of cars) {
      const { job, followPath } = await staff.createJob({ ...car, bay: undefined, phone: '13800138000' });
      if (car.bay) {
        await staff.update(job.id, { bayId: car.bay, technician: '李师傅' });
        for (const to of ['waiting', 'in-service']) await staff.move(job.id, to);
      } else await staff.move(job.id, 'waiting');
      jobs.push({ ...job, followPath });
    }
    // The technician's band for the shift: its steps count on 李师傅's jobs only [GB-3.2.4].
    await staff.issueBand('band-01', '李师傅');
    // Car 1 is refilling its oil (step 8 of 12); car 2 is recovering the refrigerant (3 of 10);
    // car 3 has not started its first step; car 4 waits for a bay (no steps shown).
    await band.work('bay-1', OIL_DONE, 'oil-refill');
    await band.work('bay-2', ['ac-test', 'leak-check'], 'refrigerant-recover');

    for (const tv of TVS) {
      const ctx = await browser.newContext({ viewport: tv, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await ctx.newPage();
      for (const lang of ['zh', 'en'] as const) {
        await page.goto(hub.url(`/lounge?lang=${lang}`));
        const steps = page.getByTestId('step-progress');
        await expect(steps).toHaveCount(3);
        const oil = page.locator('.card', { hasText: '粤B·1**45' }).getByTestId('step-progress');
        await expect(oil).toContainText(lang === 'zh' ? '第8/12步' : 'Step 8 of 12');
        await expect(oil).toContainText(lang === 'zh' ? '加注机油' : 'Refilling oil');
        // 7 steps of 57 standard minutes done: 41 of 57.
        await expect(oil.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '72');
        const ac = page.locator('.card', { hasText: '粤B·D***90' }).getByTestId('step-progress');
        await expect(ac).toContainText(lang === 'zh' ? '第3/10步' : 'Step 3 of 10');
        const brakes = page.locator('.card', { hasText: '京A·8**21' }).getByTestId('step-progress');
        await expect(brakes).toContainText(lang === 'zh' ? '下一步' : 'Next');
        await page.waitForTimeout(800);
        await expectLaidOut(page, `lounge ${tv.width} ${lang}`, { tvBody: tv.width === 1920 });
        await page.screenshot({ path: shotPath(testInfo, `lounge-steps${tv.suffix}-${lang}.png`) });
      }
      await ctx.close();
    }

    // The phone: the oil change step by step, done ones with their finish time, the running one marked.
    const phone = await phoneContext(browser);
    const pp = await phone.newPage();
    for (const lang of ['zh', 'en'] as const) {
      await pp.goto(hub.url(`${jobs[0]!.followPath}&lang=${lang}`));
      const list = pp.locator('.work li');
      await expect(list).toHaveCount(12);
      await expect(pp.locator('.work li.done')).toHaveCount(7);
      await expect(pp.locator('.work li[aria-current="step"]')).toContainText(
        lang === 'zh' ? '加注机油' : 'Refilling oil',
      );
      await expect(list.nth(11)).toContainText(lang === 'zh' ? '约 3 分钟' : 'about 3 min');
      await expect(pp.getByTestId('step-progress')).toContainText(lang === 'zh' ? '第8/12步' : 'Step 8 of 12');
      await pp.waitForTimeout(600);
      await expectLaidOut(pp, `phone steps ${lang}`, { scrolls: true });
      // The page scrolls inside its own box, so a full-page picture needs a viewport as tall as it.
      const tall = await pp.locator('.page').evaluate((el) => el.scrollHeight);
      await pp.setViewportSize({ width: 390, height: Math.max(844, tall) });
      await pp.screenshot({ path: shotPath(testInfo, `phone-steps-${lang}.png`) });
      await pp.setViewportSize({ width: 390, height: 844 });
    }

    // The refill ends on the band: the phone moves on to step 9 without a reload.
    await band.step('bay-1', 'oil-refill', 'end');
    await expect(pp.getByTestId('step-progress')).toContainText('Step 9 of 12', { timeout: 3000 });
    await expect(pp.locator('.work li.done')).toHaveCount(8);
    // Nothing about the technician or how a step was judged reaches the customer's page.
    await expect(pp.locator('body')).not.toContainText(/李师傅|li-wei|short|overrun/i);
    await phone.close();
  } finally {
    await band.close();
  }
});
