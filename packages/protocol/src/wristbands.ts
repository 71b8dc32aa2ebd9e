// Operation standards (SOPs) and what the technicians' wristbands make of them: step timings judged
// against the standard, and the alerts that follow (a step cut short, a step running long, a step
// never done). Alerts are staff-only: never on a public screen.
import { z } from 'zod';

const Ms = z.number().int();
const Localized = z.object({ zh: z.string(), en: z.string() });
export type Localized = z.infer<typeof Localized>;

/** Step codes, like service codes: lower-case letters, digits and dashes (`oil-drain`). */
export const STEP_CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * A band names a step by its code (`oil-drain`), or by service and code (`oil-change/oil-drain`)
 * when a job has two services that share a step code (`lift-secure`) [GB-3.2.5].
 */
export const STEP_SEPARATOR = '/';
export function parseStepName(step: string): { serviceCode: string | null; code: string } {
  const at = step.indexOf(STEP_SEPARATOR);
  return at < 0 ? { serviceCode: null, code: step } : { serviceCode: step.slice(0, at), code: step.slice(at + 1) };
}

/** The longest a step may be standardised at, minutes (a road test is long; a day is not a step). */
export const MAX_STEP_MINUTES = 480;

const StepName = z.strictObject({
  zh: z.string().trim().min(1, 'give the step a Chinese name').max(60),
  en: z.string().trim().min(1, 'give the step an English name').max(60),
});

/**
 * The lounge board shows a step's customer name on one line beside nothing else, read from three
 * metres: short enough to fit a card of a 1080p TV's six.
 */
export const CUSTOMER_STEP_NAME_MAX = { zh: 12, en: 28 } as const;
const CustomerStepName = z.strictObject({
  zh: z.string().trim().min(1, 'give the customer name in Chinese too').max(CUSTOMER_STEP_NAME_MAX.zh),
  en: z.string().trim().min(1, 'give the customer name in English too').max(CUSTOMER_STEP_NAME_MAX.en),
});

/** One step of an operation standard, as the shop edits it. */
export const SopStepSchema = z
  .strictObject({
    code: z.string().regex(STEP_CODE_PATTERN, 'a step code is lower-case letters, digits and dashes'),
    name: StepName,
    /**
     * The step as the customer reads it on the lounge board and the phone ("加注机油" / "Refilling
     * oil"); null or left out: the internal name is shown.
     */
    customerName: CustomerStepName.nullable().optional(),
    /** Shorter than this and the step was possibly not done: a short-operation alert. 0: never short. */
    minMinutes: z.number().min(0).max(MAX_STEP_MINUTES),
    /** What the step normally takes; longer moves the job's ETA. */
    standardMinutes: z.number().positive('the standard must be above 0 minutes').max(MAX_STEP_MINUTES),
    /** May be left out (a TPMS reset on a car without TPMS): not flagged when never done. */
    skippable: z.boolean(),
  })
  .refine((s) => s.minMinutes <= s.standardMinutes, {
    message: 'the minimum cannot be longer than the standard',
    path: ['minMinutes'],
  });
export type SopStep = z.infer<typeof SopStepSchema>;

/** A version of a service's standard; a job is judged by the version in force when it was opened. */
export const SopVersionSchema = z.object({
  serviceCode: z.string(),
  version: z.number().int().positive(),
  effectiveFrom: Ms,
  createdBy: z.string(),
  note: z.string().nullable(),
  steps: z.array(SopStepSchema),
});
export type SopVersion = z.infer<typeof SopVersionSchema>;

export const SopSummarySchema = z.object({
  serviceCode: z.string(),
  serviceName: Localized,
  /** null: the service has no standard yet (its steps are not judged). */
  current: SopVersionSchema.nullable(),
  versions: z.array(
    z.object({
      version: z.number().int(),
      effectiveFrom: Ms,
      createdBy: z.string(),
      note: z.string().nullable(),
      steps: z.number().int(),
    }),
  ),
});
export type SopSummary = z.infer<typeof SopSummarySchema>;

/** The body of a new version: the whole ordered list of steps (an edit never patches one step). */
export const SaveSopBodySchema = z
  .strictObject({
    steps: z.array(SopStepSchema).min(1, 'a standard has at least one step').max(40),
    note: z.string().trim().max(200).optional(),
  })
  .refine((b) => new Set(b.steps.map((s) => s.code)).size === b.steps.length, {
    message: 'two steps have the same code',
    path: ['steps'],
  });
export type SaveSopBody = z.infer<typeof SaveSopBodySchema>;

// ---- Timings and alerts ---------------------------------------------------------------------------

/**
 * Which clock a duration was judged by: the band's own (`device`: trusted, or the only truth for a
 * backlog sent after an outage) or the hub's receive times (`hub`: a band whose clock is off).
 */
export const timingClocks = ['device', 'hub'] as const;
export type TimingClock = (typeof timingClocks)[number];

export const timingStatuses = ['open', 'done', 'end-only', 'restarted', 'never-ended'] as const;
export type TimingStatus = (typeof timingStatuses)[number];

export const timingVerdicts = ['ok', 'short', 'overrun', 'unjudged'] as const;
export type TimingVerdict = (typeof timingVerdicts)[number];

export const StepRefSchema = z.object({
  /** null when the step is in no standard of the job (an extra step the technician marked). */
  serviceCode: z.string().nullable(),
  code: z.string(),
  name: Localized,
});
export type StepRef = z.infer<typeof StepRefSchema>;

export const StepTimingViewSchema = z.object({
  id: z.string(),
  jobId: z.string().nullable(),
  bayId: z.string(),
  tech: z.string(),
  /** Who ended it, when another technician took over the step. */
  endTech: z.string().nullable(),
  step: StepRefSchema,
  status: z.enum(timingStatuses),
  startedAt: Ms.nullable(),
  endedAt: Ms.nullable(),
  durationMs: z.number().nullable(),
  clock: z.enum(timingClocks).nullable(),
  /** The end or start came in a backlog the band sent after an outage. */
  backlog: z.boolean(),
  verdict: z.enum(timingVerdicts),
  minMinutes: z.number().nullable(),
  standardMinutes: z.number().nullable(),
});
export type StepTimingView = z.infer<typeof StepTimingViewSchema>;

/**
 * `short-operation`: a step ended before its minimum (possibly not done).
 * `overrun`: a step took longer than its standard (the ETA moved). `step-missed`: at quality check,
 * steps of the standard with no record at all. `step-unfinished`: a step started and never ended.
 */
export const alertKinds = ['short-operation', 'overrun', 'step-missed', 'step-unfinished'] as const;
export type AlertKind = (typeof alertKinds)[number];

/** `overridden`: a manager released the job despite it, on record; it may still be resolved later. */
export const alertStates = ['open', 'acknowledged', 'resolved', 'overridden'] as const;
export type AlertState = (typeof alertStates)[number];

export const alertActionKinds = ['acknowledge', 'resolve', 'override', 'answer'] as const;
export type AlertActionKind = (typeof alertActionKinds)[number];

export const AlertActionSchema = z.object({
  kind: z.enum(alertActionKinds),
  at: Ms,
  /** A staff member's name, or the technician's id for an answer. */
  by: z.string(),
  byKind: z.enum(['staff', 'technician']),
  note: z.string(),
  /**
   * A technician's answer may attach the recording of the alert's step (the window as it was when
   * answered); the manager plays it before deciding. Absent on every other action.
   */
  clip: z.object({ from: z.number().int(), to: z.number().int() }).optional(),
});
export type AlertAction = z.infer<typeof AlertActionSchema>;

export const AlertViewSchema = z.object({
  id: z.string(),
  kind: z.enum(alertKinds),
  state: z.enum(alertStates),
  jobId: z.string().nullable(),
  jobCode: z.string().nullable(),
  bayId: z.string(),
  /** The technician concerned (who ended the step), or null for a step nobody did. */
  tech: z.string().nullable(),
  bandId: z.string().nullable(),
  step: StepRefSchema.nullable(),
  /** For `step-missed`: every step of the job's standards with no record. */
  missing: z.array(StepRefSchema),
  durationMs: z.number().nullable(),
  minMinutes: z.number().nullable(),
  standardMinutes: z.number().nullable(),
  clock: z.enum(timingClocks).nullable(),
  raisedAt: Ms,
  /** A live alert of a job: the job cannot be released until a manager decides it (release rules below). */
  blocksRelease: z.boolean(),
  actions: z.array(AlertActionSchema),
});
export type AlertView = z.infer<typeof AlertViewSchema>;

/**
 * The release rules (GB-5): a job is released, moved to ready or delivered, only when no live (open or
 * acknowledged) alert of its own holds it. Every kind holds: a step ended before its minimum
 * (short-operation), steps of the standard never recorded (step-missed, checked at quality check and
 * again on the move to ready or delivered, so a job that skipped quality check is checked too), a
 * step started and never ended (step-unfinished), a step past its standard (overrun). A manager
 * decides each one with a reason on record: resolve (checked, or done again) or override (released
 * anyway). Acknowledging is not deciding. An alert that belongs to no job holds nothing.
 */
export const releaseStages = ['ready', 'delivered'] as const;

/** The stable error code of a refused release, by the kind of alert that holds it (the first listed wins). */
export const releaseHoldCodes = {
  'short-operation': 'SHORT_OPERATION_OPEN',
  'step-missed': 'STEPS_NOT_RECORDED',
  'step-unfinished': 'STEP_UNFINISHED',
  overrun: 'OVERRUN_UNDECIDED',
} as const satisfies Record<AlertKind, string>;
export type ReleaseHoldCode = (typeof releaseHoldCodes)[AlertKind];

export const blocksRelease = (alert: { kind: AlertKind; state: AlertState; jobId: string | null }): boolean =>
  alert.jobId !== null && (alert.state === 'open' || alert.state === 'acknowledged');

/** Per-technician and per-step figures of the console: how often steps run short, medians vs standard. */
export const StepFiguresSchema = z.object({
  from: Ms,
  to: Ms,
  technicians: z.array(
    z.object({
      tech: z.string(),
      steps: z.number().int(),
      short: z.number().int(),
      overrun: z.number().int(),
      shortRate: z.number(),
      answered: z.number().int(),
    }),
  ),
  steps: z.array(
    z.object({
      step: StepRefSchema,
      runs: z.number().int(),
      short: z.number().int(),
      shortRate: z.number(),
      medianMinutes: z.number().nullable(),
      minMinutes: z.number().nullable(),
      standardMinutes: z.number().nullable(),
    }),
  ),
});
export type StepFigures = z.infer<typeof StepFiguresSchema>;

// ---- Bands issued to technicians [GB-3.2.4] --------------------------------------------------------

/**
 * A technician's id as jobs name it (`li-wei`): a band is issued to it, and its events count only on
 * bays where an open job has the same technician.
 */
export const TechnicianIdSchema = z.string().trim().min(1, 'name the technician').max(40);

/** A shift is at most this long; the band is issued to nobody after it. */
export const MAX_SHIFT_HOURS = 16;
export const DEFAULT_SHIFT_HOURS = 10;

/** One issuance: the band's events from `issuedAt` until `endsAt` (or its return) are this technician's. */
export const BandIssueViewSchema = z.object({
  id: z.string(),
  bandId: z.string(),
  tech: z.string(),
  issuedAt: Ms,
  endsAt: Ms,
  returnedAt: Ms.nullable(),
  issuedBy: z.string(),
});
export type BandIssueView = z.infer<typeof BandIssueViewSchema>;

/** A wristband as the console lists it: who holds it now, and events refused since its issuance. */
export const BandViewSchema = z.object({
  bandId: z.string(),
  /** The issuance in force now, or null: the band's events are refused. */
  issue: BandIssueViewSchema.nullable(),
  /** The last issuance that ended (returned or shift over), for the record. */
  lastIssue: BandIssueViewSchema.nullable(),
});
export type BandView = z.infer<typeof BandViewSchema>;

export const IssueBandBodySchema = z.strictObject({
  technician: TechnicianIdSchema,
  /** Shift length from now, hours. */
  hours: z.number().positive().max(MAX_SHIFT_HOURS).default(DEFAULT_SHIFT_HOURS),
});
export type IssueBandBody = z.input<typeof IssueBandBodySchema>;

/** The band's display shows at most this many characters of a notification's reason [GB-3.4]. */
export const NOTIFY_REASON_MAX = 80;
