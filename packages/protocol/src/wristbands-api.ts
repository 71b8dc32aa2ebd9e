// The REST contract of operation standards, wristband alerts and step figures (the staff console).
import { z } from 'zod';
import { IdSchema } from './domain.ts';
import { defineRoute } from './route.ts';
import {
  AlertViewSchema,
  BandIssueViewSchema,
  BandViewSchema,
  IssueBandBodySchema,
  SaveSopBodySchema,
  SopSummarySchema,
  SopVersionSchema,
  StepFiguresSchema,
  StepTimingViewSchema,
} from './wristbands.ts';

const ServiceParam = z.object({ serviceCode: IdSchema });
const AlertParam = z.object({ alertId: z.string().regex(/^[0-9]{1,12}$/, 'an alert id is a number') });
const BandParam = z.object({ bandId: IdSchema });
const Note = (what: string) => z.string().trim().min(3, `say in a few words ${what}`).max(500);

export const wristbandRoutes = {
  listSops: defineRoute({
    method: 'GET',
    path: '/api/sops',
    access: 'manager',
    summary: "The shop's operation standards: each service's current steps and its version history.",
    response: z.object({ sops: z.array(SopSummarySchema) }),
  }),
  getSopVersion: defineRoute({
    method: 'GET',
    path: '/api/sops/:serviceCode/versions/:version',
    access: 'manager',
    summary: 'One version of a service standard, as jobs opened while it was in force are judged.',
    params: ServiceParam.extend({ version: z.coerce.number().int().positive() }),
    response: SopVersionSchema,
  }),
  saveSop: defineRoute({
    method: 'POST',
    path: '/api/sops/:serviceCode',
    access: 'manager',
    summary: 'Save a new version of a service standard; it applies to jobs opened from now on.',
    params: ServiceParam,
    body: SaveSopBodySchema,
    response: SopVersionSchema,
  }),
  listAlerts: defineRoute({
    method: 'GET',
    path: '/api/alerts',
    // Alerts concern a technician's work: managers, not every advisor (realtime.ts, audiences).
    access: 'manager',
    summary: 'Wristband alerts: open ones, or every one of the last days.',
    query: z.object({
      state: z.enum(['open', 'all']).default('open'),
      days: z.coerce.number().int().min(1).max(90).default(7),
    }),
    response: z.object({ alerts: z.array(AlertViewSchema) }),
  }),
  acknowledgeAlert: defineRoute({
    method: 'POST',
    path: '/api/alerts/:alertId/acknowledge',
    access: 'manager',
    summary: 'Say the alert was seen and is being looked into (a short operation still blocks release).',
    params: AlertParam,
    body: z.strictObject({ note: z.string().trim().max(500).optional() }),
    response: AlertViewSchema,
  }),
  resolveAlert: defineRoute({
    method: 'POST',
    path: '/api/alerts/:alertId/resolve',
    access: 'manager',
    summary: 'Close the alert with what was found or done (the step checked, or done again).',
    params: AlertParam,
    body: z.strictObject({ note: Note('what was checked or done') }),
    response: AlertViewSchema,
  }),
  overrideAlert: defineRoute({
    method: 'POST',
    path: '/api/alerts/:alertId/override',
    access: 'manager',
    summary: 'Let the job be released despite this live alert (release rules); recorded with the reason.',
    params: AlertParam,
    body: z.strictObject({ note: Note('why the job may be released') }),
    response: AlertViewSchema,
  }),
  answerAlert: defineRoute({
    method: 'POST',
    path: '/api/alerts/:alertId/answer',
    access: 'advisor',
    summary: "The technician's own answer to an alert about their step, entered at the workshop terminal.",
    params: AlertParam,
    body: z.strictObject({
      tech: z.string().trim().min(1).max(40),
      reason: Note('why the step went so'),
      /** Attach the recording of the step (its start to its end) for the manager to watch. */
      attachClip: z.boolean().optional(),
    }),
    response: AlertViewSchema,
  }),
  stepFigures: defineRoute({
    method: 'GET',
    path: '/api/wristbands/figures',
    access: 'manager',
    summary: 'Per-technician and per-step figures: how often steps run short, median times against the standard.',
    query: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }),
    response: StepFiguresSchema,
  }),
  listBands: defineRoute({
    method: 'GET',
    path: '/api/wristbands',
    access: 'manager',
    summary: 'Every wristband with the technician it is issued to now, if any [GB-3.2.4].',
    response: z.object({ bands: z.array(BandViewSchema) }),
  }),
  issueBand: defineRoute({
    method: 'POST',
    path: '/api/wristbands/:bandId/issue',
    // Issuance decides whose record a step goes to: a manager's act, on record.
    access: 'manager',
    summary:
      "Issue a band to a technician for a shift: its events count for them, on their jobs' bays only; " +
      'an issuance in force ends (a handover).',
    params: BandParam,
    body: IssueBandBodySchema,
    response: BandIssueViewSchema,
  }),
  returnBand: defineRoute({
    method: 'POST',
    path: '/api/wristbands/:bandId/return',
    access: 'manager',
    summary: 'The band came back: from now on its events are refused until it is issued again.',
    params: BandParam,
    response: BandViewSchema,
  }),
  jobSteps: defineRoute({
    method: 'GET',
    path: '/api/jobs/:jobId/steps',
    access: 'advisor',
    summary: 'The step timings the wristbands recorded for a job, judged against its standards.',
    params: z.object({ jobId: z.string().regex(/^[0-9]{1,12}$/, 'a job id is a number') }),
    response: z.object({ steps: z.array(StepTimingViewSchema) }),
  }),
} as const;
