// From an alert to the video, in Chromium against the real hub: a simulated camera (real ffmpeg)
// records bay 1 while a real MQTT wristband cuts the oil drain short; the manager's alert card
// opens the bay's recording at the step's start, the video plays, its picture is at the step's
// start, the speeds work, and the decision form shows the same recording. Screenshots at 1366×768 in
// zh and en (to docs/screenshots with GLASSBAY_UPDATE_SCREENSHOTS=1).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import mqtt from 'mqtt';
import { topics, wristbandRoutes } from '@glassbay/protocol';
import { expect, test } from './fixtures.ts';
import { REPO_ROOT, type DeviceCredentials } from './hub-process.ts';
import { addCamera, jobInService } from './video-helpers.ts';

const PALETTE = 'split[a][b];[a]palettegen=max_colors=256[p];[b][p]paletteuse=dither=none';
async function shoot(page: Page, name: string) {
  const png = await page.screenshot();
  const raw = join(tmpdir(), `glassbay-${process.pid}-${name}`);
  writeFileSync(raw, png);
  if (process.env.GLASSBAY_UPDATE_SCREENSHOTS !== '1') return;
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

/** The player's picture: media time, whether it plays, and the hub time on screen. */
const state = (figure: Locator) =>
  figure.evaluate((f) => {
    const v = f.querySelector('video')!;
    return {
      currentTime: v.currentTime,
      paused: v.paused,
      rate: v.playbackRate,
      position: Number(f.getAttribute('data-position')) || null,
      first: Number(f.getAttribute('data-first-position')) || null,
    };
  });

test('an alert opens the bay’s recording at the step, playable at speed, before the manager decides', async ({
  hub,
  page,
  request,
}) => {
  test.setTimeout(150_000);
  await hub.addBay('bay-1', '1号工位');
  const sim = await addCamera(hub, 'cam-1', 'bay-1');
  try {
    const { job } = await jobInService(request, hub, 'bay-1');
    const creds = await hub.process.cli<{ mqtt: DeviceCredentials }>('device', 'add', 'band-07', '--kind', 'wristband');
    // The manager issues the band to li-wei, whose job it is: only then do its steps count [GB-3.2.4].
    const issued = await request.post(hub.url(wristbandRoutes.issueBand.path.replace(':bandId', 'band-07')), {
      data: { technician: 'li-wei' },
    });
    expect(issued.ok()).toBe(true);
    const band = await mqtt.connectAsync(hub.mqttUrl, {
      clientId: creds.mqtt.clientId,
      username: creds.mqtt.username,
      password: creds.mqtt.password,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    // Some recording first, then a 5-second oil drain (its standard's minimum is 15 minutes).
    await page.waitForTimeout(4000);
    const event = (n: number, kind: 'start' | 'end', ts: number) =>
      JSON.stringify({ id: `band-07-v${n}`, ts, tech: 'li-wei', bay: 'bay-1', step: 'oil-drain', kind });
    await band.publishAsync(topics.deviceStatus('band-07'), JSON.stringify({ online: true, ts: Date.now() }), {
      qos: 1,
      retain: true,
    });
    const start = Date.now();
    await band.publishAsync(topics.wristbandEvents('band-07'), event(1, 'start', start), { qos: 1 });
    await page.waitForTimeout(5000);
    await band.publishAsync(topics.wristbandEvents('band-07'), event(2, 'end', Date.now()), { qos: 1 });
    await band.endAsync();

    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(hub.url('/console/alerts?lang=zh'));
    await page.getByLabel('用户名').fill('wang.admin');
    await page.getByLabel('密码').fill('admin password 1');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation').getByRole('link', { name: '作业告警' }).click();
    const card = page.getByRole('article', { name: /作业过短/ });
    await expect(card).toContainText(job.code);

    await card.getByRole('button', { name: /查看该工序录像/ }).click();
    const figure = card.getByTestId('step-video');
    await expect(figure).toContainText('排放旧机油 · 1号工位');
    await expect(figure).toHaveAttribute('data-step-start', String(start));
    // It plays, and the picture on screen is the step's start (within the first seconds of it).
    await expect.poll(async () => (await state(figure)).position, { timeout: 20_000 }).not.toBeNull();
    const first = await state(figure);
    expect(first.first! - start).toBeGreaterThan(-1000);
    expect(first.first! - start).toBeLessThan(1500);
    await expect
      .poll(async () => (await state(figure)).currentTime, { timeout: 10_000 })
      .toBeGreaterThan(first.currentTime + 0.5);
    expect((await state(figure)).paused).toBe(false);

    // 4x, the fastest of the replay's speeds (0.5x–4x, as the customer's replay): the picture runs on.
    await figure.getByRole('button', { name: '4×' }).click();
    const at4 = await state(figure);
    expect(at4.rate).toBe(4);
    await expect
      .poll(async () => (await state(figure)).currentTime, { timeout: 5000 })
      .toBeGreaterThan(at4.currentTime + 1);
    // Past the step's end, back to its start at half speed.
    await expect.poll(async () => (await state(figure)).position! - start, { timeout: 20_000 }).toBeGreaterThan(4000);
    await figure.getByRole('button', { name: '0.5×' }).click();
    await figure.getByRole('button', { name: /工序开始/ }).click();
    await expect.poll(async () => (await state(figure)).position! - start, { timeout: 10_000 }).toBeLessThan(2500);
    expect((await state(figure)).rate).toBe(0.5);
    await shoot(page, 'console-alert-video-zh-1366.png');

    // The decision form shows the same recording before the manager decides.
    await figure.getByRole('button', { name: '关闭' }).click();
    await card.getByRole('button', { name: '处理完毕' }).click();
    await expect(card).toContainText('处理前请先查看该工序录像');
    await expect
      .poll(async () => (await state(card.getByTestId('step-video'))).position, { timeout: 20_000 })
      .not.toBeNull();
    await card.getByRole('button', { name: '取消' }).click();

    // The same in English.
    await page.getByRole('button', { name: 'EN' }).click();
    const en = page.getByRole('article', { name: /Too short/ });
    await en.getByRole('button', { name: /Watch the step/ }).click();
    const enFigure = en.getByTestId('step-video');
    await expect(enFigure).toContainText('Drain the old oil · 1号工位');
    await expect.poll(async () => (await state(enFigure)).position, { timeout: 20_000 }).not.toBeNull();
    await expect(enFigure.getByRole('button', { name: /Step start/ })).toBeVisible();
    await page.waitForTimeout(800);
    await shoot(page, 'console-alert-video-en-1366.png');
  } finally {
    await sim.stop();
  }
});
