// Video sessions: what a player may play and the token to play it with. A customer proves their
// job (the follow link on the phone, the ticket code at the lounge board, both checked by the jobs
// module's own rules) and gets a job token for a few minutes, renewed by the player while it plays;
// the token itself is resolved to the job's bays at every request (authorize.ts). Staff get a
// session for any camera. Also serves the repair clip, to the same job token.
import { open } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CLIP_ROUTE,
  clipPath,
  type JobVideoSession,
  type JobVideoSessionBody,
  type VideoMarker,
  type VideoPeriod,
  type VideoSession,
} from '@glassbay/protocol';
import { errorBody } from '../http/api.ts';
import { AppError } from '../domain/errors.ts';
import { requestToken } from './authorize.ts';
import type { Clips } from './clips.ts';
import type { StepMark } from '../domain/job-footage.ts';
import type { JobFootage } from '../jobs/module.ts';
import type { Recordings } from './recordings.ts';
import { issueMediaToken, verifyMediaToken } from './token.ts';

/** What the jobs module answers for a customer's proof of their job (its own rules: expiry, lock-out). */
export interface CustomerProof {
  /** The job behind a follow link; throws the jobs module's error for an unknown or expired link. */
  follow(token: string, now: number): { tokenHash: string; view: { kind: string; job?: { id: string } } };
  /** Check the ticket code of a job at the lounge board; throws on a wrong code or a lock-out. */
  unlock(jobId: string, code: string, now: number): unknown;
}

/** A job token lives this long; the player asks for a new session before it runs out. */
export const JOB_TOKEN_MS = 10 * 60_000;

export function createVideoSessions(deps: {
  secret: Buffer;
  footage: JobFootage;
  recordings: Recordings;
  clips: Clips;
  proof?: CustomerProof | undefined;
  steps?: ((jobId: string) => StepMark[]) | undefined;
  camerasOfBay: (bayId: string) => { id: string; name: string }[];
  camera: (id: string) => { id: string; name: string; bayId: string | null } | undefined;
  bayName: (bayId: string) => string | null;
  followGraceMs: number;
}) {
  const { footage } = deps;

  function periodsOf(jobId: string): VideoPeriod[] {
    const bays = new Set(footage.periods(jobId).map((p) => p.bayId));
    const out: VideoPeriod[] = [];
    for (const bayId of bays) {
      const camera = deps.camerasOfBay(bayId)[0];
      if (!camera) continue;
      for (const w of footage.windowsOnBay(jobId, bayId))
        out.push({
          cameraId: camera.id,
          bayId,
          name: deps.bayName(bayId) ?? camera.name,
          from: w.from,
          to: w.to >= Number.MAX_SAFE_INTEGER ? null : w.to,
        });
    }
    return out.sort((a, b) => a.from - b.from);
  }

  function markersOf(jobId: string): VideoMarker[] {
    const stages: VideoMarker[] = footage
      .events(jobId)
      .filter((e) => e.event === null)
      .map((e) => ({ kind: 'stage', at: e.at, stage: e.stage }));
    const steps: VideoMarker[] = (deps.steps?.(jobId) ?? [])
      .filter((s): s is StepMark & { startedAt: number } => s.startedAt !== null)
      .map((s) => ({ kind: 'step', at: s.startedAt, end: s.endedAt, name: s.step.name }));
    return [...stages, ...steps].sort((a, b) => a.at - b.at);
  }

  /** Which job the customer proved, and the follow link it came from (a reissued link revokes the token). */
  function prove(body: JobVideoSessionBody, now: number): { jobId: string; link: string | null } {
    if (!deps.proof) throw new AppError(503, 'VIDEO_UNAVAILABLE', 'video for customers is not set up on this hub');
    if ('followToken' in body) {
      const { tokenHash, view } = deps.proof.follow(body.followToken, now);
      if (view.kind !== 'job' || !view.job)
        throw new AppError(
          404,
          'VIDEO_NOT_YET',
          'there is no video yet: your car has not been taken into the workshop; try again once it has',
        );
      return { jobId: view.job.id, link: tokenHash.slice(0, 16) };
    }
    deps.proof.unlock(body.jobId, body.code, now);
    return { jobId: body.jobId, link: null };
  }

  return {
    forJob(body: JobVideoSessionBody, now: number): JobVideoSession {
      const { jobId, link } = prove(body, now);
      const job = footage.job(jobId);
      if (!job) throw new AppError(404, 'JOB_NOT_FOUND', 'this job is no longer in the shop');
      const closed = job.closedAt !== null;
      const exp = now + JOB_TOKEN_MS;
      const token = issueMediaToken(deps.secret, { job: jobId, link, exp });
      const periods = closed ? [] : periodsOf(jobId);
      const last = periods.at(-1);
      const clip = deps.clips.state(jobId);
      return {
        jobId,
        code: job.code,
        stage: job.stage,
        closed,
        token,
        refreshAt: exp - 60_000,
        live: last && last.to === null ? last : null,
        periods,
        markers: markersOf(jobId),
        serverNow: now,
        clip: clip && { ...clip, url: clip.state === 'ready' ? clipPath(jobId, token) : null },
      };
    },

    forCamera(cameraId: string, now: number): VideoSession {
      const camera = deps.camera(cameraId);
      if (!camera) throw new AppError(404, 'CAMERA_NOT_FOUND', `no camera "${cameraId}"`);
      const from = deps.recordings.get(cameraId)?.segments[0]?.start ?? now;
      const name = [camera.bayId ? deps.bayName(camera.bayId) : null, camera.name].filter(Boolean).join(' · ');
      const period: VideoPeriod = { cameraId, bayId: camera.bayId, name, from, to: null };
      return { token: null, refreshAt: null, live: period, periods: [period], markers: [], serverNow: now };
    },

    /** The repair clip, to the job's own token (or staff), while the follow link works; byte ranges for phones. */
    mountClip(app: FastifyInstance, isStaff: (req: FastifyRequest) => boolean): void {
      app.get(CLIP_ROUTE, async (req, reply) => {
        const { jobId } = req.params as { jobId: string };
        const refuse = (status: number, code: string, message: string) =>
          reply.status(status).header('cache-control', 'no-store').send(errorBody(code, message));
        if (!/^[0-9]{1,12}$/.test(jobId)) return refuse(400, 'MEDIA_BAD_PATH', 'that is not a job id');
        if (!isStaff(req)) {
          const token = requestToken(req);
          if (!token) return refuse(401, 'MEDIA_TOKEN_REQUIRED', 'open the repair clip from your follow link');
          const check = verifyMediaToken(deps.secret, token, now());
          if (!check.ok)
            return check.reason === 'expired'
              ? refuse(401, 'MEDIA_TOKEN_EXPIRED', 'this viewing link has expired; open the clip again from your link')
              : refuse(401, 'MEDIA_TOKEN_INVALID', 'this viewing link is not valid for this hub');
          const job = footage.job(jobId);
          const c = check.claims;
          if (!('job' in c) || c.job !== jobId || !job || (c.link !== null && !job.followTokenHash?.startsWith(c.link)))
            return refuse(403, 'MEDIA_CAMERA_FORBIDDEN', 'this viewing link is for another car');
          if (job.closedAt !== null && now() >= job.closedAt + deps.followGraceMs)
            return refuse(401, 'MEDIA_TOKEN_EXPIRED', 'this repair clip is no longer kept');
        }
        const file = deps.clips.file(jobId);
        if (!file) return refuse(404, 'CLIP_NOT_FOUND', 'the repair clip is not ready yet');
        return sendRange(req, reply, file.path, file.bytes);
      });
    },
  };
}
export type VideoSessions = ReturnType<typeof createVideoSessions>;

const now = () => Date.now();

/** An MP4 with byte ranges: Safari plays a <video> only from a server that answers them. */
async function sendRange(req: FastifyRequest, reply: FastifyReply, path: string, size: number) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
  let start = 0;
  let end = size - 1;
  if (m && (m[1] || m[2])) {
    if (m[1]) {
      start = Number(m[1]);
      if (m[2]) end = Math.min(Number(m[2]), size - 1);
    } else start = Math.max(0, size - Number(m[2]));
    if (start > end || start >= size)
      return reply.status(416).header('content-range', `bytes */${size}`).send(errorBody('RANGE_INVALID', 'bad range'));
    reply.status(206).header('content-range', `bytes ${start}-${end}/${size}`);
  }
  let fh;
  try {
    fh = await open(path, 'r');
  } catch {
    // Removed by the sweep between the look-up and the open.
    return reply.status(404).send(errorBody('CLIP_NOT_FOUND', 'the repair clip is no longer kept'));
  }
  return reply
    .type('video/mp4')
    .header('accept-ranges', 'bytes')
    .header('cache-control', 'private, no-cache')
    .header('content-length', end - start + 1)
    .send(fh.createReadStream({ start, end }));
}
