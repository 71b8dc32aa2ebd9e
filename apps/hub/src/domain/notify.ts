// The rules of customer messages, as plain functions: what each message says in the customer's
// language, when a delay is worth telling, and how long to wait before the next delivery attempt.
import type { CustomerLanguage, NotifyMessageKind } from '@glassbay/protocol';

/** What a message may mention: the customer's own handle (ticket number or job code), never the plate. */
export interface MessageFacts {
  ref: string;
  /** ticket-called: the desk, in both languages. */
  desk?: { zh: string; en: string };
  /** approval-needed: what the advisor asks about. */
  item?: string;
  /** delayed: the estimate now and the promise made, epoch ms. */
  eta?: number;
  promisedAt?: number;
}

const clock = (ms: number, lang: CustomerLanguage) =>
  new Date(ms).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour: '2-digit', minute: '2-digit' });

/** The message text, in the language the customer chose at the kiosk. */
export function messageText(kind: NotifyMessageKind, lang: CustomerLanguage, f: MessageFacts): string {
  const en = lang === 'en';
  switch (kind) {
    case 'ticket-called': {
      const desk = f.desk ? (en ? f.desk.en : f.desk.zh) : en ? 'the service desk' : '服务台';
      return en
        ? `Ticket ${f.ref}: it is your turn, please come to ${desk}.`
        : `${f.ref}号，轮到您了，请到${desk}办理。`;
    }
    case 'approval-needed':
      return en
        ? `Your car (${f.ref}) needs your decision on extra work: ${f.item ?? ''}. Open your follow link to approve or decline.`
        : `您的车辆（${f.ref}）有追加项目需要您确认：${f.item ?? ''}。请打开跟踪链接同意或拒绝。`;
    case 'ready-for-pickup':
      return en
        ? `Your car (${f.ref}) is ready for pickup. Please come to the service desk.`
        : `您的车辆（${f.ref}）已完工，可以取车了，请到服务台办理。`;
    case 'delayed': {
      const eta = f.eta === undefined ? '' : clock(f.eta, lang);
      const promised = f.promisedAt === undefined ? '' : clock(f.promisedAt, lang);
      return en
        ? `Sorry: your car (${f.ref}) is now expected at ${eta}, later than the ${promised} we promised. We will tell you when it is ready.`
        : `抱歉，您的车辆（${f.ref}）预计${eta}完工，晚于承诺的${promised}。完工后我们会再通知您。`;
    }
  }
}

/**
 * A delay worth a message: the shown estimate is past the promise made at check-in by more than the
 * threshold. One small function so that the estimate's range (the ETA's p90, once it has one) can
 * replace the single estimate here without touching the callers.
 */
export function delayBeyondPromise(
  shown: { eta: number | null; etaHigh?: number | null },
  promisedAt: number | null,
  thresholdMs: number,
): boolean {
  const expected = shown.etaHigh ?? shown.eta;
  if (expected === null || promisedAt === null) return false;
  return expected - promisedAt > thresholdMs;
}

/** Wait before attempt `attempt + 1` (attempt ≥ 1 failed so far): doubling from `baseMs`, capped. */
export function retryDelayMs(attempt: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
