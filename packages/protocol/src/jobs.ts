// Repair jobs: the stages a car goes through, which moves are allowed, and how a job is seen by
// staff, by public screens (masked) and by its own customer (through an unguessable token).
import { z } from 'zod';
import { jobStages, type JobStage } from './domain.ts';
import type { JobStepProgress } from './job-steps.ts';

/** Pure: screens import this file's constants without bundling zod. */
export const JobStageSchema = /* @__PURE__ */ z.enum(jobStages);

/**
 * The moves a job may make. No jumping (waiting → ready is refused); quality check can send a car
 * back to service; ready can be reopened when the customer reports a problem at handover.
 */
export const stageTransitions: Record<JobStage, readonly JobStage[]> = {
  'checked-in': ['waiting', 'inspection', 'cancelled'],
  waiting: ['inspection', 'in-service', 'cancelled'],
  inspection: ['awaiting-approval', 'in-service', 'waiting', 'cancelled'],
  'awaiting-approval': ['in-service', 'waiting', 'cancelled'],
  'in-service': ['quality-check', 'awaiting-approval', 'waiting'],
  'quality-check': ['washing', 'ready', 'in-service'],
  washing: ['ready'],
  ready: ['delivered', 'in-service'],
  delivered: [],
  cancelled: [],
};

export const canMove = (from: JobStage, to: JobStage): boolean => stageTransitions[from].includes(to);

/** The stages in which a job's car holds its bay (the bay's camera shows it; a band there works on it). */
export const BAY_HOLDING_STAGES: readonly JobStage[] = ['in-service', 'quality-check', 'washing'];
export const holdsBay = (stage: JobStage): boolean => BAY_HOLDING_STAGES.includes(stage);

export type MoveCheck = { ok: true } | { ok: false; code: string; message: string };

const refuse = (code: string, message: string): MoveCheck => ({ ok: false, code, message });

/** The facts a staff move is judged on. */
export interface MoveContext {
  stage: JobStage;
  bayId: string | null;
  approvals: Pick<Approval, 'state'>[];
}

/**
 * A staff member's move: the transition table first, then the rules the table cannot say: a car is
 * serviced on a bay; "awaiting approval" means there is something to approve (ask through an approval
 * request); a job cannot leave it while the customer has not answered, except to be cancelled.
 */
export function checkStaffMove(job: MoveContext, to: JobStage): MoveCheck {
  if (job.stage === to) return refuse('STAGE_UNCHANGED', `the job is already in ${to}`);
  if (!canMove(job.stage, to)) {
    const next = stageTransitions[job.stage];
    return refuse(
      'STAGE_MOVE_REFUSED',
      next.length === 0
        ? `a job in ${job.stage} is finished and cannot move`
        : `a job in ${job.stage} cannot move to ${to}; it can move to ${next.join(', ')}`,
    );
  }
  const pending = job.approvals.some((a) => a.state === 'pending');
  // The customer's answer comes first: no bay makes a job waiting on it movable.
  if (job.stage === 'awaiting-approval' && pending && to !== 'cancelled')
    return refuse('APPROVAL_PENDING', 'the customer has not answered the approval request yet');
  if (to === 'awaiting-approval' && !pending)
    return refuse('APPROVAL_REQUIRED', 'request an approval from the customer; the job then waits for the answer');
  if (to === 'in-service' && !job.bayId)
    return refuse('BAY_REQUIRED', 'assign a bay before moving the job into service');
  return { ok: true };
}

/** Stages in which the car is in the shop's hands (shown on the lounge board). */
export const activeStages = jobStages.filter((s) => s !== 'delivered' && s !== 'cancelled');

/** Who or what moved a job: a person, a sensor, or the hub's own rules. */
export type StageActor =
  | { kind: 'staff'; id: number; name: string }
  | { kind: 'sensor'; id: string }
  | { kind: 'customer' }
  | { kind: 'system'; reason: string };

/**
 * Things worth recording that are not a change of stage: a sensor saw the car arrive or leave, an
 * approval was asked for or decided, the customer rated the visit. The entry's `stage` is the stage the
 * job was in at the time. Public screens show stage changes only.
 */
export const timelineEvents = [
  'car-on-bay',
  'bay-freed',
  'approval-requested',
  'approval-decided',
  'rated',
  'bay-assigned',
  /** Staff said why the car stands still on its bay (`note`: an idle reason, empty when cleared). */
  'idle-reason',
  // A message to the customer (notify): stored for delivery, delivered, or given up on; the note says which.
  'message-queued',
  'message-sent',
  'message-failed',
] as const;
export type TimelineEvent = (typeof timelineEvents)[number];

export interface TimelineEntry {
  stage: JobStage;
  at: number;
  by: StageActor;
  note?: string;
  event?: TimelineEvent;
}

export const serviceCategories = ['maintenance', 'repair', 'tyres', 'inspection'] as const;
export type ServiceCategory = (typeof serviceCategories)[number];

/** An entry of the shop's service menu (the check-in kiosk shows these; SOPs hang off `code`). */
export interface ServiceDef {
  code: string;
  category: ServiceCategory;
  name: { zh: string; en: string };
  /** Standard duration of the whole service, minutes: the base of every ETA. */
  standardMinutes: number;
  active: boolean;
}

export interface Vehicle {
  plate: string;
  model: string | null;
  colour: string | null;
  mileageKm: number | null;
}

export const approvalStates = ['pending', 'approved', 'declined'] as const;
export type ApprovalState = (typeof approvalStates)[number];

/** An extra item found during work that the customer must approve or decline. */
export interface Approval {
  id: number;
  description: { zh: string; en: string } | string;
  priceCents: number;
  /** Menu services the extra item is (empty: work off the menu); approved, their time joins the ETA. */
  services: string[];
  state: ApprovalState;
  requestedAt: number;
  decidedAt: number | null;
}

// ---- The ETA as a range, and a car standing still (#17) ------------------------------------------

/** Why a car stands on its bay with no step running, as staff set it (console) and customers read it. */
export const idleReasons = ['waiting-parts', 'waiting-customer', 'waiting-technician', 'road-test', 'other'] as const;
export type IdleReason = (typeof idleReasons)[number];
export const idleReasonLabels: Record<IdleReason, { zh: string; en: string }> = {
  'waiting-parts': { zh: '等待配件', en: 'Waiting for parts' },
  'waiting-customer': { zh: '等待您的确认', en: 'Waiting for your answer' },
  'waiting-technician': { zh: '等待技师', en: 'Waiting for a technician' },
  'road-test': { zh: '路试中', en: 'On a road test' },
  other: { zh: '暂停中', en: 'Paused' },
};

/** The ETA's range: about eight ready times in ten fall inside it (epoch ms, rounded to 5 minutes). */
export interface EtaRange {
  low: number;
  high: number;
}

/** The car on its bay with no step running for a while, and why when staff said so. */
export interface JobIdle {
  since: number;
  reason: IdleReason | null;
}

/** A job as staff see it: everything. */
/**
 * A car back within the comeback window after a job for a related service (the KPI's definition,
 * issue 18): the advisor sees it at the desk and the new job is tagged for quality review.
 */
export interface ComebackTag {
  /** The earlier job whose work may not have held. */
  originalJobId: string;
  originalCode: string;
  originalServices: string[];
  /** When that job was handed over (delivered, or ready, or checked in: as far as the record says). */
  originalAt: number;
  /** Whole days from that handover to this check-in, rounded down. */
  days: number;
  /** The window it fell within (GLASSBAY_COMEBACK_DAYS, default 30). */
  windowDays: number;
  /** The services of this visit related to the earlier ones. */
  services: string[];
}

export interface JobView {
  id: string;
  /** The customer's handle: the ticket number (A012) they check in with and tap on the lounge board. */
  code: string;
  vehicle: Vehicle;
  customer: { phone: string | null; name: string | null };
  services: string[];
  complaint: string | null;
  bayId: string | null;
  technician: string | null;
  stage: JobStage;
  stageSince: number;
  createdAt: number;
  /** The time promised to the customer, and the current honest estimate. */
  promisedAt: number | null;
  eta: number | null;
  /** The range around `eta`; null when there is no ETA (the job left). */
  etaRange: EtaRange | null;
  idle: JobIdle | null;
  /** Past its promise: staff see it first (Dealer-FX's "quarter time" warning). */
  late: boolean;
  timeline: TimelineEntry[];
  approvals: Approval[];
  rating: { stars: number; comment: string | null } | null;
  /** Set when the car came back within the comeback window: the job is tagged for quality review. */
  comeback: ComebackTag | null;
  /** The work against the standards while the car is being worked on (job-steps.ts); else null. */
  steps: JobStepProgress | null;
}

/**
 * A job on a public screen: masked plate, no phone, no name, no who-moved-it, and no ticket code (the
 * lounge board asks a customer for it before showing more of their car).
 */
export interface PublicJobView {
  id: string;
  plateMasked: string;
  model: string | null;
  colour: string | null;
  services: string[];
  bayId: string | null;
  stage: JobStage;
  stageSince: number;
  eta: number | null;
  etaRange: EtaRange | null;
  idle: JobIdle | null;
  timeline: { stage: JobStage; at: number }[];
  /** Public by design: step positions, customer names, states and times; no technician, no verdict. */
  steps: JobStepProgress | null;
}

/** Staff screens hold `JobView`s in the `jobs` collection, public screens `PublicJobView`s. */
export const isStaffJobView = (j: JobView | PublicJobView): j is JobView => 'vehicle' in j;

/**
 * A job as its own customer sees it on the phone (opened with the follow token): the progress, the
 * honest ETA, the approvals to decide and the rating; the plate still masked (a forwarded link shows
 * no more than the lounge board does), no phone, no name, no staff names.
 */
export interface CustomerJobView {
  id: string;
  code: string;
  plateMasked: string;
  model: string | null;
  colour: string | null;
  services: string[];
  bayName: string | null;
  stage: JobStage;
  stageSince: number;
  eta: number | null;
  etaRange: EtaRange | null;
  idle: JobIdle | null;
  promisedAt: number | null;
  timeline: { stage: JobStage; at: number }[];
  /** The steps with their times (job-steps.ts): what the phone lists under "the work". */
  steps: JobStepProgress | null;
  approvals: Approval[];
  rating: { stars: number; comment: string | null } | null;
  /** Rating is offered once the car is ready and until the link expires. */
  canRate: boolean;
  /** When this link stops working (set once the job is delivered or cancelled), epoch ms. */
  followUntil: number | null;
  /** Opens the job at the lounge board (LOUNGE_CODE_DIGITS); null for a job without a follow link. */
  loungeCode: string | null;
}

// ---- The customer's follow link ------------------------------------------------------------------

/** The phone view's path; the token travels as `?t=` (what a QR code on the ticket opens). */
export const FOLLOW_PATH = '/follow';
export const FOLLOW_TOKEN_PARAM = 't';

/** https://shop.example/follow?t=… — the URL the ticket's QR code carries. */
export function followUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${FOLLOW_PATH}?${FOLLOW_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

/** A follow token as minted by the hub: 24 random bytes, base64url (192 bits, 32 characters). */
export const FOLLOW_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/**
 * The lounge code: a secret printed on the ticket and shown on the customer's phone that opens the
 * job at the lounge board (detail and bay video). Never the ticket number, which the queue board
 * calls out. Six digits (a touch keypad) against at most `perJob` wrong tries an hour: about 2 in
 * 10,000 for a job to be guessed in a whole day of trying. A source that tries `perSource` wrong
 * codes within the hour (spread over jobs) is refused too. Counted in the hub's database.
 */
export const LOUNGE_CODE_DIGITS = 6;
export const UNLOCK_LIMITS = { perJob: 8, perSource: 20, windowMs: 60 * 60_000 } as const;

/**
 * The jobs module's REST paths as plain strings: screens build URLs from these without the schemas
 * (jobs-api.ts holds the route table).
 */
export const jobPaths = {
  services: '/api/services',
  jobs: '/api/jobs',
  job: '/api/jobs/:jobId',
  stage: '/api/jobs/:jobId/stage',
  approvals: '/api/jobs/:jobId/approvals',
  idleReason: '/api/jobs/:jobId/idle-reason',
  followLink: '/api/jobs/:jobId/follow-link',
  bayNotices: '/api/bay-notices',
  resolveBayNotice: '/api/bay-notices/:noticeId/resolve',
  unlock: '/api/lounge/jobs/:jobId/unlock',
  follow: '/api/follow/:token',
  followDecide: '/api/follow/:token/approvals/:approvalId',
  followRate: '/api/follow/:token/rating',
} as const;

/**
 * The phone view's live channel: a socket.io namespace of its own, authenticated by the follow token
 * in the handshake (`auth: { token }`). Each message carries the whole (small) view, so order is all
 * that matters: no revisions. `closed` says why the hub ends it (link expired or invalid).
 */
export const FOLLOW_NAMESPACE = '/follow';
export const FollowEvents = { view: 'follow:view', closed: 'follow:closed' } as const;
export const followCloseReasons = ['expired', 'invalid'] as const;
export type FollowCloseReason = (typeof followCloseReasons)[number];
