// Delivering the outbox to the shop's gateway, one message at a time, after the turn that stored it
// committed. Each attempt POSTs the stored body with its Idempotency-Key and an HMAC-SHA256 signature
// (protocol notify.ts); a 2xx marks it sent, anything else schedules the next attempt with a doubling
// wait until the attempts run out (then failed). Every outcome is written before the next message is
// tried, so a hub stopped mid-retry finds the row still queued, with its attempts, on the next start.
import { createHmac } from 'node:crypto';
import { NOTIFY_HEADERS, formatNotifySignature, notifySignedText, type NotifyNoticeCode } from '@glassbay/protocol';
import { retryDelayMs } from '../domain/notify.ts';
import type { Logger } from '../logger.ts';
import type { Turn } from '../store/turn.ts';
import type { NotifyRepository, OutboxRow } from './notify.repository.ts';

export interface Gateway {
  url: string;
  secret: string;
}

export type Attempt =
  | { ok: true }
  | { ok: false; problem: Extract<NotifyNoticeCode, 'notifier_refused' | 'notifier_unreachable'>; error: string };

export interface DeliveryPolicy {
  maxAttempts: number;
  retryBaseMs: number;
  retryCapMs: number;
  /** One attempt's limit: a gateway that hangs counts as unreachable. */
  timeoutMs: number;
}

export interface DeliveryDeps {
  repo: NotifyRepository;
  turn: Pick<Turn, 'write'>;
  log: Logger;
  gateway: () => Gateway | null;
  policy: DeliveryPolicy;
  /** Told after each attempt's outcome is written (the job's timeline, the console's notice). */
  onOutcome: (row: OutboxRow, attempt: Attempt, final: 'sent' | 'failed' | 'retry') => void;
}

export const sign = (secret: string, timestampMs: number, body: string) =>
  formatNotifySignature(
    timestampMs,
    createHmac('sha256', secret).update(notifySignedText(timestampMs, body)).digest('hex'),
  );

/** One POST of a stored message; never throws. */
export async function post(
  gateway: Gateway,
  row: Pick<OutboxRow, 'id' | 'body'>,
  signal: AbortSignal,
): Promise<Attempt> {
  try {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [NOTIFY_HEADERS.idempotencyKey]: row.id,
        [NOTIFY_HEADERS.signature]: sign(gateway.secret, Date.now(), row.body),
      },
      body: row.body,
      // The phone number goes to the configured gateway only: a redirect elsewhere is a refusal.
      redirect: 'manual',
      signal,
    });
    await res.body?.cancel();
    return res.ok ? { ok: true } : { ok: false, problem: 'notifier_refused', error: `HTTP ${res.status}` };
  } catch (err) {
    // fetch says "fetch failed"; the reason a person can act on (ECONNREFUSED, a timeout) is its cause.
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const error = e.cause?.code ?? e.cause?.message ?? (e.name === 'TimeoutError' ? 'no answer in time' : e.message);
    return { ok: false, problem: 'notifier_unreachable', error };
  }
}

export function createDelivery(deps: DeliveryDeps) {
  const { repo, turn, log, policy } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const stopping = new AbortController();

  async function drain(): Promise<void> {
    for (;;) {
      again = false;
      if (stopped) return;
      const row = repo.nextQueued();
      const gateway = deps.gateway();
      if (!row || !gateway) return;
      const wait = (row.next_attempt_at ?? 0) - Date.now();
      if (wait > 0) {
        clearTimeout(timer);
        timer = setTimeout(kick, wait);
        timer.unref();
        return;
      }
      const attempt = await post(
        gateway,
        row,
        AbortSignal.any([stopping.signal, AbortSignal.timeout(policy.timeoutMs)]),
      );
      // Stopped mid-attempt: write nothing; the row stays queued and the next start sends it again
      // (same Idempotency-Key, so a gateway that did get it sends nothing twice).
      if (stopped) return;
      const now = Date.now();
      const attemptsNow = row.attempts + 1;
      const final = attempt.ok ? 'sent' : attemptsNow >= policy.maxAttempts ? 'failed' : 'retry';
      const written = turn.write(() => {
        if (attempt.ok) return repo.markSent(row.seq, now);
        if (final === 'failed') return repo.markFailed(row.seq, now, attempt.error);
        return repo.markRetry(
          row.seq,
          now + retryDelayMs(attemptsNow, policy.retryBaseMs, policy.retryCapMs),
          attempt.error,
        );
      });
      if (!attempt.ok)
        log.warn({ message: row.id, attempt: attemptsNow, error: attempt.error }, 'customer message not delivered');
      // Cancelled by an opt-out while the attempt was under way: nothing more to tell.
      if (written) deps.onOutcome(row, attempt, final);
    }
  }

  /** Look for due messages now (a message was stored, the gateway changed, a retry came due). */
  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((err: unknown) => log.error({ err }, 'customer message delivery failed'))
      .finally(() => {
        running = undefined;
        if (again) kick();
      });
  }

  return {
    kick,
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      stopping.abort();
      await running;
    },
  };
}
export type Delivery = ReturnType<typeof createDelivery>;
