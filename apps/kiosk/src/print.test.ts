import { describe, expect, it } from 'vitest';
import { memoryLog } from './log.ts';
import { createReceiptPrinter, type PrintOptions, type PrintSurface } from './print.ts';

function surfaces(outcome: (n: number) => { success: boolean; failureReason: string } | Error) {
  const log: string[] = [];
  let n = 0;
  const createSurface = (): PrintSurface => {
    const id = ++n;
    let release: () => void = () => {};
    return {
      load: async (url) => void log.push(`${id} load ${decodeURIComponent(url.slice(url.indexOf(',') + 1))}`),
      print: (options: PrintOptions) => {
        log.push(`${id} print ${JSON.stringify(options)}`);
        const r = outcome(id);
        // Hold each job a moment so an overlapping second job would show up in the log.
        return new Promise((resolve, reject) => {
          release = () => (r instanceof Error ? reject(r) : resolve(r));
          setImmediate(release);
        });
      },
      destroy: () => void log.push(`${id} destroy`),
    };
  };
  return { log, createSurface };
}

describe('receipt printing', () => {
  it('prints silently on the configured printer and closes the hidden window', async () => {
    const { log, createSurface } = surfaces(() => ({ success: true, failureReason: '' }));
    const print = createReceiptPrinter({ createSurface, printer: 'EPSON_TM_T20III', log: memoryLog() });
    expect(await print({ html: '<h1>A023</h1>', copies: 2 })).toEqual({ ok: true });
    expect(log).toEqual([
      '1 load <h1>A023</h1>',
      '1 print {"silent":true,"printBackground":true,"copies":2,"margins":{"marginType":"none"},"deviceName":"EPSON_TM_T20III"}',
      '1 destroy',
    ]);
  });

  it('says what to check when the printer fails, and still closes the window', async () => {
    const { log, createSurface } = surfaces(() => ({ success: false, failureReason: 'Print job failed' }));
    const print = createReceiptPrinter({ createSurface, log: memoryLog() });
    const r = await print({ html: '<p>x</p>', copies: 1 });
    expect(r).toMatchObject({ ok: false, code: 'PRINT_FAILED' });
    expect(r.ok === false && r.message).toContain('check paper and power');
    expect(log.at(-1)).toBe('1 destroy');
  });

  it('reports an error thrown while printing as a failed print, not a crash', async () => {
    const { createSurface } = surfaces(() => new Error('render process gone'));
    const print = createReceiptPrinter({ createSurface, log: memoryLog() });
    expect(await print({ html: '<p>x</p>', copies: 1 })).toMatchObject({ ok: false, code: 'PRINT_FAILED' });
  });

  it('prints one receipt at a time when two customers tap at once', async () => {
    const { log, createSurface } = surfaces((n) =>
      n === 1 ? { success: false, failureReason: 'jam' } : { success: true, failureReason: '' },
    );
    const print = createReceiptPrinter({ createSurface, log: memoryLog() });
    const [a, b] = await Promise.all([print({ html: 'A', copies: 1 }), print({ html: 'B', copies: 1 })]);
    expect([a.ok, b.ok]).toEqual([false, true]);
    expect(log.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([
      '1 load',
      '1 print',
      '1 destroy',
      '2 load',
      '2 print',
      '2 destroy',
    ]);
  });
});
