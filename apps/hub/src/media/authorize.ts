// The one seam every media request passes: may this request see this camera's footage in this time
// range? Signed-in staff may see every camera at any time; anyone else needs a signed viewing token
// (the installer's CLI issues one; the jobs issue mints them for a job's bay and time window).
import type { FastifyRequest } from 'fastify';
import { MEDIA_TOKEN_HEADER, MEDIA_TOKEN_QUERY, type MediaErrorCode } from '@glassbay/protocol';
import { verifyMediaToken } from './token.ts';

export interface TimeRange {
  from: number;
  to: number;
}

export type MediaAccess =
  | {
      allowed: true;
      /** The footage this request may see: the caller clamps what it serves to it. */ window: TimeRange;
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

export const overlaps = (a: TimeRange, b: TimeRange) => a.from < b.to && a.to > b.from;

export function tokenAuthorizer(secret: Buffer, now: () => number = Date.now): AuthorizeMedia {
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
    if (!claims.cams.includes(cameraId))
      return deny(403, 'MEDIA_CAMERA_FORBIDDEN', `this viewing link does not include camera "${cameraId}"`);
    const window = { from: claims.from, to: claims.to };
    if (!overlaps(range, window))
      return deny(403, 'MEDIA_OUTSIDE_WINDOW', 'this viewing link does not cover that time');
    return { allowed: true, window };
  };
}

/** Signed-in staff see everything; every other request is judged by `others` (the token check). */
export function staffOr(isStaff: (req: FastifyRequest) => boolean, others: AuthorizeMedia): AuthorizeMedia {
  return (req, cameraId, range) =>
    isStaff(req) ? { allowed: true, window: { from: 0, to: Number.MAX_SAFE_INTEGER } } : others(req, cameraId, range);
}
