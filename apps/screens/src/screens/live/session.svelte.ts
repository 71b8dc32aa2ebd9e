// The viewer's video session, kept fresh: the hub says which camera shows the car now (it follows
// the car between bays), the footage to scrub through, the markers, the repair clip, and a viewing
// token that lasts minutes. The store asks again before the token runs out and every 20 s, so a
// move to another bay, a new stage or a finished clip reaches the screen without a reload.
import type { JobVideoSession, JobVideoSessionBody, VideoSession } from '@glassbay/protocol';
import { api } from '../../lib/api/client.ts';
import { HubError } from '../../lib/api/errors.ts';

/** How a viewer proves what they may watch. */
export type VideoSource =
  | { kind: 'follow'; followToken: string }
  | { kind: 'lounge'; jobId: string; code: string }
  | { kind: 'camera'; cameraId: string };

/** Why there is no session: the hub's refusal, as the view words it. */
export type SessionProblem = 'invalid' | 'expired' | 'not-yet' | 'denied' | 'unreachable' | 'failed';

const REFRESH_MS = 20_000;

export const isJobSession = (s: VideoSession | JobVideoSession | null): s is JobVideoSession =>
  s !== null && 'jobId' in s;

export class VideoSessionStore {
  session = $state<VideoSession | JobVideoSession | null>(null);
  problem = $state<SessionProblem | null>(null);
  /** Hub clock minus this screen's clock, ms: "now" on the timeline is the hub's now. */
  clockOffset = $state(0);
  /** The token every media request carries (read at request time: renewals apply at once). */
  token: string | null = null;

  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  readonly source: VideoSource;

  constructor(source: VideoSource) {
    this.source = source;
  }

  /** Hub time now. */
  now(): number {
    return Date.now() + this.clockOffset;
  }

  async load(): Promise<void> {
    const asked = Date.now();
    try {
      const s =
        this.source.kind === 'camera'
          ? await api('cameraVideoSession', { params: { cameraId: this.source.cameraId } })
          : await api('jobVideoSession', { body: this.#body() });
      if (this.#closed) return;
      // Half the round trip: good to well under a second, which is what the timeline needs.
      this.clockOffset = s.serverNow - (asked + Date.now()) / 2;
      this.token = s.token;
      this.session = s;
      this.problem = null;
    } catch (err) {
      if (this.#closed) return;
      this.problem = problemOf(err);
    } finally {
      this.#schedule();
    }
  }

  /** Ask again now (the player was refused: the token ran out, or the car moved). */
  refresh(): void {
    clearTimeout(this.#timer);
    void this.load();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #body(): JobVideoSessionBody {
    const s = this.source;
    if (s.kind === 'follow') return { followToken: s.followToken };
    if (s.kind === 'lounge') return { jobId: s.jobId, code: s.code };
    throw new Error('a camera session has no body');
  }

  #schedule(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    const renewIn = this.session?.refreshAt ? this.session.refreshAt - this.now() : REFRESH_MS;
    // A hard refusal (a bad link) is not retried; a hub that cannot be reached is.
    if (this.problem && this.problem !== 'unreachable' && this.problem !== 'failed') return;
    this.#timer = setTimeout(() => void this.load(), Math.max(1000, Math.min(REFRESH_MS, renewIn)));
  }
}

function problemOf(err: unknown): SessionProblem {
  if (!(err instanceof HubError)) return 'failed';
  switch (err.code) {
    case 'HUB_UNREACHABLE':
      return 'unreachable';
    case 'FOLLOW_LINK_EXPIRED':
      return 'expired';
    case 'VIDEO_NOT_YET':
      return 'not-yet';
    case 'FOLLOW_LINK_UNKNOWN':
    case 'VALIDATION_FAILED':
    case 'JOB_NOT_FOUND':
      return 'invalid';
    default:
      return err.status === 401 || err.status === 403 || err.status === 429 ? 'denied' : 'failed';
  }
}
