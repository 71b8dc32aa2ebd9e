// The ETA as a range on the lounge board and the phone (#17), in both languages at their real sizes,
// and the console's "why the car stands still" action. Screenshots go to test-results/eta-range/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { jobPaths, staffPaths } from '@glassbay/protocol';
import { expect, test } from './fixtures.ts';
import { REPO_ROOT } from './hub-process.ts';
import { ADMIN, adminApi, phoneContext } from './jobs-helpers.ts';

const SHOTS = join(REPO_ROOT, 'test-results', 'eta-range');
const RANGE = /\d\d:\d\d–\d\d:\d\d/;

test.slow();

test('the lounge card and the phone show the ready time as a range; staff can say why a car stands', async ({
  hub,
  page,
  browser,
  playwright,
}) => {
  mkdirSync(SHOTS, { recursive: true });
  for (const [i, name] of ['1号工位', '2号工位'].entries()) await hub.addBay(`bay-${i + 1}`, name);
  const staff = await adminApi(await playwright.request.newContext(), hub);
  const a = await staff.createJob({ plate: '粤B12345', model: '凯美瑞', colour: '白色', services: ['oil-change'] });
  await staff.send('patch', jobPaths.job, { jobId: a.job.id }, { bayId: 'bay-1' });
  await staff.move(a.job.id, 'waiting');
  await staff.move(a.job.id, 'in-service');
  const b = await staff.createJob({ plate: '京A88K21', model: 'Model Y', services: ['brake-pads', 'car-wash'] });
  await staff.move(b.job.id, 'waiting');

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(hub.url('/lounge?lang=zh'));
  await expect(page.getByTestId('eta').first()).toContainText(/预计 \d\d:\d\d–\d\d:\d\d/);
  await expect(page.getByTestId('eta')).toHaveCount(2);
  await page.waitForTimeout(700);
  await page.screenshot({ path: join(SHOTS, 'lounge-zh.png') });
  await page.getByRole('button', { name: 'EN' }).click();
  await expect(page.getByTestId('eta').first()).toContainText(/Ready \d\d:\d\d–\d\d:\d\d/);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, 'lounge-en.png') });

  const phoneCtx = await phoneContext(browser);
  const phone = await phoneCtx.newPage();
  for (const lang of ['zh', 'en']) {
    await phone.goto(hub.url(`${a.followPath}&lang=${lang}`));
    await expect(phone.getByTestId('eta')).toContainText(RANGE);
    await phone.screenshot({ path: join(SHOTS, `phone-${lang}.png`) });
  }
  await phoneCtx.close();

  // "Waiting for parts" is said only of a car in service, and goes on the job's record.
  const refused = await staff.request.post(hub.url(jobPaths.idleReason.replace(':jobId', b.job.id)), {
    data: { reason: 'waiting-parts' },
  });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error?.code).toBe('IDLE_REASON_NOT_NOW');
  // The advisor says it from the job in the console: on the job's record, in words, and cleared again.
  const login = await page.request.post(hub.url(staffPaths.login), {
    data: { username: ADMIN.username, password: ADMIN.password },
  });
  expect(login.ok()).toBe(true);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(hub.url('/console/jobs?lang=zh'));
  await page.getByRole('button', { name: a.job.code, exact: true }).first().click();
  const detail = page.locator('aside');
  await expect(detail.getByTestId('idle-reason')).toHaveText('（未说明）');
  await detail.getByRole('combobox', { name: '停工原因' }).selectOption('waiting-parts');
  await detail.getByRole('button', { name: '告知客户' }).click();
  await expect(detail.getByTestId('idle-reason')).toHaveText('等待配件');
  await expect(detail.locator('.timeline li').first()).toContainText('停工原因 · 等待配件');
  await page.screenshot({ path: join(SHOTS, 'console-idle-reason-zh.png') });
  const onRecord = await staff.get<{ timeline: { event?: string; note?: string }[] }>(jobPaths.job, {
    jobId: a.job.id,
  });
  expect(onRecord.timeline.at(-1)).toMatchObject({ event: 'idle-reason', note: 'waiting-parts' });
  // The same job in English, as an advisor with the console in English reads it.
  await page.goto(hub.url('/console/jobs?lang=en'));
  await page.getByRole('button', { name: a.job.code, exact: true }).first().click();
  await expect(detail.getByTestId('idle-reason')).toHaveText('Waiting for parts');
  await page.screenshot({ path: join(SHOTS, 'console-idle-reason-en.png') });
  await page.goto(hub.url('/console/jobs?lang=zh'));
  await page.getByRole('button', { name: a.job.code, exact: true }).first().click();
  await detail.getByRole('button', { name: '清除原因' }).click();
  await expect(detail.getByTestId('idle-reason')).toHaveText('（未说明）');
  await expect(detail.locator('.timeline li').first()).toContainText('停工原因 · 已清除');
});
