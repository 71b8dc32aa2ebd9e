// The notifier's tables (migration 0023): consents, the outbox of messages, and the console's gateway
// setting. Statements are prepared once; the service decides which transaction each write joins.
import type { CustomerLanguage, NotifyMessageKind, NotifyMessageState, NotifyMessageView } from '@glassbay/protocol';
import type { Db } from '../store/db.ts';

export interface Recipient {
  id: number;
  phone: string;
  lang: CustomerLanguage;
}

export interface OutboxRow {
  seq: number;
  id: string;
  cause: string;
  recipient_id: number;
  kind: NotifyMessageKind;
  ref: string;
  job_id: string | null;
  body: string;
  state: NotifyMessageState;
  attempts: number;
  created_at: number;
  next_attempt_at: number | null;
  last_error: string | null;
  finished_at: number | null;
}

export interface NewMessage {
  id: string;
  cause: string;
  recipientId: number;
  kind: NotifyMessageKind;
  ref: string;
  jobId: string | null;
  body: string;
  createdAt: number;
}

export const toMessageView = (r: OutboxRow): NotifyMessageView => ({
  id: r.id,
  kind: r.kind,
  ref: r.ref,
  jobId: r.job_id,
  state: r.state,
  attempts: r.attempts,
  createdAt: r.created_at,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
});

export function createNotifyRepository(db: Db) {
  const q = {
    addRecipient: db.prepare(
      `INSERT INTO notify_recipients (follow_token_hash, ticket_id, phone, lang, consented_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (follow_token_hash) DO NOTHING`,
    ),
    recipient: db.prepare<[string], Recipient>(
      'SELECT id, phone, lang FROM notify_recipients WHERE follow_token_hash = ? AND opted_out_at IS NULL',
    ),
    recipientOfJob: db.prepare<[string], Recipient>(
      'SELECT id, phone, lang FROM notify_recipients WHERE job_id = ? AND opted_out_at IS NULL ORDER BY id DESC',
    ),
    bindJob: db.prepare<[string, string]>(
      'UPDATE notify_recipients SET job_id = ? WHERE follow_token_hash = ? AND job_id IS NULL',
    ),
    optOutHash: db.prepare<[number, string]>(
      'UPDATE notify_recipients SET opted_out_at = coalesce(opted_out_at, ?) WHERE follow_token_hash = ?',
    ),
    optOutJob: db.prepare<[number, string]>(
      'UPDATE notify_recipients SET opted_out_at = coalesce(opted_out_at, ?) WHERE job_id = ?',
    ),
    optOutPhone: db.prepare<[number, string]>(
      'UPDATE notify_recipients SET opted_out_at = ? WHERE phone = ? AND opted_out_at IS NULL',
    ),
    cancelOptedOut: db.prepare<[number]>(
      `UPDATE notify_outbox SET state = 'cancelled', finished_at = ?, next_attempt_at = NULL
       WHERE state = 'queued' AND recipient_id IN (SELECT id FROM notify_recipients WHERE opted_out_at IS NOT NULL)`,
    ),
    insert: db.prepare(
      `INSERT INTO notify_outbox (id, cause, recipient_id, kind, ref, job_id, body, created_at, next_attempt_at)
       VALUES (@id, @cause, @recipientId, @kind, @ref, @jobId, @body, @createdAt, @createdAt)
       ON CONFLICT (cause) DO NOTHING`,
    ),
    nextQueued: db.prepare<[], OutboxRow>(
      `SELECT * FROM notify_outbox WHERE state = 'queued' ORDER BY next_attempt_at, seq LIMIT 1`,
    ),
    one: db.prepare<[number], OutboxRow>('SELECT * FROM notify_outbox WHERE seq = ?'),
    sent: db.prepare<[number, number]>(
      `UPDATE notify_outbox SET state = 'sent', attempts = attempts + 1, finished_at = ?, next_attempt_at = NULL,
         last_error = NULL WHERE seq = ? AND state = 'queued'`,
    ),
    retry: db.prepare<[number, string, number]>(
      `UPDATE notify_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?
       WHERE seq = ? AND state = 'queued'`,
    ),
    failed: db.prepare<[number, string, number]>(
      `UPDATE notify_outbox SET state = 'failed', attempts = attempts + 1, finished_at = ?, next_attempt_at = NULL,
         last_error = ? WHERE seq = ? AND state = 'queued'`,
    ),
    counts: db.prepare<[], { state: NotifyMessageState; n: number }>(
      'SELECT state, count(*) AS n FROM notify_outbox GROUP BY state',
    ),
    recent: db.prepare<[number], OutboxRow>('SELECT * FROM notify_outbox ORDER BY seq DESC LIMIT ?'),
    settings: db.prepare<[], { webhook_url: string | null; secret: string | null }>(
      'SELECT webhook_url, secret FROM notify_settings WHERE id = 1',
    ),
    dueNow: db.prepare<[number, number]>(
      `UPDATE notify_outbox SET next_attempt_at = ? WHERE state = 'queued' AND next_attempt_at > ?`,
    ),
    saveSettings: db.prepare<[string | null, string | null, number]>(
      `INSERT INTO notify_settings (id, webhook_url, secret, updated_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET webhook_url = excluded.webhook_url, secret = excluded.secret,
         updated_at = excluded.updated_at`,
    ),
  };

  return {
    addRecipient: (hash: string, ticketId: number, phone: string, lang: CustomerLanguage, now: number) =>
      void q.addRecipient.run(hash, ticketId, phone, lang, now),
    /** The consenting, not opted-out customer behind a follow token's hash, or behind the job. */
    recipient: (hash: string | null, jobId: string | null = null) =>
      (hash === null ? undefined : q.recipient.get(hash)) ?? (jobId === null ? undefined : q.recipientOfJob.get(jobId)),
    /** The job made from this visit's ticket: its messages find the customer even after a new follow link. */
    bindJob: (hash: string, jobId: string) => void q.bindJob.run(jobId, hash),
    /** Opt out one visit's consent (by its link, or its job's); true when it had one. Queued messages are cancelled. */
    optOutVisit(hash: string, jobId: string | undefined, now: number): boolean {
      const had =
        q.optOutHash.run(now, hash).changes > 0 || (jobId !== undefined && q.optOutJob.run(now, jobId).changes > 0);
      q.cancelOptedOut.run(now);
      return had;
    },
    /** Opt out every consent of a phone number (the gateway heard STOP); how many there were. */
    optOutPhone(phone: string, now: number): number {
      const n = q.optOutPhone.run(now, phone).changes;
      q.cancelOptedOut.run(now);
      return n;
    },
    /** False when a message of this cause exists already (a cause makes one message at most). */
    insert: (m: NewMessage) => q.insert.run(m).changes > 0,
    /** The queued message due first (it may be due later). */
    nextQueued: () => q.nextQueued.get(),
    one: (seq: number) => q.one.get(seq),
    markSent: (seq: number, now: number) => q.sent.run(now, seq).changes > 0,
    markRetry: (seq: number, at: number, error: string) => q.retry.run(at, error, seq).changes > 0,
    markFailed: (seq: number, now: number, error: string) => q.failed.run(now, error, seq).changes > 0,
    counts(): Record<NotifyMessageState, number> {
      const c = { queued: 0, sent: 0, failed: 0, cancelled: 0 };
      for (const r of q.counts.all()) c[r.state] = r.n;
      return c;
    },
    recent: (limit: number) => q.recent.all(limit).map(toMessageView),
    settings: () => q.settings.get(),
    saveSettings: (url: string | null, secret: string | null, now: number) => void q.saveSettings.run(url, secret, now),
    /** Every waiting message due now (the gateway changed: its last refusals say nothing of the new one). */
    allDueNow: (now: number) => void q.dueNow.run(now, now),
  };
}
export type NotifyRepository = ReturnType<typeof createNotifyRepository>;
