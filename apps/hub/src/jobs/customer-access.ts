// What customers do with their job: follow it by the token of their link, answer approvals, rate the
// visit; and at the lounge board, prove the ticket code of a job to see more of it. A token opens one
// job only, and stops working a grace period after the job closed.
import { timingSafeEqual } from 'node:crypto';
import {
  UNLOCK_LIMITS,
  type CustomerJobView,
  type FollowView,
  type LoungeJobDetail,
  type QueuedFollowView,
} from '@glassbay/protocol';
import { afterApprovals, followOpen, toCustomerJob, toPublicJob } from '../domain/jobs.ts';
import type { BayDirectory } from '../bays/module.ts';
import type { Db } from '../store/db.ts';
import type { JobRecord, JobsRepository } from './jobs.repository.ts';
import { AppError } from '../domain/errors.ts';
import { createUnlockFailuresRepository } from './unlock-failures.repository.ts';
import { loungeCodeOf } from '../domain/lounge-code.ts';
import { hashFollowToken } from './job-views.ts';
import type { JobsService } from './jobs.service.ts';

/** The queue module's answer for a token whose ticket has not become a job yet. */
export type QueuedTicketLookup = (tokenHash: string, now: number) => QueuedFollowView | undefined;

const unknownLink = () =>
  new AppError(404, 'FOLLOW_LINK_UNKNOWN', 'this follow link is not valid; ask the service desk for a new one');
const expiredLink = () =>
  new AppError(410, 'FOLLOW_LINK_EXPIRED', 'this car has been handed over, so its follow link has expired');

export function createCustomerJobs(deps: {
  db: Db;
  jobs: JobsRepository;
  bays: BayDirectory;
  core: JobsService;
  queuedTicket?: QueuedTicketLookup | undefined;
}) {
  const { db, jobs, bays, core } = deps;
  const { requireJob, moveInTx, publishAfter, viewsOf, bayName, followGraceMs } = core.internals;
  const failures = createUnlockFailuresRepository(db);

  /** The job behind a token, refused when the link is unknown or has expired. */
  function jobOf(token: string, now: number): JobRecord {
    const job = jobs.byTokenHash(hashFollowToken(token));
    if (!job) throw unknownLink();
    if (!followOpen(job.closedAt, now, followGraceMs)) throw expiredLink();
    return job;
  }

  function customerView(job: JobRecord, now: number): CustomerJobView {
    const view = viewsOf([job, ...jobs.open().filter((j) => j.id !== job.id)], now).get(job.id)!.view;
    return toCustomerJob(view, {
      bayName: bayName(view.bayId),
      closedAt: job.closedAt,
      graceMs: followGraceMs,
      loungeCode: job.followTokenHash ? loungeCodeOf(job.followTokenHash) : null,
    });
  }

  function follow(token: string, now: number): { tokenHash: string; view: FollowView; until: number | null } {
    const tokenHash = hashFollowToken(token);
    const job = jobs.byTokenHash(tokenHash);
    if (!job) {
      const ticket = deps.queuedTicket?.(tokenHash, now);
      if (!ticket) throw unknownLink();
      return { tokenHash, view: { kind: 'queued', ticket }, until: null };
    }
    if (!followOpen(job.closedAt, now, followGraceMs)) throw expiredLink();
    const view = customerView(job, now);
    return { tokenHash, view: { kind: 'job', job: view }, until: view.followUntil };
  }

  return {
    follow,

    decide(token: string, approvalId: number, decision: 'approved' | 'declined', now: number): CustomerJobView {
      const job = jobOf(token, now);
      db.transaction(() => {
        const current = requireJob(job.id);
        const approval = current.approvals.find((a) => a.id === approvalId);
        // Another job's approval is as unknown to this link as one that does not exist.
        if (!approval) throw new AppError(404, 'APPROVAL_NOT_FOUND', 'there is no such request on your car');
        if (!jobs.decideApproval(approvalId, decision, now))
          throw new AppError(409, 'APPROVAL_DECIDED', `you already answered this request (${approval.state})`);
        const by = { kind: 'customer' } as const;
        const what = typeof approval.description === 'string' ? approval.description : approval.description.en;
        jobs.addEvent(job.id, {
          stage: current.stage,
          at: now,
          by,
          event: 'approval-decided',
          note: `${decision}: ${what}`,
        });
        const stillPending = current.approvals.some((a) => a.id !== approvalId && a.state === 'pending');
        if (current.stage === 'awaiting-approval' && !stillPending) {
          // Back to work when the car is on its bay (the sensor says so, or it was in service before).
          const occupied = current.bayId ? bays.state(current.bayId)?.occupied : null;
          const before = current.timeline.filter((e) => !e.event).at(-2)?.stage;
          const onBay = occupied === true || (occupied !== false && before === 'in-service');
          moveInTx(current, afterApprovals(current.bayId, onBay), by, now);
        }
      })();
      publishAfter(job.id, now);
      return customerView(requireJob(job.id), now);
    },

    rate(token: string, stars: number, comment: string | null, now: number): CustomerJobView {
      const job = jobOf(token, now);
      if (job.rating) throw new AppError(409, 'RATING_DONE', 'thank you, this visit is already rated');
      if (job.stage !== 'ready' && job.stage !== 'delivered')
        throw new AppError(409, 'RATING_NOT_YET', 'you can rate the visit once your car is ready');
      db.transaction(() => {
        jobs.setRating(job.id, stars, comment, now);
        jobs.addEvent(job.id, {
          stage: job.stage,
          at: now,
          by: { kind: 'customer' },
          event: 'rated',
          note: `${stars}/5`,
        });
      })();
      publishAfter(job.id, now);
      return customerView(requireJob(job.id), now);
    },

    /**
     * The lounge board: a tap on a job asks for its lounge code (on the ticket and the phone, never
     * the public ticket number) before showing more. Wrong codes are counted per job and per source
     * in the database (UNLOCK_LIMITS); past either limit even the right code waits out the window.
     */
    unlock(jobId: string, code: string, source: string, now: number): LoungeJobDetail {
      const job = jobs.get(jobId);
      const pub = job && toPublicJob(viewsOf([job], now).get(job.id)!.view);
      if (!job || !pub) throw new AppError(404, 'JOB_NOT_FOUND', 'this job is no longer on the board');
      const since = now - UNLOCK_LIMITS.windowMs;
      const keys = [`job:${jobId}`, `source:${source}`];
      failures.prune(since);
      if (
        failures.count(keys[0]!, since) >= UNLOCK_LIMITS.perJob ||
        failures.count(keys[1]!, since) >= UNLOCK_LIMITS.perSource
      )
        throw new AppError(429, 'UNLOCK_LOCKED', 'too many wrong codes; ask the service desk or try again later');
      const expected = Buffer.from(job.followTokenHash ? loungeCodeOf(job.followTokenHash) : '');
      const given = Buffer.from(code.trim());
      if (expected.length === 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        failures.add(keys, now);
        throw new AppError(403, 'TICKET_CODE_WRONG', 'that is not the lounge code of this car (on the ticket)');
      }
      return {
        id: pub.id,
        code: job.code,
        services: pub.services,
        stage: pub.stage,
        eta: pub.eta,
        etaRange: pub.etaRange,
        idle: pub.idle,
        bayId: pub.bayId,
        timeline: pub.timeline,
      };
    },
  };
}
export type CustomerJobs = ReturnType<typeof createCustomerJobs>;
