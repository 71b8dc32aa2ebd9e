// Customer messages: the consent taken at check-in, the messages their causes queue (in the cause's
// own transaction), what each delivery's outcome changes (the job's timeline, the console's notice),
// the opt-outs, and the gateway the shop set. Delivery itself is delivery.ts.
import { randomUUID } from 'node:crypto';
import {
  NOTIFY_NOTICE_ID,
  type HubNotice,
  type NotifyMessageKind,
  type NotifyStatus,
  type NotifyWebhookBody,
  type TimelineEntry,
} from '@glassbay/protocol';
import { messageText, type MessageFacts } from '../domain/notify.ts';
import type { HubConfig } from '../config.ts';
import type { Publisher } from '../realtime/publisher.ts';
import type { Turn } from '../store/turn.ts';
import type { Attempt, Gateway } from './delivery.ts';
import type { NotifyRepository, OutboxRow } from './notify.repository.ts';

/** What notify needs of the jobs (their ports): a job's stage, and its timeline. */
export interface NotifyJobs {
  job(jobId: string): { stage: TimelineEntry['stage'] } | undefined;
  recordEvent(jobId: string, entry: TimelineEntry): void;
  refreshEta(jobId: string, now: number): void;
  jobOfFollowHash(tokenHash: string): string | undefined;
}

export interface QueueMessage {
  kind: NotifyMessageKind;
  followTokenHash: string | null;
  ref: string;
  jobId: string | null;
  /** The cause, unique: a cause makes one message at most. */
  cause: string;
  facts: MessageFacts;
}

export function createNotifyService(deps: {
  repo: NotifyRepository;
  turn: Pick<Turn, 'write' | 'atEnd'>;
  relay: Publisher;
  jobs: NotifyJobs;
  env: HubConfig['notify'];
  /** Look for due messages (delivery.ts). */
  kick: () => void;
}) {
  const { repo, turn, relay, jobs, env } = deps;
  let notice: HubNotice | null = null;

  const timeline = (
    jobId: string | null,
    event: 'message-queued' | 'message-sent' | 'message-failed',
    reason: string,
  ) => {
    const job = jobId === null ? undefined : jobs.job(jobId);
    if (!job || jobId === null) return false;
    jobs.recordEvent(jobId, { stage: job.stage, at: Date.now(), event, by: { kind: 'system', reason } });
    return true;
  };

  function gateway(): (Gateway & { source: 'console' | 'env' }) | null {
    const set = repo.settings();
    if (set?.webhook_url && set.secret) return { url: set.webhook_url, secret: set.secret, source: 'console' };
    if (env.webhookUrl && env.secret) return { url: env.webhookUrl, secret: env.secret, source: 'env' };
    return null;
  }

  const setNotice = (next: HubNotice | null) => {
    if (next === null && notice === null) return;
    notice = next;
    relay.publish('hubNotices', NOTIFY_NOTICE_ID, next);
  };

  return {
    gateway,
    notice: () => notice,

    /** At check-in, in its transaction: only a customer who ticked the box is ever messaged. */
    consent(
      t: { ticketId: number; followTokenHash: string; phone: string; lang: 'zh-CN' | 'en'; consent: boolean },
      now: number,
    ) {
      if (t.consent) repo.addRecipient(t.followTokenHash, t.ticketId, t.phone, t.lang, now);
    },

    /**
     * Store a message in the transaction of its cause (the caller's, or one of its own); it is sent
     * once that commits. Nothing without a consent that still holds.
     */
    queue(m: QueueMessage, now: number): boolean {
      const stored = turn.write(() => {
        const to = repo.recipient(m.followTokenHash, m.jobId);
        if (!to) return false;
        const id = randomUUID();
        const body: NotifyWebhookBody = {
          id,
          kind: m.kind,
          lang: to.lang,
          to: to.phone,
          text: messageText(m.kind, to.lang, m.facts),
          ref: m.ref,
          createdAt: now,
        };
        const ok = repo.insert({
          ...{ id, cause: m.cause, recipientId: to.id, kind: m.kind, ref: m.ref, jobId: m.jobId },
          body: JSON.stringify(body),
          createdAt: now,
        });
        if (ok) timeline(m.jobId, 'message-queued', m.kind);
        return ok;
      });
      if (stored) turn.atEnd((committed) => committed && deps.kick());
      return stored;
    },

    /** After a delivery attempt was written: the job's timeline and the console's notice. */
    outcome(row: OutboxRow, attempt: Attempt, final: 'sent' | 'failed' | 'retry') {
      if (attempt.ok) setNotice(null);
      else {
        const host = gateway() ? new URL(gateway()!.url).host : 'gateway';
        const waiting = repo.counts().queued;
        setNotice({
          id: NOTIFY_NOTICE_ID,
          code: attempt.problem,
          since: notice?.code === attempt.problem ? notice.since : Date.now(),
          detail: `${host}: ${attempt.error}; ${waiting} message(s) waiting, none lost`,
        });
      }
      if (final === 'retry') return;
      const recorded = turn.write(() =>
        timeline(row.job_id, final === 'sent' ? 'message-sent' : 'message-failed', row.kind),
      );
      if (recorded && row.job_id !== null) jobs.refreshEta(row.job_id, Date.now());
    },

    /** Inside the job's first event's transaction: the job belongs to the visit that consented. */
    bindJob: (followTokenHash: string, jobId: string) => turn.write(() => repo.bindJob(followTokenHash, jobId)),

    optOutVisit: (followTokenHash: string, now: number) =>
      turn.write(() => repo.optOutVisit(followTokenHash, jobs.jobOfFollowHash(followTokenHash), now)),
    optOutPhone: (phone: string, now: number) => turn.write(() => repo.optOutPhone(phone, now)),

    saveGateway(url: string | null, secret: string | undefined, now: number) {
      const current = repo.settings();
      turn.write(() => {
        repo.saveSettings(url, url === null ? null : (secret ?? current?.secret ?? null), now);
        // A gateway just set or mended: what waits is tried at once, not at its next backed-off turn.
        repo.allDueNow(now);
      });
      turn.atEnd((committed) => committed && deps.kick());
    },

    status(): NotifyStatus {
      const g = gateway();
      return {
        configured: g !== null,
        source: g?.source ?? 'none',
        gatewayHost: g ? new URL(g.url).host : null,
        counts: repo.counts(),
        lastError: notice?.detail ?? null,
        recent: repo.recent(50),
      };
    },
  };
}
export type NotifyService = ReturnType<typeof createNotifyService>;
