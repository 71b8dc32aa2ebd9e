// The evidence pack of one job (issue 18): one zip a manager makes and downloads, holding a readable
// summary (PDF), the same record as JSON and its own copy of the repair clip, kept past the
// recording ring under its own retention setting. This file is the contract of the routes and of
// the JSON inside the zip.
import { z } from 'zod';
import { defineRoute } from './route.ts';

export const evidencePaths = {
  packs: '/api/jobs/:jobId/evidence',
  download: '/api/jobs/:jobId/evidence/:packId',
} as const;

/** The files inside every pack's zip. */
export const evidenceFiles = { summary: 'summary.pdf', record: 'evidence.json', clip: 'clip.mp4' } as const;
/** The record's format: a reader checks it before trusting the fields. */
export const EVIDENCE_FORMAT = 'glassbay-evidence/1';

const Ms = z.number().int();
const Localized = z.object({ zh: z.string(), en: z.string() });

export const EvidencePackSchema = z.object({
  /** `<jobId>-<madeAt>`: unique per job, and what the download path names. */
  id: z.string(),
  jobId: z.string(),
  madeAt: Ms,
  madeBy: z.string(),
  bytes: z.number().int(),
  hasClip: z.boolean(),
  /** Deleted after this (GLASSBAY_RETAIN_EVIDENCE_PACKS_DAYS); null when kept forever. */
  expiresAt: Ms.nullable(),
});
export type EvidencePack = z.infer<typeof EvidencePackSchema>;

export const EvidenceRecordSchema = z.object({
  format: z.literal(EVIDENCE_FORMAT),
  madeAt: Ms,
  madeBy: z.string(),
  job: z.object({
    id: z.string(),
    code: z.string(),
    plate: z.string(),
    model: z.string().nullable(),
    mileageKm: z.number().nullable(),
    services: z.array(z.object({ code: z.string(), name: Localized })),
    complaint: z.string().nullable(),
    bayId: z.string().nullable(),
    technician: z.string().nullable(),
    stage: z.string(),
    createdAt: Ms,
    promisedAt: Ms.nullable(),
    closedAt: Ms.nullable(),
  }),
  /** The standards the job was judged by: each service's version in force when it was opened. */
  sops: z.array(
    z.object({
      serviceCode: z.string(),
      version: z.number().int(),
      effectiveFrom: Ms,
      steps: z.array(
        z.object({ code: z.string(), name: Localized, minMinutes: z.number(), standardMinutes: z.number() }),
      ),
    }),
  ),
  /** Each recorded step against its standard (minutes), with who did it and the verdict. */
  steps: z.array(
    z.object({
      serviceCode: z.string().nullable(),
      stepCode: z.string(),
      tech: z.string(),
      status: z.string(),
      startedAt: Ms.nullable(),
      endedAt: Ms.nullable(),
      minutes: z.number().nullable(),
      minMinutes: z.number().nullable(),
      standardMinutes: z.number().nullable(),
      verdict: z.string(),
    }),
  ),
  /** The alerts raised on the job and every decision on them (acknowledge, resolve, override, answer). */
  alerts: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      state: z.string(),
      stepCode: z.string().nullable(),
      tech: z.string().nullable(),
      raisedAt: Ms,
      closedAt: Ms.nullable(),
      decisions: z.array(z.object({ kind: z.string(), at: Ms, by: z.string(), note: z.string() })),
    }),
  ),
  approvals: z.array(
    z.object({
      description: z.string(),
      priceCents: z.number().int(),
      state: z.string(),
      requestedAt: Ms,
      requestedBy: z.string(),
      decidedAt: Ms.nullable(),
    }),
  ),
  /** Stage changes and events, in order, with who or what did each. */
  timeline: z.array(
    z.object({ at: Ms, stage: z.string(), event: z.string().nullable(), by: z.string(), note: z.string().nullable() }),
  ),
  rating: z.object({ stars: z.number().int(), comment: z.string().nullable(), at: Ms.nullable() }).nullable(),
  /** The clip in the zip (the job's repair clip, copied when the pack was made), or why there is none. */
  clip: z.union([
    z.object({
      file: z.literal(evidenceFiles.clip),
      bytes: z.number().int(),
      sha256: z.string(),
      durationMs: z.number(),
    }),
    z.object({ file: z.null(), reason: z.string() }),
  ]),
});
export type EvidenceRecord = z.infer<typeof EvidenceRecordSchema>;

const JobId = z.object({ jobId: z.string().regex(/^[0-9]{1,12}$/, 'a job id is a number') });

export const evidenceRoutes = {
  listEvidencePacks: defineRoute({
    method: 'GET',
    path: evidencePaths.packs,
    access: 'manager',
    summary: "The job's evidence packs still kept, newest first.",
    params: JobId,
    response: z.object({ packs: z.array(EvidencePackSchema) }),
  }),
  makeEvidencePack: defineRoute({
    method: 'POST',
    path: evidencePaths.packs,
    access: 'manager',
    summary:
      "Make the job's evidence pack: a zip of a readable summary (PDF), the record as JSON and its own copy of the repair clip.",
    params: JobId,
    response: EvidencePackSchema,
  }),
  downloadEvidencePack: defineRoute({
    method: 'GET',
    path: evidencePaths.download,
    access: 'manager',
    summary: 'One evidence pack as a zip file (application/zip).',
    params: JobId.extend({ packId: z.string().regex(/^[0-9]{1,12}-[0-9]{1,15}$/, 'a pack id is <job>-<time>') }),
    // The zip's bytes, streamed from the file: not JSON.
    response: z.custom<unknown>(() => true),
  }),
};
