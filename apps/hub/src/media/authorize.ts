// The one seam every media request passes: may this request see this camera's footage in this time
// range? Staff with the camera role may see every camera at any time; anyone else needs a signed
// viewing token. A camera token (the installer's CLI) names cameras and a window; a job token names
// a job, and is resolved here, at every request, to the footage of the bays the job's car was on.
import type { FastifyRequest } from 'fastify';
import { MEDIA_TOKEN_HEADER, MEDIA_TOKEN_QUERY, type MediaErrorCode } from '@glassbay/protocol';
import { verifyMediaToken } from './token.ts';

import { overlaps, type TimeRange } from '../domain/job-footage.ts';

export { overlaps, type TimeRange };

export type MediaAccess =
  | {
      allowed: true;
      /** The footage this request may see, oldest first: the caller serves only what overlaps them. */
      windows: TimeRange[];
    }
  | { allowed: false; status: 401 | 403; code: MediaErrorCode; message: string };

export type AuthorizeMedia = (req: FastifyRequest, cameraId: string, range: TimeRange) => MediaAccess;

/** The token a request carries, from `?token=` or the header; undefined when it has none. */
export function requestToken(req: FastifyRequest): string | undefined {
  const q = (req.query as Record<string, unknown> | undefined)?.[MEDIA_TOKEN_QUERY];
  if (typeof q === 'string' && q !== '') return q;
  const h = req.headers[MEDIA_TOKEN_HEADER];
  return typeof h === 'string' && h !== '' ? h : undefined;
}

const deny = (status: 401 | 403, code: MediaErrorCode, message: string): MediaAccess => ({
  allowed: false,
  status,
  code,
  message,
});

/** What a job token is checked against at every request (the jobs tables, read by the media module). */
export interface JobFootageLookup {
  job(jobId: string): { closedAt: number | null; followTokenHash: string | null } | undefined;
  /** The time ranges the job may watch on a bay, oldest first; empty when its car was never there. */
  windowsOnBay(jobId: string, bayId: string): TimeRange[];
  /** The bay a camera watches (null: none, or no such camera). */
  cameraBay(cameraId: string): string | null;
}

export function tokenAuthorizer(secret: Buffer, jobs?: JobFootageLookup, now: () => number = Date.now): AuthorizeMedia {
  return (req, cameraId, range) => {
    const token = requestToken(req);
    if (!token)
      return deny(
        401,
        'MEDIA_TOKEN_REQUIRED',
        'this video needs a viewing token; open it from the ticket or the console',
      );
    const check = verifyMediaToken(secret, token, now());
    if (!check.ok)
      return check.reason === 'expired'
        ? deny(
            401,
            'MEDIA_TOKEN_EXPIRED',
            'this viewing link has expired; open the video again from the ticket or console',
          )
        : deny(401, 'MEDIA_TOKEN_INVALID', 'this viewing link is not valid for this hub; open the video again');
    const { claims } = check;
    let windows: TimeRange[];
    if ('cams' in claims) {
      if (!claims.cams.includes(cameraId))
        return deny(403, 'MEDIA_CAMERA_FORBIDDEN', `this viewing link does not include camera "${cameraId}"`);
      windows = [{ from: claims.from, to: claims.to }];
    } else {
      const job = jobs?.job(claims.job);
      // A reissued follow link revokes the viewing tokens minted from the old one.
      if (!job || (claims.link !== null && !job.followTokenHash?.startsWith(claims.link)))
        return deny(401, 'MEDIA_TOKEN_INVALID', 'this viewing link is no longer valid; open the video again');
      if (job.closedAt !== null)
        return deny(
          401,
          'MEDIA_TOKEN_EXPIRED',
          'this car has been handed over, so its live video has ended; the repair clip stays on your phone',
        );
      const bay = jobs!.cameraBay(cameraId);
      windows = bay ? jobs!.windowsOnBay(claims.job, bay) : [];
      if (windows.length === 0)
        return deny(403, 'MEDIA_CAMERA_FORBIDDEN', 'this viewing link shows only the camera of your own car');
    }
    if (!windows.some((w) => overlaps(range, w)))
      return deny(403, 'MEDIA_OUTSIDE_WINDOW', 'this viewing link does not cover that time');
    return { allowed: true, windows };
  };
}

/** Staff with the camera role see everything; every other request is judged by `others` (the tokens). */
export function staffOr(isStaff: (req: FastifyRequest) => boolean, others: AuthorizeMedia): AuthorizeMedia {
  return (req, cameraId, range) =>
    isStaff(req)
      ? { allowed: true, windows: [{ from: 0, to: Number.MAX_SAFE_INTEGER }] }
      : others(req, cameraId, range);
}
