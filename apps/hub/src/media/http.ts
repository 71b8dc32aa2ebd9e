// HLS over the hub's own HTTP server (same origin as the screens, so hls.js needs no CORS): the live
// playlist, replay playlists over any range of the ring, and the segment files. Every request passes
// the authorize seam with the time range it would reveal; names are checked before any path is built.
import { open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  HLS_PLAYLIST_TYPE,
  HLS_SEGMENT_TYPE,
  MEDIA_TOKEN_QUERY,
  ReplayQuerySchema,
  hlsRoutes,
  isValidId,
  type MediaErrorCode,
} from '@glassbay/protocol';
import { errorBody } from '../http/api.ts';
import { overlaps, type AuthorizeMedia, type TimeRange } from './authorize.ts';
import { livePlaylist, replayPlaylist, spanOf } from './playlist.ts';
import type { Recordings } from './recordings.ts';
import { SEGMENT_NAME, parseSegmentName, segmentEnd, type Segment } from './segments.ts';

export interface MediaHttpDeps {
  recordings: Recordings;
  /** Whether a camera is configured (recordings of a removed camera are not served). */
  cameraKnown: (cameraId: string) => boolean;
  authorize: AuthorizeMedia;
  /** Segments in the live playlist. */
  liveWindow: number;
  /** A live playlist whose newest segment ended longer ago than this answers "camera offline". */
  liveStaleMs: number;
  now: () => number;
}

const PLAYLIST_CACHE = 'no-cache';
// A segment's bytes never change under its name; `private` because the URL carries a viewer's token.
const SEGMENT_CACHE = 'private, max-age=31536000, immutable';

class MediaError extends Error {
  constructor(
    readonly status: number,
    readonly code: MediaErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

export function registerMediaRoutes(app: FastifyInstance, deps: MediaHttpDeps): void {
  const { recordings, authorize } = deps;

  const guard = (req: FastifyRequest, cameraId: string, range: TimeRange): TimeRange[] => {
    const access = authorize(req, cameraId, range);
    if (!access.allowed) throw new MediaError(access.status, access.code, access.message);
    if (!deps.cameraKnown(cameraId)) throw new MediaError(404, 'CAMERA_NOT_FOUND', `no camera "${cameraId}"`);
    return access.windows;
  };
  /** Only the segments the viewer's windows reach (a job's footage can have gaps: the car left the bay). */
  const within = (segments: readonly Segment[], windows: TimeRange[]) =>
    segments.filter((s) => windows.some((w) => overlaps({ from: s.start, to: segmentEnd(s) }, w)));

  /** Segment URIs, relative to the playlist; a token that came in the query goes along (hls.js sends no headers by itself). */
  const uriFor = (req: FastifyRequest) => {
    const token = (req.query as Record<string, unknown>)[MEDIA_TOKEN_QUERY];
    const suffix =
      typeof token === 'string' && token !== '' ? `?${MEDIA_TOKEN_QUERY}=${encodeURIComponent(token)}` : '';
    return (s: Segment) => `segments/${s.name}${suffix}`;
  };

  const handle =
    (fn: (req: FastifyRequest, reply: FastifyReply, cameraId: string) => Promise<unknown> | unknown) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        const { cameraId } = req.params as { cameraId: string };
        // Ids are the only path part taken from the URL (a `..` or an encoded slash stops here).
        if (!isValidId(cameraId)) throw new MediaError(400, 'MEDIA_BAD_PATH', 'that is not a camera id');
        return await fn(req, reply, cameraId);
      } catch (err) {
        if (!(err instanceof MediaError)) throw err;
        return reply
          .status(err.status)
          .header('cache-control', 'no-store')
          .send(errorBody(err.code, err.message, err.issues));
      }
    };

  app.get(
    hlsRoutes.live,
    handle(async (req, reply, cameraId) => {
      const msn = (req.query as Record<string, unknown>)._HLS_msn;
      if (msn !== undefined) {
        // Blocking reload: authorise before holding anything, then wait for segment `msn`.
        const rec = recordings.get(cameraId);
        const wanted = Number(msn);
        const newestSeq = rec?.segments.at(-1)?.seq ?? -1;
        guard(req, cameraId, spanOf(rec?.live(deps.liveWindow) ?? []) ?? { from: deps.now() - 1, to: deps.now() });
        if (!Number.isSafeInteger(wanted) || wanted < 0 || wanted > newestSeq + 2)
          throw new MediaError(400, 'MEDIA_RANGE_INVALID', '_HLS_msn must name the next segment or one already there');
        // No recording yet: nothing to wait for; the answer below says the camera is offline.
        if (rec) await rec.waitForSeq(wanted, 3000 * rec.targetDuration);
      }
      const t = deps.now();
      const live = recordings.get(cameraId)?.live(deps.liveWindow) ?? [];
      const windows = guard(req, cameraId, spanOf(live) ?? { from: t - 1, to: t });
      const newest = live.at(-1);
      if (!newest || t - segmentEnd(newest) > deps.liveStaleMs)
        throw new MediaError(503, 'CAMERA_OFFLINE', `camera "${cameraId}" is not sending video right now`);
      const visible = within(live, windows);
      if (visible.length === 0)
        throw new MediaError(403, 'MEDIA_OUTSIDE_WINDOW', 'this viewing link does not cover the live picture');
      const text = livePlaylist(visible, {
        size: deps.liveWindow,
        targetDuration: recordings.get(cameraId)!.targetDuration,
        uri: uriFor(req),
      });
      return reply.type(HLS_PLAYLIST_TYPE).header('cache-control', PLAYLIST_CACHE).send(text);
    }),
  );

  app.get(
    hlsRoutes.replay,
    handle((req, reply, cameraId) => {
      const q = ReplayQuerySchema.safeParse(req.query);
      if (!q.success)
        throw new MediaError(
          400,
          'MEDIA_RANGE_INVALID',
          'give the replay as ?from=&to= in epoch milliseconds, at most 12 hours apart',
          q.error.issues.map((i) => ({ path: ['query', ...i.path].join('.'), message: i.message })),
        );
      const windows = guard(req, cameraId, q.data);
      const segments = within(recordings.get(cameraId)?.range(q.data.from, q.data.to) ?? [], windows);
      if (segments.length === 0)
        throw new MediaError(404, 'RECORDING_NOT_FOUND', 'there is no recording of this camera in that time range');
      return reply
        .type(HLS_PLAYLIST_TYPE)
        .header('cache-control', PLAYLIST_CACHE)
        .send(replayPlaylist(segments, uriFor(req)));
    }),
  );

  app.get(
    hlsRoutes.segment,
    handle(async (req, reply, cameraId) => {
      const { segment } = req.params as { segment: string };
      const parsed = SEGMENT_NAME.test(segment) ? parseSegmentName(segment) : undefined;
      if (!parsed) throw new MediaError(400, 'MEDIA_BAD_PATH', 'that is not a segment name');
      guard(req, cameraId, { from: parsed.start, to: segmentEnd(parsed) });
      const rec = recordings.get(cameraId);
      const found = rec?.find(segment);
      if (!rec || !found)
        throw new MediaError(
          404,
          'SEGMENT_NOT_FOUND',
          'this part of the recording is no longer kept; reload the playlist',
        );
      // Ensure the file is inside the camera's directory, whatever the name turned out to be.
      const file = resolve(rec.dir, found.name);
      if (dirname(file) !== resolve(rec.dir)) throw new MediaError(400, 'MEDIA_BAD_PATH', 'that is not a segment name');
      let fh;
      try {
        fh = await open(file, 'r');
      } catch {
        // The ring deleted it between the index lookup and the open.
        throw new MediaError(
          404,
          'SEGMENT_NOT_FOUND',
          'this part of the recording is no longer kept; reload the playlist',
        );
      }
      const { size } = await fh.stat();
      return reply
        .type(HLS_SEGMENT_TYPE)
        .header('cache-control', SEGMENT_CACHE)
        .header('content-length', size)
        .send(fh.createReadStream());
    }),
  );
}
