// How a KPI figure reads: minutes with one decimal, shares as percentages, stars with two decimals;
// and whether the day is better or worse than its baseline (by the figure's own direction).
import type { KpiFigure } from '@glassbay/protocol';

export function formatFigure(unit: KpiFigure['unit'], v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (unit === 'share') return `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;
  if (unit === 'stars') return v.toFixed(2);
  return v.toFixed(v < 10 ? 1 : 0);
}

/**
 * 'better', 'worse' or 'same' against the baseline. Within 5% of the baseline (relative) reads as
 * the same: a figure of a single day moves that much by chance.
 */
export function verdict(f: Pick<KpiFigure, 'value' | 'baseline' | 'better'>): 'better' | 'worse' | 'same' | null {
  if (f.value === null || f.baseline === null) return null;
  const scale = Math.max(Math.abs(f.baseline), 1e-9);
  const change = (f.value - f.baseline) / scale;
  if (Math.abs(change) < 0.05) return 'same';
  return change < 0 === (f.better === 'lower') ? 'better' : 'worse';
}
