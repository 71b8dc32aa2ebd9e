// A manager makes a job's evidence pack from the console and downloads it: the button, the pack in
// the list (no camera here, so "no clip"), and the download is a zip. Screenshots of the job with its
// pack in Chinese and English (1920×1080), written to docs/screenshots with
// GLASSBAY_UPDATE_SCREENSHOTS=1 and to test-results always.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';
import { REPO_ROOT } from './hub-process.ts';
import { ADMIN, adminApi } from './jobs-helpers.ts';

test.slow();

test('a manager makes and downloads the evidence pack of a job', async ({ hub, page, playwright }, info) => {
  await hub.addBay('bay-1', '1号工位');
  const staff = await adminApi(await playwright.request.newContext(), hub);
  const { job } = await staff.createJob({ plate: '粤B12345', model: '凯美瑞', services: ['oil-change'] });
  await staff.update(job.id, { bayId: 'bay-1' });
  for (const to of ['waiting', 'in-service', 'quality-check']) await staff.move(job.id, to);
  await staff.decideAlerts(job.id);
  await staff.move(job.id, 'ready');

  const shoot = async (name: string) => {
    const dir = process.env.GLASSBAY_UPDATE_SCREENSHOTS === '1' ? join(REPO_ROOT, 'docs/screenshots') : info.outputDir;
    await page.screenshot({ path: join(dir, name) });
  };

  await page.goto(hub.url('/console?lang=zh'));
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation').getByRole('link', { name: '工单' }).click();
  await page.getByRole('button', { name: job.code, exact: true }).click();
  await page.getByRole('button', { name: '生成证据包' }).click();
  const link = page.locator('.evidence a');
  await expect(link).toHaveCount(1, { timeout: 30_000 });
  await expect(page.locator('.evidence')).toContainText('无视频');
  await page.locator('.evidence').scrollIntoViewIfNeeded();
  await shoot('console-evidence-zh.png');

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^job-${job.id}-\\d+\\.zip$`));
  const zip = readFileSync((await download.path())!);
  expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
  for (const name of ['summary.pdf', 'evidence.json']) expect(zip.includes(Buffer.from(name))).toBe(true);
  expect(zip.includes(Buffer.from('clip.mp4'))).toBe(false);

  await page.goto(hub.url('/console?lang=en'));
  await page.getByRole('navigation').getByRole('link', { name: 'Jobs' }).click();
  await page.getByRole('button', { name: job.code, exact: true }).click();
  await expect(page.locator('.evidence')).toContainText('no clip');
  await page.locator('.evidence').scrollIntoViewIfNeeded();
  await shoot('console-evidence-en.png');
});
