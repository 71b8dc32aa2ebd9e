// Workshop video: cameras as staff see them, the HLS paths screens play, and the viewing token that
// guards every playlist and segment. The hub's media service implements this; screens only read it.
import { z } from 'zod';
import { IdSchema, type StaffRole } from './domain.ts';

/**
 * What a camera's ingest is doing: `starting` (ffmpeg connecting, no video yet), `online` (segments
 * arriving), `offline` (the camera stopped sending; the hub retries with back-off), `disabled` (an
 * installer switched it off).
 */
export const cameraStates = ['starting', 'online', 'offline', 'disabled'] as const;
export type CameraState = (typeof cameraStates)[number];

/** A camera as the staff console sees it (never on public screens: the input URL names the network). */
export interface CameraView {
  id: string;
  bayId: string | null;
  name: string;
  enabled: boolean;
  state: CameraState;
  /** Hub time the state last changed, epoch ms. */
  since: number;
  /** Video bitrate over the last few segments, kbit/s; null until video arrives. */
  bitrateKbps: number | null;
  /** Hub time the ingest last reported a new frame, epoch ms. */
  lastFrameAt: number | null;
  /** Why the camera is offline, as a stable code and a sentence an installer can act on. */
  error: { code: string; message: string } | null;
  /** When the hub tries again (state `offline`), epoch ms. */
  retryAt: number | null;
  /** The oldest recorded moment still on disk and the bytes the ring holds for this camera. */
  recording: { from: number | null; bytes: number };
}

export const CameraViewSchema = z.object({
  id: z.string(),
  bayId: z.string().nullable(),
  name: z.string(),
  enabled: z.boolean(),
  state: z.enum(cameraStates),
  since: z.number(),
  bitrateKbps: z.number().nullable(),
  lastFrameAt: z.number().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  retryAt: z.number().nullable(),
  recording: z.object({ from: z.number().nullable(), bytes: z.number() }),
}) satisfies z.ZodType<CameraView>;

/** Camera input URL schemes the hub hands to ffmpeg; no local files, no pipes. */
export const cameraUrlSchemes = ['rtsp', 'rtsps', 'rtmp', 'rtmps', 'http', 'https', 'tcp', 'udp', 'srt'] as const;

export const CameraInputUrlSchema = z.url({
  protocol: new RegExp(`^(${cameraUrlSchemes.join('|')})$`),
  error: `must be a URL with one of the schemes ${cameraUrlSchemes.join(', ')}, such as rtsp://user:pass@192.168.1.64/stream1`,
});

// ---- HLS -----------------------------------------------------------------------------------------

/** The viewing token travels as `?token=` (what hls.js and the phone's <video> can send) or this header. */
export const MEDIA_TOKEN_QUERY = 'token';
export const MEDIA_TOKEN_HEADER = 'x-glassbay-media-token';

/** Fastify patterns of the HLS routes; the hub mounts exactly these. */
export const hlsRoutes = {
  live: '/hls/:cameraId/live.m3u8',
  replay: '/hls/:cameraId/replay.m3u8',
  segment: '/hls/:cameraId/segments/:segment',
} as const;

/**
 * URLs a screen builds. With a token, it goes into the query so every segment URI in the playlist
 * carries it (a player that cannot set headers: Safari's own HLS, ffplay); without one, the request is
 * judged by the staff session cookie or the token header the player sets on every request.
 */
export const hlsPaths = {
  live: (cameraId: string, token?: string) => `/hls/${encodeURIComponent(cameraId)}/live.m3u8${tokenQuery('?', token)}`,
  replay: (cameraId: string, from: number, to: number, token?: string) =>
    `/hls/${encodeURIComponent(cameraId)}/replay.m3u8?from=${from}&to=${to}${tokenQuery('&', token)}`,
};
const tokenQuery = (sep: '?' | '&', token: string | undefined) =>
  token ? `${sep}${MEDIA_TOKEN_QUERY}=${encodeURIComponent(token)}` : '';

export const HLS_PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';
export const HLS_SEGMENT_TYPE = 'video/mp2t';

/** The longest replay one playlist may cover. */
export const MAX_REPLAY_MS = 12 * 60 * 60 * 1000;

const epochMs = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** `?from=&to=` of a replay playlist, epoch ms, `from < to`, at most MAX_REPLAY_MS apart. */
export const ReplayQuerySchema = z
  .object({ from: epochMs, to: epochMs })
  .refine((q) => q.from < q.to, { message: 'from must be before to', path: ['to'] })
  .refine((q) => q.to - q.from <= MAX_REPLAY_MS, { message: 'a replay covers at most 12 hours', path: ['to'] });
export type ReplayQuery = z.infer<typeof ReplayQuerySchema>;

const tokenExp = z.number().int().nonnegative();

/**
 * A camera token grants these cameras, footage within [from, to], until `exp` (all epoch ms): the
 * installer's `camera token` command issues them.
 */
export const CameraTokenClaimsSchema = z.strictObject({
  v: z.literal(1),
  cams: z.array(IdSchema).min(1).max(16),
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
  exp: tokenExp,
});

/**
 * A job token names no camera: at every request the hub resolves the job's bay history, so it opens
 * the camera of the bay the car was on at the footage's time (it follows the car between bays), and
 * stops at handover. Minted for a few minutes from the customer's follow link or the ticket code.
 */
export const JobTokenClaimsSchema = z.strictObject({
  v: z.literal(1),
  job: z.string().regex(/^[0-9]{1,12}$/),
  /** The start of the follow link's hash it was minted from (a reissued link revokes it); null at the lounge. */
  link: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .nullable(),
  exp: tokenExp,
});

/** What a viewing token grants. The hub signs it (HMAC-SHA256 with a per-install secret). */
export const MediaTokenClaimsSchema = z.union([CameraTokenClaimsSchema, JobTokenClaimsSchema]);
export type MediaTokenClaims = z.infer<typeof MediaTokenClaimsSchema>;
export type CameraTokenClaims = z.infer<typeof CameraTokenClaimsSchema>;
export type JobTokenClaims = z.infer<typeof JobTokenClaimsSchema>;

/** The staff role that may watch every camera, live and recorded, without a token. */
export const CAMERA_VIEW_ROLE: StaffRole = 'manager';

/** Stable codes of the media endpoints' errors. */
export const mediaErrorCodes = [
  'MEDIA_TOKEN_REQUIRED',
  'MEDIA_TOKEN_INVALID',
  'MEDIA_TOKEN_EXPIRED',
  'MEDIA_CAMERA_FORBIDDEN',
  'MEDIA_OUTSIDE_WINDOW',
  'MEDIA_BAD_PATH',
  'MEDIA_RANGE_INVALID',
  'CAMERA_NOT_FOUND',
  'CAMERA_OFFLINE',
  'SEGMENT_NOT_FOUND',
  'RECORDING_NOT_FOUND',
  'CLIP_NOT_FOUND',
] as const;
export type MediaErrorCode = (typeof mediaErrorCodes)[number];
