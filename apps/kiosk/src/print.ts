// Silent receipt printing: the page hands over a finished receipt document, the shell prints it on
// the kiosk's printer in a hidden window with scripts off, one job at a time, and says why when it fails.
import type { PrintResult } from '@glassbay/protocol';
import type { Log } from './log.ts';

/** A hidden window to print from; main adapts a BrowserWindow to this. */
export interface PrintSurface {
  load(url: string): Promise<void>;
  print(options: PrintOptions): Promise<{ success: boolean; failureReason: string }>;
  destroy(): void;
}

export interface PrintOptions {
  silent: true;
  printBackground: true;
  deviceName?: string;
  copies: number;
  margins: { marginType: 'none' };
}

export function createReceiptPrinter(deps: { createSurface: () => PrintSurface; printer?: string; log: Log }) {
  let queue: Promise<unknown> = Promise.resolve();

  const printOne = async (html: string, copies: number): Promise<PrintResult> => {
    const surface = deps.createSurface();
    try {
      await surface.load(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      const options: PrintOptions = { silent: true, printBackground: true, copies, margins: { marginType: 'none' } };
      if (deps.printer) options.deviceName = deps.printer;
      const { success, failureReason } = await surface.print(options);
      if (success) return { ok: true };
      deps.log.warn('receipt did not print', { printer: deps.printer ?? '(default)', failureReason });
      return {
        ok: false,
        code: 'PRINT_FAILED',
        message: `The receipt printer ${deps.printer ?? '(system default)'} did not print (${failureReason}); check paper and power.`,
      };
    } catch (err) {
      deps.log.error('receipt could not be prepared', { error: (err as Error).message });
      return {
        ok: false,
        code: 'PRINT_FAILED',
        message: `The receipt could not be prepared: ${(err as Error).message}`,
      };
    } finally {
      surface.destroy();
    }
  };

  return (request: { html: string; copies: number }): Promise<PrintResult> => {
    // One receipt at a time: two customers tapping at once must not interleave on one roll.
    const job = queue.then(() => printOne(request.html, request.copies));
    queue = job.catch(() => undefined);
    return job;
  };
}
