// Replay on the customer's phone plays through: from the start of the car's footage across the
// camera's one-second segments, past the end of the playlist it started with (the moment of the
// tap) and on until it has caught up with the live picture, at 1x and at 4x, without stopping.
// A real ffmpeg camera feeds the real hub; the segments are 1 s long, so a few seconds cross many.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { phoneContext } from './jobs-helpers.ts';
import { addCamera, jobInService, player } from './video-helpers.ts';

interface Sample {
  wall: number;
  date: number | null;
  time: number;
  status: string;
  mode: string;
}

/** Sample the player every 100 ms in the page, so a stop between two test polls is not missed. */
async function trace(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __trace: Sample[]; __glassbayVideo?: Record<string, unknown> };
    const fresh = !w.__trace;
    w.__trace = [];
    if (!fresh) return;
    setInterval(() => {
      const v = w.__glassbayVideo;
      if (!v) return;
      w.__trace.push({
        wall: Date.now(),
        date: v.playingDate as number | null,
        time: v.currentTime as number,
        status: v.status as string,
        mode: v.mode as string,
      });
    }, 100);
  });
}
const samples = (page: Page) => page.evaluate(() => (window as unknown as { __trace: Sample[] }).__trace);

/** The longest wall time the picture's program date did not move, and the states seen. */
function stops(list: Sample[]): { longestMs: number; paused: boolean } {
  let longestMs = 0;
  let since = list[0]?.wall ?? 0;
  let last = list[0]?.date ?? null;
  for (const s of list) {
    if (s.date !== null && s.date !== last) {
      last = s.date;
      since = s.wall;
    }
    longestMs = Math.max(longestMs, s.wall - since);
  }
  return { longestMs, paused: list.some((s) => s.status === 'paused') };
}

async function tapFootageStart(page: Page): Promise<void> {
  const box = (await page.locator('.footage').first().boundingBox())!;
  await page.mouse.click(box.x + 3, box.y + box.height / 2);
  await expect.poll(async () => (await player(page))?.mode).toBe('replay');
  await expect.poll(async () => (await player(page))?.status, { timeout: 20_000 }).toBe('playing');
}

test('replay on the phone plays across segments to the live picture at 1x and at 4x', async ({
  hub,
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  await hub.addBay('bay-1', '1号工位');
  const sim = await addCamera(hub, 'cam-1', 'bay-1');
  const ctx = await phoneContext(browser);
  try {
    const { followToken } = await jobInService(request, hub, 'bay-1');
    const page = await ctx.newPage();
    await page.goto(hub.url(`/live?t=${followToken}&lang=en`));
    await expect.poll(async () => (await player(page))?.status, { timeout: 40_000 }).toBe('playing');
    // Some footage to go back into: the car has been on its bay for a quarter of a minute.
    await page.waitForTimeout(15_000);

    for (const rate of [1, 4]) {
      await tapFootageStart(page);
      const tappedAt = Date.now();
      const start = (await player(page))!.playingDate!;
      if (rate !== 1) await page.getByRole('button', { name: `${rate}×` }).click();
      await expect.poll(async () => (await player(page))?.playbackRate).toBe(rate);
      await trace(page);
      // The first playlist ended at the tap; the picture goes past it by three more segments.
      await expect
        .poll(async () => (await player(page))?.playingDate ?? 0, {
          timeout: (tappedAt - start) / rate + 20_000,
          message: `replay at ${rate}x went on past the moment it started from`,
        })
        .toBeGreaterThan(tappedAt + 3_000);
      const seen = await samples(page);
      const crossed = new Set(seen.map((s) => Math.floor((s.date ?? start) / 1000))).size;
      expect(crossed, 'one-second segments crossed').toBeGreaterThanOrEqual(3);
      const { longestMs, paused } = stops(seen.filter((s) => s.mode === 'replay'));
      expect(paused, 'the replay never paused by itself').toBe(false);
      expect(longestMs, 'the picture never stood still for more than 1.5 s').toBeLessThan(1_500);
      // And at the speed asked for: the picture's clock runs `rate` times the wall clock.
      const replay = seen.filter((s) => s.mode === 'replay' && s.date !== null);
      const [a, b] = [replay[0]!, replay.at(-1)!];
      expect((b.date! - a.date!) / (b.wall - a.wall)).toBeGreaterThan(rate * 0.8);
      expect((await player(page))!.status).toBe('playing');
    }
    // At 4x it catches up: the picture turns live again by itself.
    await expect.poll(async () => (await player(page))?.mode, { timeout: 30_000 }).toBe('live');
    await expect(page.getByText('LIVE', { exact: true })).toBeVisible();
  } finally {
    await ctx.close();
    await sim.stop();
  }
});
