// The REST and socket contract of repair jobs: staff operations (console), the service menu
// (check-in kiosk), the lounge board's unlock, and the customer's follow link (phone view).
import { z } from 'zod';
import { IdSchema, jobStages } from './domain.ts';
import {
  FOLLOW_TOKEN_PATTERN,
  type FollowEvents,
  jobPaths,
  type FollowCloseReason,
  approvalStates,
  serviceCategories,
  timelineEvents,
  idleReasons,
  type Approval,
  type EtaRange,
  type JobIdle,
  type CustomerJobView,
  type ComebackTag,
  type JobView,
  type ServiceDef,
} from './jobs.ts';
import { JobStepProgressSchema } from './job-steps.ts';
import { defineRoute } from './route.ts';

const JobStage = z.enum(jobStages);
const Ms = z.number().int();

export const ServiceDefSchema = z.object({
  code: z.string(),
  category: z.enum(serviceCategories),
  name: z.object({ zh: z.string(), en: z.string() }),
  standardMinutes: z.number(),
  active: z.boolean(),
}) satisfies z.ZodType<ServiceDef>;

const Localized = z.object({ zh: z.string(), en: z.string() });

export const ApprovalSchema = z.object({
  id: z.number(),
  description: z.union([Localized, z.string()]),
  priceCents: z.number(),
  services: z.array(z.string()),
  state: z.enum(approvalStates),
  requestedAt: Ms,
  decidedAt: Ms.nullable(),
}) satisfies z.ZodType<Approval>;

const Actor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), id: z.number(), name: z.string() }),
  z.object({ kind: z.literal('sensor'), id: z.string() }),
  z.object({ kind: z.literal('customer') }),
  z.object({ kind: z.literal('system'), reason: z.string() }),
]);

export const EtaRangeSchema = z.object({ low: Ms, high: Ms }) satisfies z.ZodType<EtaRange>;
export const JobIdleSchema = z.object({
  since: Ms,
  reason: z.enum(idleReasons).nullable(),
}) satisfies z.ZodType<JobIdle>;

const Rating = z.object({ stars: z.number(), comment: z.string().nullable() }).nullable();

export const ComebackTagSchema = z.object({
  originalJobId: z.string(),
  originalCode: z.string(),
  originalServices: z.array(z.string()),
  originalAt: Ms,
  days: z.number().int().nonnegative(),
  windowDays: z.number().int().positive(),
  services: z.array(z.string()),
}) satisfies z.ZodType<ComebackTag>;

export const JobViewSchema = z.object({
  id: z.string(),
  code: z.string(),
  vehicle: z.object({
    plate: z.string(),
    model: z.string().nullable(),
    colour: z.string().nullable(),
    mileageKm: z.number().nullable(),
  }),
  customer: z.object({ phone: z.string().nullable(), name: z.string().nullable() }),
  services: z.array(z.string()),
  complaint: z.string().nullable(),
  bayId: z.string().nullable(),
  technician: z.string().nullable(),
  stage: JobStage,
  stageSince: Ms,
  createdAt: Ms,
  promisedAt: Ms.nullable(),
  eta: Ms.nullable(),
  etaRange: EtaRangeSchema.nullable(),
  idle: JobIdleSchema.nullable(),
  late: z.boolean(),
  timeline: z.array(
    z.object({
      stage: JobStage,
      at: Ms,
      by: Actor,
      note: z.string().optional(),
      event: z.enum(timelineEvents).optional(),
    }),
  ),
  approvals: z.array(ApprovalSchema),
  rating: Rating,
  comeback: ComebackTagSchema.nullable(),
  steps: JobStepProgressSchema.nullable(),
}) satisfies z.ZodType<JobView>;

const StageAt = z.object({ stage: JobStage, at: Ms });

export const CustomerJobViewSchema = z.object({
  id: z.string(),
  code: z.string(),
  plateMasked: z.string(),
  model: z.string().nullable(),
  colour: z.string().nullable(),
  services: z.array(z.string()),
  bayName: z.string().nullable(),
  stage: JobStage,
  stageSince: Ms,
  eta: Ms.nullable(),
  etaRange: EtaRangeSchema.nullable(),
  idle: JobIdleSchema.nullable(),
  promisedAt: Ms.nullable(),
  timeline: z.array(StageAt),
  steps: JobStepProgressSchema.nullable(),
  approvals: z.array(ApprovalSchema),
  rating: Rating,
  canRate: z.boolean(),
  followUntil: Ms.nullable(),
  loungeCode: z.string().nullable(),
}) satisfies z.ZodType<CustomerJobView>;

/**
 * Where a ticket not yet turned into a job stands, as its customer is told on the phone:
 * `waiting` (their place and wait), `called` (go to this desk now; `recalls` counts repeated calls),
 * `missed` (called and did not come: see the service desk, they can be called again), `served`
 * (served at the desk without a repair job), `cancelled`. Once a job is opened the link shows it.
 */
export const queuedTicketStates = ['waiting', 'called', 'missed', 'served', 'cancelled'] as const;
export type QueuedTicketState = (typeof queuedTicketStates)[number];

/**
 * The check-in ticket's QR opens the follow page before the ticket is served. Until then the link
 * shows the ticket's place in the queue (filled in by the queue module, pushed on every call, recall
 * and no-show); then the job.
 */
export const QueuedFollowViewSchema = z.object({
  code: z.string(),
  state: z.enum(queuedTicketStates),
  /** Tickets ahead in the same lane; null when unknown (and once called). */
  ahead: z.number().int().nullable(),
  /** The honest wait as a range in minutes; null when the data cannot back one. */
  waitMinutes: z.object({ low: z.number(), high: z.number() }).nullable(),
  /** The desk the ticket is called to (called), or was last called to (missed), in both languages. */
  desk: z.object({ number: z.number().int(), name: Localized }).nullable(),
  /** When it was (last) called, epoch ms. */
  calledAt: Ms.nullable(),
  /** How many times the desk called it again. */
  recalls: z.number().int(),
  /** When the desk marked it a no-show, epoch ms. */
  missedAt: Ms.nullable(),
  /** The lounge code (LOUNGE_CODE_DIGITS) printed on the ticket: opens the job at the lounge board. */
  loungeCode: z.string(),
});
export type QueuedFollowView = z.infer<typeof QueuedFollowViewSchema>;

export const FollowViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('job'), job: CustomerJobViewSchema }),
  z.object({ kind: z.literal('queued'), ticket: QueuedFollowViewSchema }),
]);
export type FollowView = z.infer<typeof FollowViewSchema>;

// ---- Bay notices: a sensor reading that contradicts the jobs -------------------------------------

/**
 * `car-without-job`: a car was detected on a bay that no active job is assigned to.
 * `car-left-in-service`: the bay of a job in service was freed (the car left before quality check).
 */
export const bayNoticeKinds = ['car-without-job', 'car-left-in-service'] as const;
export type BayNoticeKind = (typeof bayNoticeKinds)[number];

export const BayNoticeSchema = z.object({
  id: z.string(),
  bayId: z.string(),
  kind: z.enum(bayNoticeKinds),
  jobId: z.string().nullable(),
  openedAt: Ms,
  resolvedAt: Ms.nullable(),
  resolvedBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type BayNotice = z.infer<typeof BayNoticeSchema>;

// ---- Inputs ----------------------------------------------------------------------------------------

/** Plates as people type them: CJK province + letters and digits, or a plain Latin plate. */
export const PlateInputSchema = z
  .string()
  .trim()
  .toUpperCase()
  .transform((s) => s.replace(/[\s·.-]/g, ''))
  .pipe(z.string().regex(/^[\p{Script=Han}A-Z0-9]{3,10}$/u, 'a plate is 3–10 letters, digits or a province character'));
export const PhoneInputSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number is 5–20 digits, optionally with + and spaces');
const ShortText = (max: number) => z.string().trim().min(1).max(max);
const ServiceCode = z.string().regex(/^[a-z0-9-]{2,40}$/);
const ServiceCodes = z.array(ServiceCode).min(1, 'choose at least one service').max(12);
export const TicketCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,2}[0-9]{2,4}$/, 'a ticket code is one or two letters and 2–4 digits, such as A012');

export const CreateJobBodySchema = z.strictObject({
  /** Booking or ticket code the customer knows; the hub numbers the job (J001…) when absent. */
  code: TicketCodeSchema.optional(),
  plate: PlateInputSchema,
  model: ShortText(60).nullable().optional(),
  colour: ShortText(30).nullable().optional(),
  mileageKm: z.number().int().min(0).max(3_000_000).nullable().optional(),
  phone: PhoneInputSchema.nullable().optional(),
  name: ShortText(60).nullable().optional(),
  services: ServiceCodes,
  complaint: ShortText(500).nullable().optional(),
  bayId: IdSchema.nullable().optional(),
});
export type CreateJobBody = z.infer<typeof CreateJobBodySchema>;

const FollowLink = z.object({ followToken: z.string(), followPath: z.string() });
const JobId = z.object({ jobId: z.string().regex(/^[0-9]{1,12}$/, 'a job id is a number') });
const FollowToken = z.string().regex(FOLLOW_TOKEN_PATTERN, 'this is not a Glassbay follow link');

export const LoungeJobDetailSchema = z.object({
  id: z.string(),
  code: z.string(),
  services: z.array(z.string()),
  stage: JobStage,
  eta: Ms.nullable(),
  etaRange: EtaRangeSchema.nullable(),
  idle: JobIdleSchema.nullable(),
  bayId: z.string().nullable(),
  timeline: z.array(StageAt),
});
export type LoungeJobDetail = z.infer<typeof LoungeJobDetailSchema>;

export const jobRoutes = {
  listServices: defineRoute({
    method: 'GET',
    path: jobPaths.services,
    access: 'public',
    summary: "The shop's service menu (the check-in kiosk shows the active ones).",
    response: z.object({ services: z.array(ServiceDefSchema) }),
  }),
  listJobs: defineRoute({
    method: 'GET',
    path: jobPaths.jobs,
    access: 'advisor',
    summary:
      'Active jobs and those delivered or cancelled in the last 12 hours; `review=comeback`: only those tagged for quality review.',
    query: z.object({ review: z.enum(['comeback']).optional() }),
    response: z.object({ jobs: z.array(JobViewSchema) }),
  }),
  getJob: defineRoute({
    method: 'GET',
    path: jobPaths.job,
    access: 'advisor',
    summary: 'One job with its timeline and approvals.',
    params: JobId,
    response: JobViewSchema,
  }),
  createJob: defineRoute({
    method: 'POST',
    path: jobPaths.jobs,
    access: 'advisor',
    summary: 'Open a job directly (a booked customer at the desk); returns the customer follow link once.',
    body: CreateJobBodySchema,
    response: z.object({
      job: JobViewSchema,
      followToken: z.string(),
      followPath: z.string(),
      /** For the customer: opens the job at the lounge board (LOUNGE_CODE_DIGITS). */
      loungeCode: z.string(),
    }),
  }),
  moveJob: defineRoute({
    method: 'POST',
    path: jobPaths.stage,
    access: 'advisor',
    summary: 'Move a job to another stage; only the moves the stage rules allow.',
    params: JobId,
    body: z.strictObject({ to: JobStage, note: ShortText(200).optional() }),
    response: JobViewSchema,
  }),
  updateJob: defineRoute({
    method: 'PATCH',
    path: jobPaths.job,
    access: 'advisor',
    summary: 'Assign the bay or the technician, or set a new promised time (after telling the customer).',
    params: JobId,
    body: z.strictObject({
      bayId: IdSchema.nullable().optional(),
      technician: ShortText(60).nullable().optional(),
      promisedAt: Ms.optional(),
    }),
    response: JobViewSchema,
  }),
  requestApproval: defineRoute({
    method: 'POST',
    path: jobPaths.approvals,
    access: 'advisor',
    summary: 'Ask the customer to approve an extra item; the job waits for the answer.',
    params: JobId,
    body: z.strictObject({
      description: ShortText(200),
      priceCents: z.number().int().min(0).max(100_000_000),
      /** Menu services the item is, so an approval adds their time to the ETA; none for other work. */
      services: z.array(ServiceCode).max(12).optional(),
    }),
    response: JobViewSchema,
  }),
  setIdleReason: defineRoute({
    method: 'POST',
    path: jobPaths.idleReason,
    access: 'advisor',
    summary: 'Say why a car stands still on its bay ("waiting for parts"); null clears it. Customers see it.',
    params: JobId,
    body: z.strictObject({ reason: z.enum(idleReasons).nullable() }),
    response: JobViewSchema,
  }),
  reissueFollowLink: defineRoute({
    method: 'POST',
    path: jobPaths.followLink,
    access: 'advisor',
    summary: 'Give the customer a new follow link (a lost ticket); the old link stops working.',
    params: JobId,
    response: FollowLink,
  }),
  listBayNotices: defineRoute({
    method: 'GET',
    path: jobPaths.bayNotices,
    access: 'advisor',
    summary: 'Open notices where a bay sensor contradicts the jobs.',
    response: z.object({ notices: z.array(BayNoticeSchema) }),
  }),
  resolveBayNotice: defineRoute({
    method: 'POST',
    path: jobPaths.resolveBayNotice,
    access: 'manager',
    summary: 'Close a bay notice with a note saying what it was.',
    params: z.object({ noticeId: z.string().regex(/^[0-9]{1,12}$/) }),
    body: z.strictObject({ note: ShortText(200) }),
    response: BayNoticeSchema,
  }),
  unlockLoungeJob: defineRoute({
    method: 'POST',
    path: jobPaths.unlock,
    access: 'public',
    summary:
      'A customer at the lounge board proves the lounge code of a job (on the ticket and the phone view, never the ' +
      'ticket number) to see more of it. Wrong codes are limited per job and per source (UNLOCK_LOCKED).',
    params: JobId,
    body: z.strictObject({ code: z.string().max(10) }),
    response: LoungeJobDetailSchema,
  }),
  follow: defineRoute({
    method: 'GET',
    path: jobPaths.follow,
    access: 'public',
    summary: "The customer's own job (or queue ticket) behind a follow link.",
    params: z.object({ token: FollowToken }),
    response: FollowViewSchema,
  }),
  followDecide: defineRoute({
    method: 'POST',
    path: jobPaths.followDecide,
    access: 'public',
    summary: 'The customer approves or declines an extra item.',
    params: z.object({ token: FollowToken, approvalId: z.coerce.number().int().positive() }),
    body: z.strictObject({ decision: z.enum(['approved', 'declined']) }),
    response: CustomerJobViewSchema,
  }),
  followRate: defineRoute({
    method: 'POST',
    path: jobPaths.followRate,
    access: 'public',
    summary: 'The customer rates the visit once the car is ready (1–5 stars, optional comment).',
    params: z.object({ token: FollowToken }),
    body: z.strictObject({
      stars: z.number().int().min(1).max(5),
      comment: z.string().trim().max(500).nullable().optional(),
    }),
    response: CustomerJobViewSchema,
  }),
} as const;

// ---- The follow socket (constants in jobs.ts) ------------------------------------------------------

export interface FollowServerEvents {
  [FollowEvents.view]: (view: FollowView) => void;
  [FollowEvents.closed]: (reason: FollowCloseReason) => void;
}
export interface FollowHandshakeAuth {
  token: string;
}
