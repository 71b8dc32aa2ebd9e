// How the console lists wristband alerts: what holds a car back first, then what is still open,
// newest first within each; and how minutes read. Pure, so it is tested without a browser.
import type { AlertView } from '@glassbay/protocol';

const rank = (a: AlertView) => (a.blocksRelease ? 0 : a.state === 'open' ? 1 : a.state === 'acknowledged' ? 2 : 3);

export function alertOrder(alerts: readonly AlertView[]): AlertView[] {
  return [...alerts].sort((a, b) => rank(a) - rank(b) || b.raisedAt - a.raisedAt);
}

/** Open or acknowledged: still needs someone. */
export const isLive = (a: AlertView) => a.state === 'open' || a.state === 'acknowledged';

/** 6, 6.5, 14.8 minutes: one decimal, never rounded up to the minimum it missed. */
export function minutes(ms: number | null): string {
  if (ms === null) return '—';
  const m = Math.floor((ms / 60_000) * 10) / 10;
  return Number.isInteger(m) ? String(m) : m.toFixed(1);
}
