// The jobs section's pure parts: the order advisors read the list in, the moves a job offers, and
// turning what an advisor types into what the hub takes.
import { stageTransitions, type JobStage, type JobView } from '@glassbay/protocol';

const closed = (s: JobStage) => s === 'delivered' || s === 'cancelled';

/** Late jobs first (they need a call to the customer), then waiting on the customer, then by check-in; closed last. */
export function consoleOrder(jobs: JobView[]): JobView[] {
  const rank = (j: JobView) => (closed(j.stage) ? 3 : j.late ? 0 : j.stage === 'awaiting-approval' ? 1 : 2);
  return [...jobs].sort((a, b) => rank(a) - rank(b) || a.createdAt - b.createdAt || +a.id - +b.id);
}

/**
 * The moves offered as buttons: exactly the table's allowed moves, except "awaiting approval", which
 * an approval request makes (there must be something to approve).
 */
export function offeredMoves(stage: JobStage): JobStage[] {
  return stageTransitions[stage].filter((s) => s !== 'awaiting-approval');
}

/** "680", "680.5", "¥1,280.00" → cents; null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const clean = text.replace(/[¥￥,\s]/g, '');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(clean)) return null;
  return Math.round(Number(clean) * 100);
}

export const formatYuan = (cents: number, lang: string) =>
  new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY' }).format(cents / 100);
