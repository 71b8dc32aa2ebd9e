/**
 * Repair jobs: creation, stage moves with their rules, bay and technician, approvals, the ETA kept
 * current, and the bay sensors' observations. Every change is one transaction, then one publish to
 * the screens (staff: JobView, public boards: PublicJobView) and to the customer's phone.
 *
 * For the queue module (check-in issue): a served ticket becomes a job with
 *
 *   jobs.createFromTicket(
 *     { code: 'A012', vehicle, customer: { phone, name }, services: ['oil-change'], complaint: null,
 *       customerRef: { ticketId, customerId, vehicleId }, followTokenHash },
 *     { kind: 'staff', id: user.id, name: user.displayName }, Date.now());
 *
 * It returns `{ job, followToken }` with the job in stage checked-in. The ticket's QR opens the phone
 * view before the job exists: mint the token at check-in with `mintFollowToken()` (job-views.ts),
 * keep its `tokenHash` on the ticket, print `followUrl(baseUrl, token)` (protocol), and pass the hash
 * here as `followTokenHash`; `followToken` is then null (the hub never stores a token, only its hash).
 * Without a hash the job gets a fresh token, returned once. Until the job exists, `GET /api/follow/:t`
 * asks the `queuedTicket` resolver given to `mountJobRoutes` (the queue module supplies it).
 */
import type { BayNotice, JobStage, JobView, ServiceDef, StageActor, Vehicle } from '@glassbay/protocol';
import { checkStaffMove, decideOccupancy, toCustomerJob } from '../domain/jobs.ts';
import { promiseFrom } from '../domain/eta.ts';
import type { BaysRepository } from '../store/bays.repository.ts';
import type { Db } from '../store/db.ts';
import type { JobRecord, JobsRepository, NewJob } from '../store/jobs.repository.ts';
import { AppError } from './errors.ts';
import { minutesLookup, mintFollowToken, shopContext, toJobView } from './job-views.ts';
import type { Publisher } from './outcome.ts';
import type { FollowPush } from '../realtime/follow.ts';

export { mintFollowToken, hashFollowToken } from './job-views.ts';

export interface CreateFromTicketInput {
  code: string;
  vehicle: Vehicle;
  customer: { phone: string | null; name: string | null };
  services: string[];
  complaint: string | null;
  customerRef?: { ticketId?: number | null; customerId?: number | null; vehicleId?: number | null };
  /** The hash of the follow token printed on the ticket (see the top of this file). */
  followTokenHash?: string;
  bayId?: string | null;
}
export interface CreatedJob {
  job: JobView;
  /** The customer's follow token, shown once; null when the ticket already carries one. */
  followToken: string | null;
}

/** How long closed jobs stay on the console. */
const CONSOLE_DAY_MS = 12 * 3600_000;

export interface JobsDeps {
  db: Db;
  jobs: JobsRepository;
  bays: BaysRepository;
  relay: Publisher;
  /** How long a follow link keeps working after delivery (the customer rates at handover). */
  followGraceMs: number;
}

/**
 * Other modules' say in stage moves and ETAs (the wristbands: an open short operation keeps a car
 * from ready; quality check flags steps never done; steps past their standard move the ETA).
 */
export interface StageRules {
  /** Throw an AppError to refuse the move; runs inside the move's transaction. */
  checkMove?(jobId: string, to: JobStage): void;
  afterMove?(jobId: string, to: JobStage, now: number): void;
  /** Work on the bay known to be behind its standard, ms. */
  workDelayMs?(jobId: string, now: number): number;
}

const notFound = (id: string) => new AppError(404, 'JOB_NOT_FOUND', `no job ${id}; it may have been removed`);

export function createJobsService(deps: JobsDeps) {
  const { db, jobs, bays, relay, followGraceMs } = deps;
  let follow: FollowPush | undefined;
  let rules: StageRules = {};
  /** What each job's ETA and lateness were when last published, to publish only changes on a tick. */
  const published = new Map<string, string>();

  const menu = (): ServiceDef[] => jobs.services();

  /** Every open job (and the console's closed ones) as staff see them now. */
  function viewsOf(records: JobRecord[], now: number): Map<string, { record: JobRecord; view: JobView }> {
    const minutesOf = minutesLookup(menu());
    const context = shopContext(
      records.filter((r) => r.closedAt === null),
      bays.list(),
    );
    const delay = (r: JobRecord) => (r.stage === 'in-service' ? (rules.workDelayMs?.(r.id, now) ?? 0) : 0);
    return new Map(records.map((r) => [r.id, { record: r, view: toJobView(r, context(r), minutesOf, now, delay(r)) }]));
  }

  const bayName = (bayId: string | null) => (bayId ? (bays.get(bayId)?.name ?? bayId) : null);

  function pushToPhone(record: JobRecord, view: JobView, now: number) {
    if (!follow || !record.followTokenHash) return;
    const job = toCustomerJob(view, {
      bayName: bayName(view.bayId),
      closedAt: record.closedAt,
      graceMs: followGraceMs,
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
    const views = viewsOf(records, now);
    for (const [id, { record, view }] of views) {
      const key = `${view.eta}|${view.late}`;
      if (id !== changedId && published.get(id) === key) continue;
      published.set(id, key);
      relay.publish('jobs', id, view);
      pushToPhone(record, view, now);
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

  function create(input: CreateFromTicketInput, by: StageActor, now: number): CreatedJob {
    const known = new Set(
      menu()
        .filter((s) => s.active)
        .map((s) => s.code),
    );
    const unknown = input.services.filter((c) => !known.has(c));
    if (unknown.length > 0)
      throw new AppError(400, 'SERVICE_UNKNOWN', `not on the service menu: ${unknown.join(', ')}`);
    if (input.bayId && !bays.get(input.bayId)) throw new AppError(400, 'BAY_NOT_FOUND', `no bay "${input.bayId}"`);
    const minted = input.followTokenHash ? undefined : mintFollowToken();
    const row: NewJob = {
      code: input.code,
      plate: input.vehicle.plate,
      model: input.vehicle.model,
      colour: input.vehicle.colour,
      mileageKm: input.vehicle.mileageKm,
      phone: input.customer.phone,
      name: input.customer.name,
      services: [...new Set(input.services)],
      complaint: input.complaint,
      bayId: input.bayId ?? null,
      stage: 'checked-in',
      createdAt: now,
      promisedAt: null,
      followTokenHash: input.followTokenHash ?? minted!.tokenHash,
      ticketId: input.customerRef?.ticketId ?? null,
      customerId: input.customerRef?.customerId ?? null,
      vehicleId: input.customerRef?.vehicleId ?? null,
    };
    const id = db.transaction(() => {
      const id = jobs.insert(row);
      jobs.addEvent(id, { stage: 'checked-in', at: now, by });
      // The promise is the first honest estimate, rounded up: what the advisor tells the customer.
      const first = viewsOf([...jobs.open()], now).get(id)!.view;
      jobs.setPromise(id, first.eta === null ? null : promiseFrom(first.eta));
      return id;
    })();
    const job = publishAfter(id, now)!;
    return { job, followToken: minted?.token ?? null };
  }

  /** Desk-made jobs are numbered J001, J002… per day (ticket codes come from the queue). */
  function nextDeskCode(now: number): string {
    const midnight = new Date(now);
    midnight.setHours(0, 0, 0, 0);
    const used = jobs.codesSince('J%', midnight.getTime()).map((c) => Number(c.slice(1)) || 0);
    return `J${String(Math.max(0, ...used) + 1).padStart(3, '0')}`;
  }

  return {
    services: menu,
    attachFollow(push: FollowPush) {
      follow = push;
    },
    useStageRules(r: StageRules) {
      rules = r;
    },
    /** Something outside the jobs changed a job's ETA (a step overran): publish it. */
    refreshEta(id: string, now: number): void {
      publishAfter(id, now);
    },

    createFromTicket: create,

    /** A job opened at the desk (a booked customer); `actor` is the advisor. */
    createDirect(
      body: {
        code?: string | undefined;
        plate: string;
        model?: string | null | undefined;
        colour?: string | null | undefined;
        mileageKm?: number | null | undefined;
        phone?: string | null | undefined;
        name?: string | null | undefined;
        services: string[];
        complaint?: string | null | undefined;
        bayId?: string | null | undefined;
      },
      by: StageActor,
      now: number,
    ): CreatedJob & { followToken: string } {
      const created = create(
        {
          code: body.code ?? nextDeskCode(now),
          vehicle: {
            plate: body.plate,
            model: body.model ?? null,
            colour: body.colour ?? null,
            mileageKm: body.mileageKm ?? null,
          },
          customer: { phone: body.phone ?? null, name: body.name ?? null },
          services: body.services,
          complaint: body.complaint ?? null,
          bayId: body.bayId ?? null,
        },
        by,
        now,
      );
      return { job: created.job, followToken: created.followToken! };
    },

    get(id: string, now: number): JobView {
      const job = requireJob(id);
      return viewsOf([job, ...jobs.open().filter((j) => j.id !== id)], now).get(id)!.view;
    },
    list(now: number): JobView[] {
      return [...viewsOf(jobs.visible(now - CONSOLE_DAY_MS), now).values()].map((v) => v.view);
    },
    /** The screens' snapshot: the jobs of the console's day and the open bay notices. */
    loadInto(state: { jobs: Record<string, JobView | unknown>; bayNotices: Record<string, BayNotice> }, now: number) {
      for (const { view } of viewsOf(jobs.visible(now - CONSOLE_DAY_MS), now).values()) state.jobs[view.id] = view;
      for (const n of jobs.openNotices()) state.bayNotices[n.id] = n;
    },

    move(id: string, to: JobStage, by: StageActor, now: number, note?: string): JobView {
      db.transaction(() => {
        const job = requireJob(id);
        const check = checkStaffMove(job, to);
        if (!check.ok) throw new AppError(409, check.code, check.message);
        rules.checkMove?.(id, to);
        moveInTx(job, to, by, now, note);
      })();
      const view = publishAfter(id, now)!;
      rules.afterMove?.(id, to, now);
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
          if (['in-service', 'quality-check', 'washing'].includes(job.stage))
            throw new AppError(
              409,
              'JOB_ON_BAY',
              `job ${job.code} is on its bay; move it back to waiting to change bays`,
            );
          if (change.bayId !== null) {
            const bay = bays.get(change.bayId);
            if (!bay) throw new AppError(400, 'BAY_NOT_FOUND', `no bay "${change.bayId}"`);
            const busy = jobs
              .openOnBay(change.bayId)
              .find((j) => ['in-service', 'quality-check', 'washing'].includes(j.stage));
            if (busy) throw new AppError(409, 'BAY_BUSY', `${bay.name} is in use by job ${busy.code}`);
            // A car the sensor saw without a job is now explained by this assignment.
            for (const n of jobs.openNoticesOnBay(change.bayId).filter((n) => n.kind === 'car-without-job')) {
              jobs.resolveNotice(n.id, by.name, `job ${job.code} assigned to this bay`, now);
              resolved.push(n);
            }
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
    ): JobView {
      db.transaction(() => {
        const job = requireJob(id);
        if (!['inspection', 'in-service', 'awaiting-approval'].includes(job.stage))
          throw new AppError(
            409,
            'APPROVAL_NOT_NOW',
            `approvals are asked during inspection or service; job ${job.code} is ${job.stage}`,
          );
        jobs.addApproval(id, description, priceCents, now, by.name);
        jobs.addEvent(id, { stage: job.stage, at: now, by, event: 'approval-requested', note: description });
        if (job.stage !== 'awaiting-approval') moveInTx(job, 'awaiting-approval', by, now);
      })();
      return publishAfter(id, now)!;
    },

    /** A new follow link for a job (a lost ticket); the old one stops working at once. */
    reissueFollowLink(id: string): string {
      const job = requireJob(id);
      if (job.closedAt !== null) throw new AppError(409, 'JOB_CLOSED', `job ${job.code} is ${job.stage}`);
      const { token, tokenHash } = mintFollowToken();
      jobs.setTokenHash(id, tokenHash);
      if (job.followTokenHash) follow?.close(job.followTokenHash, 'invalid');
      return token;
    },

    /**
     * A bay's occupancy changed (bays.service calls this after an accepted reading). Moves only what
     * the sensor can observe; a car on a bay with no job, or a car leaving mid-service, goes to staff.
     */
    onOccupancy(bayId: string, occupied: boolean, now: number, sensorId: string): void {
      const opened: BayNotice[] = [];
      const closed: BayNotice[] = [];
      let changed: string | null = null;
      db.transaction(() => {
        const onBay = jobs.openOnBay(bayId);
        const decision = decideOccupancy(occupied, onBay);
        const by: StageActor = { kind: 'sensor', id: sensorId };
        const job = 'jobId' in decision ? onBay.find((j) => j.id === decision.jobId)! : undefined;
        if (!occupied)
          for (const n of jobs.openNoticesOnBay(bayId).filter((n) => n.kind === 'car-without-job')) {
            jobs.resolveNotice(n.id, 'sensor', 'the car left the bay', now);
            closed.push(n);
          }
        switch (decision.kind) {
          case 'start-service':
            moveInTx(job!, 'in-service', by, now, 'car detected on the bay');
            break;
          case 'record':
            jobs.addEvent(job!.id, { stage: job!.stage, at: now, by, event: decision.event });
            break;
          case 'car-left-in-service':
            jobs.addEvent(job!.id, { stage: job!.stage, at: now, by, event: 'bay-freed' });
            opened.push(jobs.openNotice(bayId, 'car-left-in-service', job!.id, now));
            break;
          case 'car-without-job':
            if (!jobs.openNoticesOnBay(bayId).some((n) => n.kind === 'car-without-job'))
              opened.push(jobs.openNotice(bayId, 'car-without-job', null, now));
            break;
        }
        changed = job?.id ?? null;
      })();
      for (const n of closed) relay.publish('bayNotices', n.id, null);
      for (const n of opened) relay.publish('bayNotices', n.id, n);
      // A bay that filled or freed changes the wait of every queued job, even with no job on it.
      publishAfter(changed, now);
    },

    notices: () => jobs.openNotices(),
    resolveNotice(id: string, by: Extract<StageActor, { kind: 'staff' }>, note: string, now: number): BayNotice {
      const notice = jobs.notice(id);
      if (!notice) throw new AppError(404, 'NOTICE_NOT_FOUND', `no bay notice ${id}`);
      if (!jobs.resolveNotice(id, by.name, note, now))
        throw new AppError(409, 'NOTICE_RESOLVED', `this notice was already resolved by ${notice.resolvedBy}`);
      relay.publish('bayNotices', id, null);
      return jobs.notice(id)!;
    },

    /** As time passes: ETAs move and promises are missed without any event. */
    tick(now: number): void {
      publishAfter(null, now);
      follow?.sweep(now);
    },

    // ---- shared with the customer-facing part (job-customer.ts) ----
    internals: { requireJob, moveInTx, publishAfter, viewsOf, bayName, followGraceMs },
  };
}
export type JobsService = ReturnType<typeof createJobsService>;
