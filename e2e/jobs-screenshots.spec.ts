// The lounge board with 5 and with 40 jobs, the phone view and the console, on a realistic day: the
// board fits the TV without scrolling and pages through 40 cars; legible at three metres. With
// GLASSBAY_UPDATE_SCREENSHOTS=1 the screenshots are written to docs/screenshots/.
import { execFileSync } from 'node:child_process';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { jobPaths, type JobStage } from '@glassbay/protocol';
import { expect, test, type HubFixture } from './fixtures.ts';
import { REPO_ROOT } from './hub-process.ts';
import { ADVISOR, adminApi, phoneContext, type StaffApi } from './jobs-helpers.ts';

const CARS: [plate: string, model: string, colour: string][] = [
  ['粤B12345', '凯美瑞', '白色'],
  ['粤BD67890', '比亚迪 汉 EV', '黑色'],
  ['京A88K21', 'Model Y', '白色'],
  ['沪C55660', '帕萨特', '黑色'],
  ['浙A7Q319', '轩逸', '银色'],
  ['苏E2M886', '卡罗拉', '灰色'],
  ['粤A3H215', '雅阁', '蓝色'],
  ['川A6C032', '宝马 3 系', '黑色'],
  ['鄂A9F771', '奥迪 A4L', '白色'],
  ['湘A1B234', '思域', '红色'],
  ['粤BF23456', '理想 L7', '灰色'],
  ['闽D5K660', '途观 L', '白色'],
];
const SERVICES = [
  ['oil-change'],
  ['brake-pads', 'car-wash'],
  ['tyre-rotation'],
  ['ac-service', 'oil-change'],
  ['inspection'],
  ['diagnosis'],
  ['tyre-replacement', 'wheel-alignment'],
  ['major-service', 'car-wash'],
];
const BAYS = ['1号工位', '2号工位', '3号工位', '4号工位', '5号工位 快修', '6号工位 快修', '7号工位 钣喷', '8号工位'];

async function shop(hub: HubFixture, request: APIRequestContext) {
  for (const [i, name] of BAYS.entries()) await hub.addBay(`bay-${i + 1}`, name);
  return adminApi(request, hub);
}

/** Open one job per wanted stage and take it there the way the workshop would. */
async function seed(staff: StaffApi, stages: JobStage[]): Promise<{ id: string; code: string; followPath: string }[]> {
  const out = [];
  let nextBay = 1;
  const ordered = [...stages].sort((a, b) => Number(b === 'ready') - Number(a === 'ready'));
  for (const [i, stage] of ordered.entries()) {
    const [plate, model, colour] = CARS[i % CARS.length]!;
    const variant = Math.floor(i / CARS.length);
    const { job, followPath } = await staff.createJob({
      plate: variant === 0 ? plate : `${plate.slice(0, 2)}${String(10_000 + i * 137).slice(-5)}`,
      model,
      colour,
      phone: `1380013${String(8000 + i)}`,
      services: SERVICES[i % SERVICES.length],
    });
    out.push({ id: job.id, code: job.code, followPath });
    const holdsBay = ['in-service', 'quality-check', 'washing'].includes(stage);
    const bay = stage === 'ready' ? 'bay-8' : holdsBay ? `bay-${nextBay++}` : null;
    if (bay) await staff.update(job.id, { bayId: bay, technician: ['李师傅', '王师傅', '陈师傅'][i % 3] });
    const path: Record<JobStage, JobStage[]> = {
      'checked-in': [],
      waiting: ['waiting'],
      inspection: ['inspection'],
      'awaiting-approval': ['inspection'],
      'in-service': ['waiting', 'in-service'],
      'quality-check': ['waiting', 'in-service', 'quality-check'],
      washing: ['waiting', 'in-service', 'quality-check', 'washing'],
      ready: ['waiting', 'in-service', 'quality-check', 'ready'],
      delivered: [],
      cancelled: [],
    };
    for (const to of path[stage]) {
      if (to === 'ready') await staff.decideAlerts(job.id);
      await staff.move(job.id, to);
    }
    if (stage === 'awaiting-approval')
      await staff.send(
        'post',
        jobPaths.approvals,
        { jobId: job.id },
        {
          description: '前刹车片磨损至 2 mm，建议更换（含工时）',
          priceCents: 68_000,
        },
      );
  }
  return out;
}

/** Kept under 400 KB: a larger picture is re-encoded with a 256-colour palette (ffmpeg, no dither). */
const MAX_BYTES = 400 * 1024;
async function shoot(page: Page, name: string) {
  if (process.env.GLASSBAY_UPDATE_SCREENSHOTS !== '1') return;
  const path = join(REPO_ROOT, 'docs/screenshots', name);
  const png = await page.screenshot();
  if (png.length <= MAX_BYTES) return writeFileSync(path, png);
  const raw = join(tmpdir(), `glassbay-${process.pid}-${name}`);
  writeFileSync(raw, png);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', raw, '-vf', PALETTE, path]);
  rmSync(raw);
  expect(statSync(path).size).toBeLessThanOrEqual(MAX_BYTES);
}
const PALETTE = 'split[a][b];[a]palettegen=max_colors=256:stats_mode=full[p];[b][p]paletteuse=dither=none';

async function expectFits(page: Page, cards: number) {
  await expect(page.locator('.cell')).toHaveCount(cards);
  // Measured in one go: the board turns its pages by itself and may do so between two calls.
  const edges = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.cell'), (c) => {
      const r = c.getBoundingClientRect();
      return { bottom: r.bottom, right: r.right };
    }),
  );
  const viewport = page.viewportSize()!;
  for (const e of edges) {
    expect(e.bottom).toBeLessThanOrEqual(viewport.height);
    expect(e.right).toBeLessThanOrEqual(viewport.width);
  }
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(viewport.height);
  // Legible at three metres: the plate on a card at least 40 px on a 1080p TV.
  const platePx = await page
    .locator('.plate')
    .first()
    .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(platePx).toBeGreaterThanOrEqual(40);
}

// Each test opens a realistic day through the API first: give them room on a small shared machine.
test.slow();

test('the lounge board with five cars, and the ready-for-pickup moment', async ({ hub, page, playwright }) => {
  const staff = await shop(hub, await playwright.request.newContext());
  const jobs = await seed(staff, ['ready', 'in-service', 'awaiting-approval', 'waiting', 'checked-in']);
  await page.goto(hub.url('/lounge?lang=zh'));
  await expectFits(page, 5);
  await expect(page.getByText('第 1 / 1 页')).toHaveCount(0);
  await page.waitForTimeout(700); // let the page's entrance animation settle for the picture
  await shoot(page, 'lounge-5-zh.png');

  await page.getByRole('button', { name: 'EN' }).click();
  await expect(page.getByText('Ready for pickup').first()).toBeVisible();
  await page.waitForTimeout(300);
  await shoot(page, 'lounge-5-en.png');

  // The car in service turns ready: banner and glowing card.
  await page.getByRole('button', { name: '中文' }).click();
  const inService = jobs[1]!;
  await staff.move(inService.id, 'quality-check');
  await staff.decideAlerts(inService.id);
  await staff.move(inService.id, 'ready');
  await expect(page.getByRole('alert')).toContainText('您的爱车已可以取车');
  await page.waitForTimeout(600);
  await shoot(page, 'lounge-ready-zh.png');
});

test('the lounge board pages through forty cars', async ({ hub, page, playwright }) => {
  const staff = await shop(hub, await playwright.request.newContext());
  const plan: JobStage[] = [
    ...Array<JobStage>(6).fill('ready'),
    ...Array<JobStage>(2).fill('washing'),
    ...Array<JobStage>(2).fill('quality-check'),
    ...Array<JobStage>(4).fill('in-service'),
    ...Array<JobStage>(3).fill('awaiting-approval'),
    ...Array<JobStage>(5).fill('inspection'),
    ...Array<JobStage>(10).fill('waiting'),
    ...Array<JobStage>(8).fill('checked-in'),
  ];
  expect(plan).toHaveLength(40);
  await seed(staff, plan);
  await page.goto(hub.url('/lounge?lang=zh'));
  await expect(page.getByText('在修 40 台')).toBeVisible();
  const pager = page.getByText(/^第 1 \/ \d 页$/);
  await expect(pager).toBeVisible();
  const pages = Number((await pager.textContent())!.match(/\/ (\d)/)![1]);
  const perPage = await page.locator('.cell').count();
  expect(pages).toBe(Math.ceil(40 / perPage));
  await expectFits(page, perPage);
  await page.waitForTimeout(700);
  await shoot(page, 'lounge-40-zh.png');
  // The page turns by itself, and every car comes round.
  await expect(page.getByText(`第 2 / ${pages} 页`)).toBeVisible({ timeout: 20_000 });

  await page.goto(hub.url('/lounge?lang=en'));
  await expect(page.getByText('40 in the workshop')).toBeVisible();
  await expect(page.getByText(`Page 1 of ${pages}`)).toBeVisible();
  await page.waitForTimeout(700);
  await shoot(page, 'lounge-40-en.png');
});

test('the phone view and the console, as customers and advisors see them', async ({
  hub,
  page,
  browser,
  playwright,
}) => {
  const staff = await shop(hub, await playwright.request.newContext());
  const jobs = await seed(staff, ['ready', 'awaiting-approval', 'in-service', 'waiting', 'washing', 'checked-in']);
  const phoneCtx = await phoneContext(browser);
  const phone = await phoneCtx.newPage();
  await phone.goto(hub.url(`${jobs[1]!.followPath}&lang=zh`));
  await expect(phone.getByText('需要您确认')).toBeVisible();
  await shoot(phone, 'phone-approval-zh.png');
  await phone.goto(hub.url(`${jobs[0]!.followPath}&lang=en`));
  await expect(phone.getByText('Rate your visit')).toBeVisible();
  await shoot(phone, 'phone-ready-en.png');
  await phoneCtx.close();

  await page.goto(hub.url('/console?lang=zh'));
  await page.getByLabel('用户名').fill(ADVISOR.username);
  await page.getByLabel('密码').fill(ADVISOR.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation').getByRole('link', { name: '工单' }).click();
  await page.getByRole('button', { name: jobs[1]!.code, exact: true }).click();
  await expect(page.locator('aside').getByText('待确认')).toBeVisible();
  await shoot(page, 'console-jobs-zh.png');
});
