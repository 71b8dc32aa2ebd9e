// Watching a job's car: the video session a customer opens with their follow link (phone) or their
// ticket code (lounge board), the one staff open for any camera, and the repair clip cut at
// handover. The session says which camera shows the car now, the job's time on each bay (to scrub
// back), the stages and wristband steps to mark on the timeline, and a short-lived viewing token.
import { z } from 'zod';
import { FOLLOW_TOKEN_PATTERN, JobStageSchema } from './jobs.ts';
import { defineRoute } from './route.ts';
import { IdSchema } from './domain.ts';
import { CAMERA_VIEW_ROLE, MEDIA_TOKEN_QUERY } from './video.ts';

const Ms = z.number().int();
const LocalizedText = z.object({ zh: z.string(), en: z.string() });

/** The live view's path: `?t=<follow token>` on the phone, `?camera=<id>` for staff. */
export const LIVE_PATH = '/live';
export const LIVE_CAMERA_PARAM = 'camera';

/**
 * A stretch of footage the viewer may watch: one camera from `from` until `to` (null: still going,
 * the car is on that bay now). A job's periods are its time on bays that have a camera.
 */
export const VideoPeriodSchema = z.object({
  cameraId: IdSchema,
  bayId: z.string().nullable(),
  /** The bay's or camera's display name. */
  name: z.string(),
  from: Ms,
  to: Ms.nullable(),
});
export type VideoPeriod = z.infer<typeof VideoPeriodSchema>;

/** What the timeline marks: where each stage began, and each wristband step from start to end. */
export const VideoMarkerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('stage'), at: Ms, stage: JobStageSchema }),
  z.object({ kind: z.literal('step'), at: Ms, end: Ms.nullable(), name: LocalizedText }),
]);
export type VideoMarker = z.infer<typeof VideoMarkerSchema>;

export const clipStates = ['pending', 'ready', 'unavailable'] as const;
export type ClipState = (typeof clipStates)[number];

/** The repair clip: the job's key steps cut from the recording into one short MP4 at handover. */
export const RepairClipSchema = z.object({
  state: z.enum(clipStates),
  /** Path of the MP4 (with the viewing token), when ready. */
  url: z.string().nullable(),
  durationMs: Ms.nullable(),
  /** Where in the clip each step (or, without wristband steps, each stage) begins, ms from its start. */
  chapters: z.array(
    z.discriminatedUnion('kind', [
      z.object({ offsetMs: Ms, kind: z.literal('step'), name: LocalizedText }),
      z.object({ offsetMs: Ms, kind: z.literal('stage'), stage: JobStageSchema }),
    ]),
  ),
});
export type RepairClip = z.infer<typeof RepairClipSchema>;

/** Everything a player needs: what it may play, where, and the token to play it with. */
export const VideoSessionSchema = z.object({
  /** Sent with every playlist and segment request (header or query); null for staff (their cookie). */
  token: z.string().nullable(),
  /** When to ask for a new session (the token's expiry), epoch ms; null when it never expires. */
  refreshAt: Ms.nullable(),
  /** The camera that shows the car (or the chosen camera) now; null when nothing is live. */
  live: VideoPeriodSchema.nullable(),
  /** Oldest first; the timeline spans them. */
  periods: z.array(VideoPeriodSchema),
  markers: z.array(VideoMarkerSchema),
  /** The hub's clock when it answered, so a screen with a wrong clock still places "now" right. */
  serverNow: Ms,
});
export type VideoSession = z.infer<typeof VideoSessionSchema>;

export const JobVideoSessionSchema = VideoSessionSchema.extend({
  jobId: z.string(),
  code: z.string(),
  stage: JobStageSchema,
  /** The car has been handed over: no more live or replay, only the clip. */
  closed: z.boolean(),
  clip: RepairClipSchema.nullable(),
});
export type JobVideoSession = z.infer<typeof JobVideoSessionSchema>;

/** The phone proves the follow link, the lounge board the job and its ticket code. */
export const JobVideoSessionBodySchema = z.union([
  z.strictObject({ followToken: z.string().regex(FOLLOW_TOKEN_PATTERN, 'this is not a Glassbay follow link') }),
  z.strictObject({ jobId: z.string().regex(/^[0-9]{1,12}$/, 'a job id is a number'), code: z.string().max(10) }),
]);
export type JobVideoSessionBody = z.infer<typeof JobVideoSessionBodySchema>;

export const videoPaths = {
  jobSession: '/api/video/session',
  cameraSession: '/api/video/cameras/:cameraId',
  alertVideo: '/api/alerts/:alertId/video',
  stepVideo: '/api/jobs/:jobId/steps/:stepId/video',
} as const;

/** Footage shown before a step's start and after its end, so the manager sees the step begin and end. */
export const STEP_VIDEO_MARGIN_MS = 10_000;

/**
 * The recording of one wristband step on its bay's camera (issue 18: from an alert to the video).
 * Staff only (the camera role): the player loads `hlsPaths.replay(cameraId, from, to)` with the
 * session cookie and starts at `startedAt`. `to` stops at `endedAt` plus the margin (or now, for a
 * step never ended); `recorded` is false when the ring no longer holds any of it.
 */
export const StepVideoSchema = z.object({
  cameraId: IdSchema,
  bayId: z.string(),
  /** The bay's name, else the camera's. */
  name: z.string(),
  jobId: z.string().nullable(),
  jobCode: z.string().nullable(),
  stepName: LocalizedText,
  tech: z.string().nullable(),
  startedAt: Ms,
  /** null: the step was never ended (the video runs to the alert, or now). */
  endedAt: Ms.nullable(),
  from: Ms,
  to: Ms,
  recorded: z.boolean(),
});
export type StepVideo = z.infer<typeof StepVideoSchema>;

const AlertIdParam = z.object({ alertId: z.string().regex(/^[0-9]{1,12}$/, 'an alert id is a number') });
const NumberId = (what: string) => z.string().regex(/^[0-9]{1,12}$/, `${what} is a number`);

export const videoRoutes = {
  jobVideoSession: defineRoute({
    method: 'POST',
    path: videoPaths.jobSession,
    access: 'public',
    summary: "A customer's video session for their own job: live camera, replay periods, markers, the repair clip.",
    body: JobVideoSessionBodySchema,
    response: JobVideoSessionSchema,
  }),
  cameraVideoSession: defineRoute({
    method: 'GET',
    path: videoPaths.cameraSession,
    access: CAMERA_VIEW_ROLE,
    summary: 'A staff video session for one camera: live, and its recording still in the ring.',
    params: z.object({ cameraId: IdSchema }),
    response: VideoSessionSchema,
  }),
  alertVideo: defineRoute({
    method: 'GET',
    path: videoPaths.alertVideo,
    access: CAMERA_VIEW_ROLE,
    summary: "The recording of an alert's step on its bay's camera, from the step's start to its end (staff only).",
    params: AlertIdParam,
    response: StepVideoSchema,
  }),
  stepVideo: defineRoute({
    method: 'GET',
    path: videoPaths.stepVideo,
    access: CAMERA_VIEW_ROLE,
    summary: "The recording of one of a job's wristband steps on its bay's camera (staff only).",
    params: z.object({ jobId: NumberId('a job id'), stepId: NumberId('a step id') }),
    response: StepVideoSchema,
  }),
} as const;

/** The repair clip's route (fastify pattern) and the URL a screen plays. */
export const CLIP_ROUTE = '/clips/:jobId/repair.mp4';
export const clipPath = (jobId: string, token: string) =>
  `/clips/${encodeURIComponent(jobId)}/repair.mp4?${MEDIA_TOKEN_QUERY}=${encodeURIComponent(token)}`;

/** Playback speeds the live view offers. */
export const playbackRates = [0.5, 1, 2, 4] as const;
