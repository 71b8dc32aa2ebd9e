/**
 * Repair jobs: creation, stage moves with their rules, bay and technician, approvals, the ETA kept
 * current, and the bay sensors' observations. Every change is one transaction, then one publish to
 * the screens (staff: JobView, public boards: PublicJobView) and to the customer's phone.
 *
 * Other features have their say through the rules the jobs module composes from its ports (stage
 * guards, ETA contributors); the queue opens a job from a served ticket with `createFromTicket`,
 * adopting the follow token the ticket's QR code already carries (the hub stores only its hash).
 */
import {
  holdsBay,
  type BayNotice,
  type IdleReason,
  type JobStage,
  type JobStepProgress,
  type JobView,
  type ServiceDef,
  type StageActor,
} from '@glassbay/protocol';
import { checkStaffMove, toCustomerJob } from '../domain/jobs.ts';
import type { BayDirectory } from '../bays/module.ts';
import type { Db } from '../store/db.ts';
import type { JobRecord, JobsRepository } from './jobs.repository.ts';
import { AppError } from '../domain/errors.ts';
import { createJobFactory } from './job-create.ts';
import type { ComebackCheck } from './comebacks.ts';
import { minutesLookup, mintFollowToken, freeBaysOf, toJobView, toStepEtaJob } from './job-views.ts';
import { estimateShop, type WorkStep } from '../domain/eta-steps.ts';
import type { Publisher } from '../realtime/publisher.ts';
import type { FollowPush } from './follow.channel.ts';
import { loungeCodeOf } from '../domain/lounge-code.ts';
import { createBayWatch } from './job-sensors.ts';
import { createEtaBoard } from './eta-board.ts';
import { createStageHistory } from './stage-history.ts';

export { mintFollowToken, hashFollowToken } from './job-views.ts';

export type { CreateFromTicketInput, CreatedJob } from './job-create.ts';

/** How long closed jobs stay on the console. */
const CONSOLE_DAY_MS = 12 * 3600_000;

export interface JobsDeps {
  db: Db;
  jobs: JobsRepository;
  bays: BayDirectory;
  relay: Publisher;
  /** How long a follow link keeps working after delivery (the customer rates at handover). */
  followGraceMs: number;
  /** The customers' phones following their jobs (follow.channel.ts). */
  phone: FollowPush;
  /** Other features' say in stage moves and ETAs, through the jobs module's ports. */
  rules: StageRules;
  /** Whether a visit is a comeback (comebacks.ts); a new job is tagged for quality review. */
  comebackOf: ComebackCheck;
}

/**
 * Other modules' say in stage moves and ETAs (the wristbands: an open short operation keeps a car
 * from ready; quality check flags steps never done; steps past their standard move the ETA).
 */
export interface StageRules {
  /** Before a legal move, in a transaction of its own: what it records stays if the move is refused. */
  beforeMove?(jobId: string, to: JobStage, now: number): void;
  /** Throw an AppError to refuse the move; runs inside the move's transaction. */
  checkMove(jobId: string, to: JobStage): void;
  afterMove(jobId: string, to: JobStage, now: number): void;
  /** The job's SOP steps as the wristbands know them (by service code), for its learned ETA. */
  workOf(job: JobRecord, now: number): ReadonlyMap<string, WorkStep[]>;
  /** How long cars recently stood idle on their bays (minutes; the wristbands know), for the ETA. */
  stands?(now: number): readonly number[];
  /** The job's steps against its standards as the customer may see them (the wristbands), if known. */
  steps(job: JobRecord): JobStepProgress | null;
  /** A job's view was just published (notify compares its ETA with the promise). */
  published?(record: JobRecord, view: JobView, now: number): void;
}

/**
 * The job's own work facts behind its ETA (eta-steady.ts): a step started or ended, the car going
 * idle or back to work. A change in any of them is a cause to show a new ETA at once.
 */
function progressMark(steps: ReadonlyMap<string, WorkStep[]>, est: { idle: unknown } | null): string {
  let started = 0;
  let ended = 0;
  for (const list of steps.values())
    for (const s of list) {
      if (s.startedAt !== null) started++;
      if (s.endedAt !== null) ended++;
    }
  return `${started}/${ended}/${est?.idle ? 'idle' : ''}`;
}

/**
 * Steps are shown while the car is worked on: in service, and while an approval interrupts work
 * already begun. Before, the stage says it all; after, quality check and ready do, and a step left
 * undone is a matter for the manager, not for a public screen.
 */
function stepsShown(stage: JobStage, steps: JobStepProgress | null): JobStepProgress | null {
  if (stage === 'in-service') return steps;
  const begun = steps?.services.some((s) => s.steps.some((st) => st.state !== 'pending'));
  return stage === 'awaiting-approval' && begun ? steps : null;
}

const notFound = (id: string) => new AppError(404, 'JOB_NOT_FOUND', `no job ${id}; it may have been removed`);

export function createJobsService(deps: JobsDeps) {
  const { db, jobs, bays, relay, followGraceMs, rules, phone: follow } = deps;
  /** What each job's ETA and lateness were when last published, to publish only changes on a tick. */
  const published = new Map<string, string>();
  const etas = createEtaBoard();
  const stageTimes = createStageHistory(db);

  const menu = (): ServiceDef[] => jobs.services();

  /**
   * Every open job (and the console's closed ones) as staff see them now, with the steady ETA
   * (eta-board.ts); `commit` on the publishing path only, which records what the screens were shown.
   */
  function viewsOf(
    records: JobRecord[],
    now: number,
    commit = false,
  ): Map<string, { record: JobRecord; view: JobView }> {
    const minutesOf = minutesLookup(menu());
    const open = records.filter((r) => r.closedAt === null);
    const free = freeBaysOf(open, bays.list());
    const steps = new Map(records.map((r) => [r.id, r.closedAt === null ? rules.workOf(r, now) : new Map()]));
    const stages = stageTimes.spreads(now);
    const stands = rules.stands?.(now);
    const estimates = estimateShop(
      open.map((r) => ({ ...toStepEtaJob(r, minutesOf, steps.get(r.id)!), stages, ...(stands ? { stands } : {}) })),
      free,
      now,
    );
    return new Map(
      records.map((r) => {
        const est = estimates.get(r.id) ?? null;
        const shown = stepsShown(r.stage, rules.steps(r));
        const view = etas.steady(r, toJobView(r, est, shown), progressMark(steps.get(r.id)!, est), now, commit);
        return [r.id, { record: r, view }];
      }),
    );
  }

  const bayName = (bayId: string | null) => (bayId ? (bays.get(bayId)?.name ?? bayId) : null);

  function pushToPhone(record: JobRecord, view: JobView, now: number) {
    if (!record.followTokenHash) return;
    const job = toCustomerJob(view, {
      bayName: bayName(view.bayId),
      closedAt: record.closedAt,
      graceMs: followGraceMs,
      loungeCode: loungeCodeOf(record.followTokenHash),
    });
    follow.push(record.followTokenHash, { kind: 'job', job }, job.followUntil);
    follow.sweep(now);
  }

  /**
   * After a change: publish the changed job, and every other open job whose ETA or lateness moved
   * (one job starting service changes the wait of every job queued behind it).
   */
  function publishAfter(changedId: string | null, now: number): JobView | undefined {
    const records = jobs.open();
    const changed = changedId ? jobs.get(changedId) : undefined;
    if (changed && changed.closedAt !== null) records.push(changed);
    const views = viewsOf(records, now, true);
    for (const [id, { record, view }] of views) {
      const key = `${view.eta}|${view.late}`;
      if (id !== changedId && published.get(id) === key) continue;
      published.set(id, key);
      relay.publish('jobs', id, view);
      pushToPhone(record, view, now);
      rules.published?.(record, view, now);
    }
    if (changed && changed.closedAt !== null) published.delete(changed.id);
    return changedId ? views.get(changedId)?.view : undefined;
  }

  const requireJob = (id: string): JobRecord => {
    const job = jobs.get(id);
    if (!job) throw notFound(id);
    return job;
  };

  function moveInTx(job: JobRecord, to: JobStage, by: StageActor, now: number, note?: string) {
    const closing = to === 'delivered' || to === 'cancelled';
    jobs.setStage(job.id, to, now, closing ? now : null);
    jobs.addEvent(job.id, { stage: to, at: now, by, ...(note ? { note } : {}) });
  }

  const watch = createBayWatch({ db, jobs, relay, moveInTx, publishAfter });

  const factory = createJobFactory({ db, jobs, bays, menu, viewsOf, publishAfter, comebackOf: deps.comebackOf });

  return {
    services: menu,
    /** Something outside the jobs changed a job's ETA (a step overran): publish it. */
    refreshEta(id: string, now: number): void {
      publishAfter(id, now);
    },

    createFromTicket: factory.create,
    /** A job opened at the desk (a booked customer); `by` is the advisor. */
    createDirect: factory.createDirect,

    get(id: string, now: number): JobView {
      const job = requireJob(id);
      return viewsOf([job, ...jobs.open().filter((j) => j.id !== id)], now).get(id)!.view;
    },
    /** The console's day; `review: 'comeback'` keeps only the jobs tagged for quality review. */
    list(now: number, review?: 'comeback'): JobView[] {
      const views = [...viewsOf(jobs.visible(now - CONSOLE_DAY_MS), now).values()].map((v) => v.view);
      return review === 'comeback' ? views.filter((v) => v.comeback !== null) : views;
    },
    /** The screens' snapshot: the jobs of the console's day and the open bay notices. */
    loadInto(state: { jobs: Record<string, JobView | unknown>; bayNotices: Record<string, BayNotice> }, now: number) {
      for (const { view } of viewsOf(jobs.visible(now - CONSOLE_DAY_MS), now).values()) state.jobs[view.id] = view;
      for (const n of jobs.openNotices()) state.bayNotices[n.id] = n;
    },

    move(id: string, to: JobStage, by: StageActor, now: number, note?: string): JobView {
      // The release rules flag steps never done before they judge (the wristbands' beforeMove).
      if (checkStaffMove(requireJob(id), to).ok) rules.beforeMove?.(id, to, now);
      db.transaction(() => {
        const job = requireJob(id);
        const check = checkStaffMove(job, to);
        if (!check.ok) throw new AppError(409, check.code, check.message);
        rules.checkMove(id, to);
        moveInTx(job, to, by, now, note);
      })();
      const view = publishAfter(id, now)!;
      rules.afterMove(id, to, now);
      return view;
    },

    update(
      id: string,
      change: {
        bayId?: string | null | undefined;
        technician?: string | null | undefined;
        promisedAt?: number | undefined;
      },
      by: Extract<StageActor, { kind: 'staff' }>,
      now: number,
    ): JobView {
      const resolved: BayNotice[] = [];
      db.transaction(() => {
        const job = requireJob(id);
        if (job.closedAt !== null)
          throw new AppError(409, 'JOB_CLOSED', `job ${job.code} is ${job.stage}; it cannot change`);
        if (change.bayId !== undefined && change.bayId !== job.bayId) {
          if (holdsBay(job.stage))
            throw new AppError(
              409,
              'JOB_ON_BAY',
              `job ${job.code} is on its bay; move it back to waiting to change bays`,
            );
          if (change.bayId !== null) {
            const bay = bays.get(change.bayId);
            if (!bay) throw new AppError(400, 'BAY_NOT_FOUND', `no bay "${change.bayId}"`);
            const busy = jobs.openOnBay(change.bayId).find((j) => holdsBay(j.stage));
            if (busy) throw new AppError(409, 'BAY_BUSY', `${bay.name} is in use by job ${busy.code}`);
            // A car the sensor saw without a job is now explained by this assignment.
            resolved.push(...watch.explainCarOnBay(change.bayId, `job ${job.code} assigned to this bay`, by.name, now));
          }
          jobs.setBay(id, change.bayId);
          jobs.addEvent(id, {
            stage: job.stage,
            at: now,
            by,
            event: 'bay-assigned',
            ...(change.bayId ? { note: bays.get(change.bayId)!.name } : {}),
          });
        }
        if (change.technician !== undefined) jobs.setTechnician(id, change.technician);
        if (change.promisedAt !== undefined) jobs.setPromise(id, change.promisedAt);
      })();
      for (const n of resolved) relay.publish('bayNotices', n.id, null);
      return publishAfter(id, now)!;
    },

    requestApproval(
      id: string,
      description: string,
      priceCents: number,
      by: Extract<StageActor, { kind: 'staff' }>,
      now: number,
      services: string[] = [],
    ): JobView {
      const known = new Set(
        menu()
          .filter((s) => s.active)
          .map((s) => s.code),
      );
      const unknown = services.filter((c) => !known.has(c));
      if (unknown.length > 0)
        throw new AppError(400, 'SERVICE_UNKNOWN', `not on the service menu: ${unknown.join(', ')}`);
      db.transaction(() => {
        const job = requireJob(id);
        if (!['inspection', 'in-service', 'awaiting-approval'].includes(job.stage))
          throw new AppError(
            409,
            'APPROVAL_NOT_NOW',
            `approvals are asked during inspection or service; job ${job.code} is ${job.stage}`,
          );
        jobs.addApproval(id, description, priceCents, [...new Set(services)], now, by.name);
        jobs.addEvent(id, { stage: job.stage, at: now, by, event: 'approval-requested', note: description });
        if (job.stage !== 'awaiting-approval') moveInTx(job, 'awaiting-approval', by, now);
      })();
      return publishAfter(id, now)!;
    },

    /**
     * Staff say why the car stands still ("waiting for parts"), or clear it (null): on the record, and
     * on the lounge and the phone beside the ETA while the car is idle. Only while it is in service.
     */
    setIdleReason(
      id: string,
      reason: IdleReason | null,
      by: Extract<StageActor, { kind: 'staff' }>,
      now: number,
    ): JobView {
      db.transaction(() => {
        const job = requireJob(id);
        if (job.stage !== 'in-service')
          throw new AppError(
            409,
            'IDLE_REASON_NOT_NOW',
            `a pause is explained while in service; job ${job.code} is ${job.stage}`,
          );
        jobs.addEvent(id, { stage: job.stage, at: now, by, event: 'idle-reason', note: reason ?? '' });
      })();
      return publishAfter(id, now)!;
    },

    /** A new follow link for a job (a lost ticket); the old one stops working at once. */
    reissueFollowLink(id: string): string {
      const job = requireJob(id);
      if (job.closedAt !== null) throw new AppError(409, 'JOB_CLOSED', `job ${job.code} is ${job.stage}`);
      const { token, tokenHash } = mintFollowToken();
      jobs.setTokenHash(id, tokenHash);
      if (job.followTokenHash) follow.close(job.followTokenHash, 'invalid');
      return token;
    },

    // The bay sensors' side of the jobs (job-sensors.ts).
    onOccupancy: watch.onOccupancy,
    notices: watch.notices,
    resolveNotice: watch.resolveNotice,

    /** As time passes: ETAs move and promises are missed without any event. */
    tick(now: number): void {
      publishAfter(null, now);
      follow.sweep(now);
    },

    // ---- shared with the customer-facing part (job-customer.ts) ----
    internals: { requireJob, moveInTx, publishAfter, viewsOf, bayName, followGraceMs },
  };
}
export type JobsService = ReturnType<typeof createJobsService>;
