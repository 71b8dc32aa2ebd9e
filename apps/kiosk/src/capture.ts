// A small picture of the kiosk's window for the console's fleet view: the whole page as shown (video
// included), scaled to SCREENSHOT_WIDTH, as a JPEG small enough for one fleet message.
import { SCREENSHOT_MAX_CHARS, SCREENSHOT_WIDTH, type CaptureResult } from '@glassbay/protocol';

/** The parts of Electron's NativeImage used here. */
export interface ImageLike {
  isEmpty(): boolean;
  getSize(): { width: number; height: number };
  resize(options: { width: number; quality?: 'good' | 'better' | 'best' }): ImageLike;
  toJPEG(quality: number): Buffer;
}

export interface CapturableContents {
  capturePage(): Promise<ImageLike>;
}

const QUALITIES = [70, 50, 35, 20] as const;

export async function captureSmall(contents: CapturableContents): Promise<CaptureResult> {
  let image: ImageLike;
  try {
    image = await contents.capturePage();
  } catch (err) {
    return { ok: false, code: 'SCREENSHOT_FAILED', message: (err as Error).message };
  }
  // A window that is hidden or not painted yet gives an empty image.
  if (image.isEmpty()) return { ok: false, code: 'SCREENSHOT_EMPTY', message: 'the window has nothing painted yet' };
  const small =
    image.getSize().width > SCREENSHOT_WIDTH ? image.resize({ width: SCREENSHOT_WIDTH, quality: 'good' }) : image;
  for (const quality of QUALITIES) {
    const dataUrl = `data:image/jpeg;base64,${small.toJPEG(quality).toString('base64')}`;
    if (dataUrl.length <= SCREENSHOT_MAX_CHARS) return { ok: true, dataUrl };
  }
  return { ok: false, code: 'SCREENSHOT_TOO_LARGE', message: 'the picture did not fit even at low quality' };
}
