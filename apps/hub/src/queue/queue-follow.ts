// The waiting customer's phone: what the follow link of a ticket not yet turned into a job says, and
// the push of every change to it (called to a desk, called again, missed, a place gained in the
// queue). The phone is never left saying "you are next" after the desk called.
import { loungeCodeOf } from '../domain/lounge-code.ts';
import type { FollowView, QueuedFollowView, QueuedTicketState, TicketStatus } from '@glassbay/protocol';
import type { TicketRecord } from './queue.repository.ts';
import type { QueueState } from './queue-views.ts';

/** The follow channel as the queue uses it (realtime/follow.ts). */
export interface TicketFollowPush {
  push(tokenHash: string, view: FollowView, until: number | null): void;
}

const stateOf: Record<TicketStatus, QueuedTicketState> = {
  waiting: 'waiting',
  called: 'called',
  'no-show': 'missed',
  served: 'served',
  cancelled: 'cancelled',
};

/** The ticket as its customer's phone shows it, given the queue as it is now. */
export function ticketFollowView(t: TicketRecord, s: Pick<QueueState, 'tickets' | 'desks'>): QueuedFollowView {
  const view = t.status === 'waiting' ? s.tickets.get(String(t.id)) : undefined;
  const wait = view?.wait;
  // A missed ticket keeps the desk that called it: the customer is told where to go now.
  const d = t.deskId && (t.status === 'called' || t.status === 'no-show') ? s.desks.get(t.deskId) : undefined;
  return {
    code: t.number,
    state: stateOf[t.status],
    ahead: view?.position ?? null,
    waitMinutes:
      wait?.kind === 'range'
        ? { low: wait.lowMin, high: wait.highMin }
        : wait?.kind === 'now'
          ? { low: 0, high: 0 }
          : null,
    desk: d ? { number: d.number, name: d.name } : null,
    calledAt: t.calledAt,
    recalls: t.recalls,
    missedAt: t.status === 'no-show' ? t.closedAt : null,
    loungeCode: loungeCodeOf(t.followTokenHash),
  };
}

/**
 * Pushes each ticket's view when it changed since the last push. `open` are the waiting and called
 * tickets (their place moves with every call); `touched` the tickets an operation just closed.
 */
export function createTicketFollow(follow: () => TicketFollowPush | undefined) {
  const sent = new Map<string, string>();
  return {
    push(tickets: TicketRecord[], s: Pick<QueueState, 'tickets' | 'desks'>): void {
      const push = follow();
      if (!push) return;
      for (const t of tickets) {
        // A served ticket's link now shows its job: the jobs module pushes that.
        if (t.status === 'served' && t.jobId !== null) {
          sent.delete(t.followTokenHash);
          continue;
        }
        const view = ticketFollowView(t, s);
        const text = JSON.stringify(view);
        if (sent.get(t.followTokenHash) === text) continue;
        sent.set(t.followTokenHash, text);
        push.push(t.followTokenHash, { kind: 'queued', ticket: view }, null);
        // Closed tickets are pushed once; forget them so the map does not grow all day.
        if (t.closedAt !== null) sent.delete(t.followTokenHash);
      }
    },
  };
}
