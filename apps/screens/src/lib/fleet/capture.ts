// A small picture of what the screen shows, for the console. The shell photographs its window
// (video included); a plain browser draws its own page (html-to-image, loaded only when asked), which
// cannot include video frames from another origin but shows the layout, text and state.
import { SCREENSHOT_MAX_CHARS, SCREENSHOT_WIDTH, type CaptureResult, type KioskApi } from '@glassbay/protocol';

/** Lower quality until the picture fits in one fleet message. */
const QUALITIES = [0.7, 0.5, 0.35, 0.2] as const;

export async function captureScreen(shell: KioskApi | undefined): Promise<CaptureResult> {
  if (shell?.captureScreen) return shell.captureScreen();
  try {
    const { toJpeg } = await import('html-to-image');
    const root = document.documentElement;
    const scale = Math.min(1, SCREENSHOT_WIDTH / Math.max(1, root.clientWidth));
    for (const quality of QUALITIES) {
      const dataUrl = await toJpeg(root, {
        quality,
        pixelRatio: scale,
        backgroundColor: getComputedStyle(document.body).backgroundColor,
        // Fonts are the system's (Noto CJK); embedding them would make a megabyte of every picture.
        skipFonts: true,
      });
      if (dataUrl.length <= SCREENSHOT_MAX_CHARS) return { ok: true, dataUrl };
    }
    return { ok: false, code: 'SCREENSHOT_TOO_LARGE', message: 'the picture did not fit even at low quality' };
  } catch (err) {
    return { ok: false, code: 'SCREENSHOT_FAILED', message: (err as Error).message?.slice(0, 150) ?? 'unknown' };
  }
}
