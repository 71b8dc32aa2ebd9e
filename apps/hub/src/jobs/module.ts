// The jobs module: repair jobs from check-in to delivery, the staff and customer services, the
// customer's follow channel, and the clock that moves ETAs on. Offers the ports other features use:
// stage guards and ETA contributors (the wristbands), follow sources (the queue's waiting tickets),
// opening a job from a ticket (the queue), the work on a bay (the wristbands), and a job's footage
// rights and customer proof (media).
import {
  FOLLOW_NAMESPACE,
  holdsBay,
  type JobStage,
  type JobStepProgress,
  type JobView,
  type TimelineEntry,
} from '@glassbay/protocol';
import type { BayDirectory, OccupancyListener } from '../bays/module.ts';
import type { HubModule, Kernel } from '../module.ts';
import { createCustomerJobs, type QueuedTicketLookup } from './customer-access.ts';
import { createFollowChannel, type FollowNamespace, type FollowPush } from './follow.channel.ts';
import { createComebackCheck } from './comebacks.ts';
import { createJobFootage } from './footage.repository.ts';
import { mintFollowToken } from './job-views.ts';
import { mountJobRoutes } from './jobs.routes.ts';
import { createJobsRepository, type JobRecord, type JobsRepository } from './jobs.repository.ts';
import { createJobsService } from './jobs.service.ts';
import type { WorkStep } from '../domain/eta-steps.ts';

export type { JobFootage } from './footage.repository.ts';
export type { CreateFromTicketInput } from './jobs.service.ts';
export type { QueuedTicketLookup } from './customer-access.ts';
export { hashFollowToken } from './job-views.ts';

/** How often ETAs are recomputed without an event (a job running long, a promise being missed). */
export const ETA_TICK_MS = 30_000;

/** Another feature's say in a job's stage moves (the wristbands: open short operations, steps never done). */
export interface StageGuard {
  /** Before a legal move, in a transaction of its own: what it records stays if the move is refused. */
  beforeMove?(jobId: string, to: JobStage, now: number): void;
  /** Throw an AppError to refuse the move; runs inside the move's transaction. */
  checkMove?(jobId: string, to: JobStage): void;
  afterMove?(jobId: string, to: JobStage, now: number): void;
}
/**
 * What another feature knows of a job's work, for its learned ETA: the SOP steps of its services (by
 * service code) with their learned durations and whether each has started or ended (the wristbands).
 */
export type EtaContributor = (job: BayJob, now: number) => ReadonlyMap<string, WorkStep[]>;
/** Minutes cars recently stood idle on their bays, newest first. */
export type StandSource = (now: number) => readonly number[];
/** A job's steps against its standards, as the customer may see them (the wristbands know). */
export type StepSource = (job: BayJob) => JobStepProgress | null;
/**
 * A timeline entry of a job, told inside the transaction that records it: what a listener writes
 * there (notify's outbox row) is stored exactly when the entry is. Entries about messages are not told.
 */
export type JobEventListener = (job: JobRecord, entry: TimelineEntry) => void;
/** A job's view as just published to the screens (after its change was stored, or on the ETA tick). */
export type JobPublishedListener = (job: JobRecord, view: JobView, now: number) => void;

const aboutMessages = (e: TimelineEntry) => e.event?.startsWith('message-') ?? false;

/** The repository whose `addEvent` also tells the event listeners, in the same transaction. */
function withEventListeners(stored: JobsRepository, listeners: JobEventListener[]): JobsRepository {
  return {
    ...stored,
    addEvent(jobId, entry) {
      stored.addEvent(jobId, entry);
      if (listeners.length === 0 || aboutMessages(entry)) return;
      const job = stored.get(jobId);
      if (job) for (const listen of listeners) listen(job, entry);
    },
  };
}

/** A job as the work on a bay sees it. */
export interface BayJob {
  id: string;
  code: string;
  bayId: string | null;
  services: string[];
  startedAt: number;
  stage: JobStage;
  technician: string | null;
}
const toBayJob = (j: JobRecord): BayJob => ({
  id: j.id,
  code: j.code,
  bayId: j.bayId,
  technician: j.technician,
  services: j.services,
  startedAt: j.createdAt,
  stage: j.stage,
});

export function createJobsModule(
  k: Kernel,
  ports: { bays: BayDirectory; onOccupancy: (listen: OccupancyListener) => void },
) {
  const { db } = k;
  const stored = createJobsRepository(db);
  const eventListeners: JobEventListener[] = [];
  const publishedListeners: JobPublishedListener[] = [];
  const repository = withEventListeners(stored, eventListeners);
  const guards: StageGuard[] = [];
  const contributors: EtaContributor[] = [];
  const standSources: StandSource[] = [];
  const followSources: QueuedTicketLookup[] = [];
  const stepSources: StepSource[] = [];
  const rooms = createFollowChannel(k.relay.namespace(FOLLOW_NAMESPACE) as unknown as FollowNamespace);
  // A phone hears of a change only once the turn that made it is stored (acknowledged means stored).
  const phone: FollowPush = {
    push: (tokenHash, view, until) => k.turn.atEnd((stored) => stored && rooms.push(tokenHash, view, until)),
    close: (tokenHash, reason) => k.turn.atEnd((stored) => stored && rooms.close(tokenHash, reason)),
    // After the pushes queued before it, which record when each link expires.
    sweep: (now) => k.turn.atEnd(() => rooms.sweep(now)),
  };
  const followGraceMs = k.config.followGraceMin * 60_000;
  const comebackOf = createComebackCheck(db, k.config.comebackDays);

  const service = createJobsService({
    db,
    jobs: repository,
    bays: ports.bays,
    relay: k.relay,
    followGraceMs,
    phone,
    comebackOf,
    rules: {
      beforeMove: (jobId, to, now) => guards.forEach((g) => g.beforeMove?.(jobId, to, now)),
      checkMove: (jobId, to) => guards.forEach((g) => g.checkMove?.(jobId, to)),
      afterMove: (jobId, to, now) => guards.forEach((g) => g.afterMove?.(jobId, to, now)),
      workOf: (job, now) => {
        const all = new Map<string, WorkStep[]>();
        for (const c of contributors) for (const [code, steps] of c(toBayJob(job), now)) all.set(code, steps);
        return all;
      },
      stands: (now) => standSources.flatMap((source) => source(now)),
      steps: (job) => {
        for (const source of stepSources) {
          const steps = source(toBayJob(job));
          if (steps) return steps;
        }
        return null;
      },
      published: (record, view, now) => publishedListeners.forEach((l) => l(record, view, now)),
    },
  });
  const customers = createCustomerJobs({
    db,
    jobs: repository,
    bays: ports.bays,
    core: service,
    queuedTicket: (hash, now) => {
      for (const source of followSources) {
        const view = source(hash, now);
        if (view) return view;
      }
      return undefined;
    },
  });
  rooms.admit(customers.follow, k.log.child({ part: 'follow' }));
  ports.onOccupancy(service.onOccupancy);

  const timer = setInterval(() => service.tick(Date.now()), ETA_TICK_MS);
  timer.unref();
  const module: HubModule = {
    name: 'jobs',
    fill: (state, now) => service.loadInto(state, now),
    routes: (mount) => mountJobRoutes(mount, { service, customers }),
    stop: () => clearInterval(timer),
  };
  return {
    module,
    service,
    customers,
    /** A job's footage rights, read from the jobs' own tables (media asks). */
    footage: createJobFootage(db),
    addStageGuard: (guard: StageGuard) => void guards.push(guard),
    addEtaContributor: (contributor: EtaContributor) => void contributors.push(contributor),
    /** A feature that sees cars stand idle on their bays (the wristbands) tells the ETA how long they stood. */
    addStandSource: (source: StandSource) => void standSources.push(source),
    /** A feature that knows a job's steps (the wristbands) answers for the views. */
    addStepSource: (source: StepSource) => void stepSources.push(source),
    /** Follow links whose job does not exist yet (a ticket still waiting in the queue). */
    addFollowSource: (source: QueuedTicketLookup) => void followSources.push(source),
    /** The customers' phones: the queue pushes a waiting ticket's call, recall and no-show. */
    phone: { push: phone.push } as Pick<FollowPush, 'push'>,
    /** For the queue: a follow token for a new ticket's QR code, the menu, and a job from a served ticket. */
    mintFollowToken,
    services: () => service.services(),
    createFromTicket: service.createFromTicket,
    /** Whether a car checking in is a comeback (the queue flags it on the ticket for the desk). */
    comebackOf,
    /**
     * The job this technician works on at this bay: of the open jobs on the bay assigned to them, the
     * car on the bay, else the one waiting for it. None: the technician has no business there [GB-3.2.4].
     */
    technicianJobOnBay(bayId: string, technician: string): BayJob | undefined {
      const open = repository.openOnBay(bayId).filter((j) => j.technician === technician);
      const job = open.find((j) => holdsBay(j.stage)) ?? open[0];
      return job && toBayJob(job);
    },
    job(jobId: string): BayJob | undefined {
      const job = repository.get(jobId);
      return job && toBayJob(job);
    },
    refreshEta: (jobId: string, now: number) => service.refreshEta(jobId, now),
    /** Told of each timeline entry inside its transaction (notify: ready, approval asked). */
    onJobEvent: (listen: JobEventListener) => void eventListeners.push(listen),
    /** Told of each job view published (notify: an ETA past its promise). */
    onJobPublished: (listen: JobPublishedListener) => void publishedListeners.push(listen),
    /** The job a follow link opens now (notify: an opt-out from a reissued link). */
    jobOfFollowHash: (tokenHash: string) => stored.byTokenHash(tokenHash)?.id,
    /** Add an entry to a job's timeline (notify's messages); joins the open transaction if any. */
    recordEvent: (jobId: string, entry: TimelineEntry) => k.turn.write(() => stored.addEvent(jobId, entry)),
  };
}
export type JobsModule = ReturnType<typeof createJobsModule>;
