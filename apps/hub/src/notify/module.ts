// The notify module: messages to the customer when it matters — the ticket called to a desk, an
// approval needed, the car ready for pickup, a delay beyond the promise — sent to the shop's gateway
// (SMS, WeChat) as signed webhooks from a persistent outbox. It listens to the queue's and the jobs'
// ports, inside the transactions of their events, so a message exists only if its cause was stored.
import { NOTIFY_NOTICE_ID } from '@glassbay/protocol';
import { delayBeyondPromise } from '../domain/notify.ts';
import { hashFollowToken, type JobsModule } from '../jobs/module.ts';
import type { HubModule, Kernel } from '../module.ts';
import type { QueueModule } from '../queue/module.ts';
import { createDelivery } from './delivery.ts';
import { createNotifyRepository } from './notify.repository.ts';
import { keepRawOptOutBodies, mountNotifyRoutes } from './notify.routes.ts';
import { createNotifyService } from './notify.service.ts';

/** The stages after which a delay is no longer news (the car is ready or gone). */
const DONE = new Set(['ready', 'delivered', 'cancelled']);

export function createNotifyModule(
  k: Kernel,
  ports: {
    queue: Pick<QueueModule, 'onCheckedIn' | 'onTicketCalled'>;
    jobs: Pick<JobsModule, 'onJobEvent' | 'onJobPublished' | 'job' | 'recordEvent' | 'refreshEta' | 'jobOfFollowHash'>;
  },
) {
  const repo = createNotifyRepository(k.db);
  const { notify: env } = k.config;
  const log = k.log.child({ part: 'notify' });
  const service = createNotifyService({
    ...{ repo, turn: k.turn, relay: k.relay, jobs: ports.jobs, env },
    kick: () => delivery.kick(),
  });
  const delivery = createDelivery({
    ...{ repo, turn: k.turn, log },
    gateway: service.gateway,
    policy: { maxAttempts: env.maxAttempts, retryBaseMs: env.retryBaseMs, retryCapMs: 10 * 60_000, timeoutMs: 10_000 },
    onOutcome: service.outcome,
  });
  const rawBodies = keepRawOptOutBodies(k.app);

  ports.queue.onCheckedIn((t, now) => service.consent(t, now));
  ports.queue.onTicketCalled((t, desk, now) =>
    service.queue(
      {
        ...{ kind: 'ticket-called', followTokenHash: t.followTokenHash, ref: t.number, jobId: null },
        cause: `called:${t.id}:${now}`,
        facts: { ref: t.number, desk: desk.name },
      },
      now,
    ),
  );
  ports.jobs.onJobEvent((job, e) => {
    if (job.followTokenHash) service.bindJob(job.followTokenHash, job.id);
    const base = { followTokenHash: job.followTokenHash, ref: job.code, jobId: job.id };
    if (e.event === 'approval-requested')
      service.queue(
        {
          ...base,
          kind: 'approval-needed',
          cause: `approval:${job.id}:${e.at}`,
          facts: { ref: job.code, item: e.note ?? '' },
        },
        e.at,
      );
    else if (!e.event && e.stage === 'ready')
      service.queue(
        { ...base, kind: 'ready-for-pickup', cause: `ready:${job.id}:${e.at}`, facts: { ref: job.code } },
        e.at,
      );
  });
  ports.jobs.onJobPublished((job, view, now) => {
    if (DONE.has(job.stage) || !delayBeyondPromise(view, job.checkinPromisedAt, env.delayThresholdMin * 60_000)) return;
    const queued = service.queue(
      {
        ...{ kind: 'delayed', followTokenHash: job.followTokenHash, ref: job.code, jobId: job.id },
        // Told once per job: a second slip is not a second message.
        cause: `delayed:${job.id}`,
        facts: { ref: job.code, eta: view.eta!, promisedAt: job.checkinPromisedAt! },
      },
      now,
    );
    // The timeline's new entry reaches the console with the job's next publish (not inside this one).
    if (queued) setImmediate(() => ports.jobs.refreshEta(job.id, Date.now()));
  });

  // Messages left queued by the last run (stopped mid-retry) go on where they stopped.
  setImmediate(() => delivery.kick());

  const module: HubModule = {
    name: 'notify',
    fill(state) {
      const notice = service.notice();
      if (notice) state.hubNotices[NOTIFY_NOTICE_ID] = notice;
    },
    routes: (mount) => mountNotifyRoutes(mount, { service, rawBodies, hashToken: hashFollowToken }),
    stop: () => delivery.stop(),
  };
  return { module, service };
}
