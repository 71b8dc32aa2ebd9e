// The live view in Chromium against the real hub and a simulated bay camera (real ffmpeg): a customer
// opens their car's camera from the follow link, it plays live, they tap back on the timeline, watch
// at 2x and go back to live; and when the camera dies and comes back, the page says so and the
// picture resumes without a reload.
import { expect, test } from './fixtures.ts';
import { addCamera, advance, jobInService, player } from './video-helpers.ts';

test('a customer watches their car live, scrubs back, plays at 2x and returns to live', async ({
  hub,
  page,
  request,
}) => {
  await hub.addBay('bay-1', '1号工位');
  const sim = await addCamera(hub, 'cam-1', 'bay-1');
  try {
    const { followToken } = await jobInService(request, hub, 'bay-1');
    await page.goto(hub.url(`/live?t=${followToken}&lang=en`));

    // Live by default: the picture moves, at the camera of the car's bay.
    await expect.poll(async () => (await player(page))?.status, { timeout: 40_000 }).toBe('playing');
    expect(await player(page)).toMatchObject({ mode: 'live', cameraId: 'cam-1' });
    await expect(page.getByText('LIVE', { exact: true })).toBeVisible();
    const live = await advance(page, 2000);
    expect(live.media).toBeGreaterThan(0.5);
    // Let the car collect some footage to scrub through.
    await page.waitForTimeout(12_000);

    // Tap the start of the footage on the timeline: a replay from there.
    const footage = page.locator('.footage').first();
    const box = (await footage.boundingBox())!;
    await page.mouse.click(box.x + 4, box.y + box.height / 2);
    await expect.poll(async () => (await player(page))?.mode).toBe('replay');
    await expect.poll(async () => (await player(page))?.status, { timeout: 20_000 }).toBe('playing');
    const replayAt = (await player(page))!.playingDate!;
    expect(Date.now() - replayAt).toBeGreaterThan(8_000);
    await expect(page.getByRole('button', { name: 'Back to live' })).toBeVisible();

    // 2x: the picture's time runs about twice as fast as the wall clock.
    const normal = await advance(page, 2000);
    await page.getByRole('button', { name: '2×' }).click();
    expect((await player(page))?.playbackRate).toBe(2);
    const fast = await advance(page, 2000);
    expect(fast.media / fast.wall).toBeGreaterThan(1.5);
    expect(fast.media / fast.wall).toBeGreaterThan(normal.media / normal.wall + 0.4);

    await page.getByRole('button', { name: 'Back to live' }).click();
    await expect.poll(async () => (await player(page))?.mode).toBe('live');
    await expect.poll(async () => (await player(page))?.status, { timeout: 20_000 }).toBe('playing');
    expect(Date.now() - (await player(page))!.playingDate!).toBeLessThan(8_000);
  } finally {
    await sim.stop();
  }
});

test('the live view says the camera is down and resumes by itself when it is back', async ({ hub, page, request }) => {
  await hub.addBay('bay-1', '1号工位');
  let sim = await addCamera(hub, 'cam-1', 'bay-1');
  const port = sim.port;
  try {
    const { followToken } = await jobInService(request, hub, 'bay-1');
    await page.goto(hub.url(`/live?t=${followToken}&lang=en`));
    await expect.poll(async () => (await player(page))?.status, { timeout: 40_000 }).toBe('playing');
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    // The camera loses power: the view says it is reconnecting, then that the camera is offline.
    await sim.stop();
    const view = page.locator('.view');
    await expect(view).toHaveAttribute('data-state', /reconnecting|offline/, { timeout: 20_000 });
    await expect(page.getByText('The camera is offline for now')).toBeVisible({ timeout: 30_000 });

    // It comes back on the same address: the picture plays again in the same page.
    sim = await addCameraAgain(port);
    await expect.poll(async () => (await player(page))?.status, { timeout: 60_000 }).toBe('playing');
    expect((await advance(page, 2000)).media).toBeGreaterThan(0.5);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  } finally {
    await sim.stop();
  }
});

async function addCameraAgain(port: number) {
  const { startCameraSim } = await import('../hardware/src/camera/sim.ts');
  const { SMALL_CAMERA } = await import('./video-helpers.ts');
  return startCameraSim({ label: 'bay-1', port, ...SMALL_CAMERA });
}
