// The phone view's state: the customer's own job (or queue ticket) behind the link's token, kept live
// on the follow channel; approvals and the rating go over REST and the answer replaces the view.
import {
  FOLLOW_NAMESPACE,
  FOLLOW_TOKEN_PARAM,
  FOLLOW_TOKEN_PATTERN,
  FollowEvents,
  type CustomerJobView,
  type FollowServerEvents,
  type FollowView,
} from '@glassbay/protocol';
import { io, type Socket } from 'socket.io-client';
import { api } from '../../lib/api/client.ts';
import { HubError } from '../../lib/api/errors.ts';

/** Why the page shows no job: a link that never worked, or one that expired after delivery. */
export type LinkProblem = 'unknown' | 'expired';

export const tokenFromUrl = (search: string): string =>
  // Read once, never kept: nothing reactive about it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  new URLSearchParams(search).get(FOLLOW_TOKEN_PARAM) ?? '';

export class FollowStore {
  view = $state<FollowView | null>(null);
  problem = $state<LinkProblem | null>(null);
  online = $state(true);
  /** After "stop messages": whether this visit had messages switched on (null: not asked). */
  messagesStopped = $state<boolean | null>(null);
  readonly #token: string;
  readonly #socket: Socket<FollowServerEvents> | undefined;

  constructor(token: string) {
    this.#token = token;
    if (!FOLLOW_TOKEN_PATTERN.test(token)) {
      this.problem = 'unknown';
      return;
    }
    this.#socket = io(FOLLOW_NAMESPACE, { auth: { token }, transports: ['websocket', 'polling'] });
    this.#socket.on(FollowEvents.view, (v) => {
      this.view = v;
      this.online = true;
    });
    this.#socket.on(FollowEvents.closed, (reason) => (this.problem = reason === 'expired' ? 'expired' : 'unknown'));
    this.#socket.on('connect_error', (err) => {
      // The hub refused the token (no retry follows); anything else is the network, retried.
      if (this.#socket?.active) this.online = false;
      else this.problem = err.message === 'FOLLOW_LINK_EXPIRED' ? 'expired' : 'unknown';
    });
    this.#socket.on('disconnect', () => (this.online = false));
    this.#socket.on('connect', () => (this.online = true));
  }

  get job(): CustomerJobView | null {
    return this.view?.kind === 'job' ? this.view.job : null;
  }

  async #act(call: (token: string) => Promise<CustomerJobView>): Promise<void> {
    try {
      const job = await call(this.#token);
      this.view = { kind: 'job', job };
    } catch (err) {
      if (err instanceof HubError && err.code === 'FOLLOW_LINK_EXPIRED') this.problem = 'expired';
      throw err;
    }
  }

  decide(approvalId: number, decision: 'approved' | 'declined'): Promise<void> {
    return this.#act((token) => api('followDecide', { params: { token, approvalId }, body: { decision } }));
  }

  rate(stars: number, comment: string | null): Promise<void> {
    return this.#act((token) => api('followRate', { params: { token }, body: { stars, comment } }));
  }

  /** The customer opts out of this visit's messages; the hub cancels any still queued. */
  async stopMessages(): Promise<void> {
    const { optedOut } = await api('followOptOut', { params: { token: this.#token } });
    this.messagesStopped = optedOut;
  }

  close(): void {
    this.#socket?.close();
  }
}
