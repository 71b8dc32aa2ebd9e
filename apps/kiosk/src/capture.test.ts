import { SCREENSHOT_MAX_CHARS, SCREENSHOT_WIDTH } from '@glassbay/protocol';
import { describe, expect, it } from 'vitest';
import { captureSmall, type ImageLike } from './capture.ts';

/** A stand-in for Electron's NativeImage: JPEG size grows with width and quality, as a real one's does. */
function image(width: number, bytesPerQualityPoint = 100, empty = false): ImageLike & { resizedTo: number[] } {
  const resizedTo: number[] = [];
  return {
    resizedTo,
    isEmpty: () => empty,
    getSize: () => ({ width, height: Math.round((width * 9) / 16) }),
    resize({ width: w }) {
      resizedTo.push(w);
      return image(w, bytesPerQualityPoint);
    },
    toJPEG: (quality) => Buffer.alloc(Math.round((quality * bytesPerQualityPoint * width) / SCREENSHOT_WIDTH)),
  };
}

describe('a kiosk screenshot for the console', () => {
  it('is scaled down to the fleet width and sent as a JPEG data URL', async () => {
    const big = image(1920);
    const shot = await captureSmall({ capturePage: async () => big });
    expect(big.resizedTo).toEqual([SCREENSHOT_WIDTH]);
    expect(shot.ok && shot.dataUrl.startsWith('data:image/jpeg;base64,')).toBe(true);
  });

  it('drops quality until it fits one fleet message, and says so when nothing fits', async () => {
    // 70 % would be about 84 KB of base64; 35 % fits.
    const heavy = await captureSmall({ capturePage: async () => image(SCREENSHOT_WIDTH, 900) });
    expect(heavy.ok && heavy.dataUrl.length).toBeLessThanOrEqual(SCREENSHOT_MAX_CHARS);
    expect(heavy.ok && heavy.dataUrl.length).toBeGreaterThan(SCREENSHOT_MAX_CHARS / 2);
    const hopeless = await captureSmall({ capturePage: async () => image(SCREENSHOT_WIDTH, 10_000) });
    expect(hopeless).toMatchObject({ ok: false, code: 'SCREENSHOT_TOO_LARGE' });
  });

  it('explains an empty or failed capture instead of sending a blank picture', async () => {
    expect(await captureSmall({ capturePage: async () => image(800, 100, true) })).toMatchObject({
      ok: false,
      code: 'SCREENSHOT_EMPTY',
    });
    const failing = await captureSmall({
      capturePage: () => Promise.reject(new Error('render process gone')),
    });
    expect(failing).toEqual({ ok: false, code: 'SCREENSHOT_FAILED', message: 'render process gone' });
  });
});
