// The wait a customer is told, in words: a range when there is data, "now" when a desk is free, and
// a plain "cannot estimate" when no desk is open. Shared by the kiosk, its receipt and the board.
import type { WaitEstimate } from '@glassbay/protocol';
import type { Language } from '../../lib/i18n.svelte.ts';

export function waitShort(w: WaitEstimate | null | undefined, lang: Language): string {
  if (!w || w.kind === 'unknown') return lang === 'en' ? 'wait unknown' : '暂无法估计';
  if (w.kind === 'now') return lang === 'en' ? 'now' : '即刻';
  return lang === 'en' ? `${w.lowMin}–${w.highMin} min` : `${w.lowMin}–${w.highMin} 分钟`;
}
