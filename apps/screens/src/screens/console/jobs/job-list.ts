// The jobs section's pure parts: the order advisors read the list in, the moves a job offers, and
// turning what an advisor types into what the hub takes.
import {
  checkStaffMove,
  idleReasons,
  stageTransitions,
  type IdleReason,
  type JobStage,
  type JobView,
  type MoveContext,
} from '@glassbay/protocol';

const closed = (s: JobStage) => s === 'delivered' || s === 'cancelled';

/** Late jobs first (they need a call to the customer), then waiting on the customer, then by check-in; closed last. */
export function consoleOrder(jobs: JobView[]): JobView[] {
  const rank = (j: JobView) => (closed(j.stage) ? 3 : j.late ? 0 : j.stage === 'awaiting-approval' ? 1 : 2);
  return [...jobs].sort((a, b) => rank(a) - rank(b) || a.createdAt - b.createdAt || +a.id - +b.id);
}

/**
 * The moves offered as buttons: exactly those the hub's rule accepts now (checkStaffMove, shared
 * through the protocol). "Awaiting approval" comes from an approval request instead; service waits for
 * a bay, which `needsBay` says so the advisor knows why it is not offered.
 */
export function offeredMoves(job: MoveContext): { moves: JobStage[]; needsBay: boolean } {
  const moves = stageTransitions[job.stage].filter((to) => to !== 'awaiting-approval');
  return {
    moves: moves.filter((to) => checkStaffMove(job, to).ok),
    needsBay: moves.some((to) => {
      const check = checkStaffMove(job, to);
      return !check.ok && check.code === 'BAY_REQUIRED';
    }),
  };
}

/** "680", "680.5", "¥1,280.00" → cents; null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const clean = text.replace(/[¥￥,\s]/g, '');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(clean)) return null;
  return Math.round(Number(clean) * 100);
}

export const formatYuan = (cents: number, lang: string) =>
  new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY' }).format(cents / 100);

/**
 * The pause reason staff last gave in this stage, as the hub reads it (job-views.ts idleReasonOf): the
 * newest "idle-reason" entry since the stage began; an empty note is a clear.
 */
export function currentIdleReason(job: Pick<JobView, 'timeline' | 'stageSince'>): IdleReason | null {
  const last = job.timeline.filter((e) => e.event === 'idle-reason' && e.at >= job.stageSince).at(-1);
  return last && (idleReasons as readonly string[]).includes(last.note ?? '') ? (last.note as IdleReason) : null;
}
