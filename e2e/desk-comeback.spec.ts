// A comeback flagged at check-in, in Chromium against the real hub: the car's brake job was handed
// over 10 days ago (written into the hub's store as the hub would have left it); the car checks in
// at the kiosk for brake pads again; the advisor who calls it sees "back within 30 days after …" on
// the desk, in zh and en; once served, the job carries the quality-review tag and the jobs list can
// show those alone. Screenshots at 1366×768 (to docs/screenshots with GLASSBAY_UPDATE_SCREENSHOTS=1).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openDb } from '@glassbay/hub';
import { expect, test } from './fixtures.ts';
import { REPO_ROOT } from './hub-process.ts';
import { ADMIN, adminApi, walkIn } from './jobs-helpers.ts';

const PALETTE = 'split[a][b];[a]palettegen=max_colors=256[p];[b][p]paletteuse=dither=none';
async function shoot(page: Page, name: string) {
  if (process.env.GLASSBAY_UPDATE_SCREENSHOTS !== '1') return;
  const raw = join(tmpdir(), `glassbay-${process.pid}-${name}`);
  writeFileSync(raw, await page.screenshot());
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-i',
    raw,
    '-vf',
    PALETTE,
    join(REPO_ROOT, 'docs/screenshots', name),
  ]);
}

test('the desk sees a car back within 30 days after its brake job, and the job is tagged for review', async ({
  hub,
  page,
  request,
}) => {
  await adminApi(request, hub);
  const { db } = openDb(join(hub.process.dataDir, 'glassbay.db'));
  try {
    const at = Date.now() - 10 * 86_400_000;
    const id = db
      .prepare(
        `INSERT INTO jobs (code, plate, services, stage, stage_since, created_at, closed_at) VALUES (?, ?, ?, 'delivered', ?, ?, ?)`,
      )
      .run('B007', '粤B1C001', JSON.stringify(['brake-pads']), at, at - 3 * 3600_000, at).lastInsertRowid;
    db.prepare(`INSERT INTO job_events (job_id, at, stage, actor_kind) VALUES (?, ?, 'delivered', 'system')`).run(
      id,
      at,
    );
  } finally {
    db.close();
  }
  await walkIn(request, hub, '粤B1C001', ['brake-pads']);

  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(hub.url('/console?lang=zh'));
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation').getByRole('link', { name: '服务台叫号' }).click();
  await page.getByRole('button', { name: '在此服务台办理' }).first().click();
  // Desk 1 serves another lane: the advisor calls the repair ticket by its number.
  await page.getByRole('button', { name: /叫号 B0/ }).click();
  const note = page.getByTestId('comeback');
  await expect(note).toContainText('30 天内返店：上次 刹车片更换（工单 B007');
  await expect(note).toContainText('10 天前');
  await expect(note).toContainText('质量复查');
  await shoot(page, 'console-desk-comeback-zh-1366.png');

  await page.getByRole('button', { name: 'EN' }).click();
  await expect(note).toContainText('Back within 30 days after Brake pad replacement (job B007');
  await shoot(page, 'console-desk-comeback-en-1366.png');
  await page.getByRole('button', { name: 'Serve and open a job' }).click();

  await page.getByRole('navigation').getByRole('link', { name: 'Jobs' }).click();
  const row = page.getByRole('row', { name: /粤B1C001/ });
  await expect(row).toContainText('Quality review');
  await page.getByLabel(/Quality review only \(1\)/).check();
  await expect(page.getByRole('row')).toHaveCount(2);
  await row.getByRole('button').first().click();
  await expect(page.locator('aside').getByTestId('comeback')).toContainText('job B007');
});
