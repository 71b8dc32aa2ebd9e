// The manager's KPI dashboard and the workshop's shop performance board, over two months of a shop
// written into the hub's store (one technician starts cutting corners two weeks ago): the figures,
// the control charts with their flagged days, a flagged day opening its jobs, and the TV board with
// no names on it. With GLASSBAY_UPDATE_SCREENSHOTS=1 the screenshots go to docs/screenshots/.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { addDays, openDb, periodKey, seedShop } from '@glassbay/hub';
import { expect, test } from './fixtures.ts';
import { REPO_ROOT } from './hub-process.ts';
import { ADMIN, adminApi } from './jobs-helpers.ts';

const PALETTE = 'split[a][b];[a]palettegen=max_colors=256[p];[b][p]paletteuse=dither=none';
const MAX_BYTES = 400 * 1024;
async function shoot(page: Page, name: string) {
  if (process.env.GLASSBAY_UPDATE_SCREENSHOTS !== '1') return;
  const path = join(REPO_ROOT, 'docs/screenshots', name);
  const png = await page.screenshot();
  if (png.length <= MAX_BYTES) return writeFileSync(path, png);
  const raw = join(tmpdir(), `glassbay-${process.pid}-${name}`);
  writeFileSync(raw, png);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', raw, '-vf', PALETTE, path]);
}

test('the KPI dashboard flags the days short steps rose and opens their jobs; the TV board names nobody', async ({
  hub,
  page,
  playwright,
}) => {
  await adminApi(await playwright.request.newContext(), hub);
  // The hub judges days in its own local time (the machine's); the seed writes in the same.
  const tz = -new Date().getTimezoneOffset();
  const today = periodKey(Date.now(), 'day', tz);
  const { db } = openDb(join(hub.process.dataDir, 'glassbay.db'));
  seedShop(db, {
    startDay: addDays(today, -59, tz),
    days: 60,
    tzOffsetMin: tz,
    bays: 8,
    ticketsPerDay: 120,
    jobsPerDay: 22,
    technicians: 6,
    cornerCutter: 'tech-04',
    cornerCutterFrom: 46,
    comebackShare: 0.05,
    servicesPerJob: [2, 3],
  });
  db.close();

  await page.goto(hub.url(`/console/kpi?day=${today}&lang=zh`));
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation').getByRole('link', { name: '经营指标' }).click();
  await expect(page.locator('[data-figure]')).toHaveCount(12);
  const shortSteps = page.locator('[data-chart="short-steps"]');
  await expect(shortSteps.locator('canvas').first()).toBeVisible();
  // The corner cutting shows as flagged days on the short-step chart, and tech-04 heads the table.
  const flags = shortSteps.getByRole('button');
  await expect(flags.first()).toBeVisible();
  await expect(page.locator('tbody tr').first()).toContainText('tech-04');
  await page.waitForTimeout(500);
  await shoot(page, 'kpi-dashboard-zh.png');

  await flags.last().click();
  const jobs = shortSteps.locator('.jobs li');
  await expect(jobs.first()).toBeVisible();
  await expect(shortSteps.locator('.jobs')).toContainText('tech-04');
  await shortSteps.scrollIntoViewIfNeeded();
  await shoot(page, 'kpi-flagged-day-jobs.png');

  await page.goto(hub.url('/performance?lang=zh'));
  await expect(page.locator('[data-figure]')).toHaveCount(7);
  await expect(page.locator('body')).not.toContainText('tech-');
  await page.waitForTimeout(500);
  await shoot(page, 'performance-board-zh.png');
  await page.goto(hub.url('/performance?lang=en'));
  await expect(page.getByText('On time')).toBeVisible();
  await page.waitForTimeout(500);
  await shoot(page, 'performance-board-en.png');
});
