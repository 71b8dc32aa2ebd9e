// The queue's REST edge: parse (done by mount with the protocol's schemas), authorise, call a service.
import { queueRoutes } from '@glassbay/protocol';
import { localDay } from '../domain/queue.ts';
import { bookingView, type Bookings } from './bookings.ts';
import { SlowedError, type CheckInService } from './checkin.service.ts';
import { AppError } from '../domain/errors.ts';
import type { QueueService } from './queue.service.ts';
import { toTicketView } from './queue-views.ts';
import type { CustomersRepository } from './customer-records.repository.ts';
import type { Mount } from '../http/api.ts';
import type { FastifyReply } from 'fastify';

export interface QueueRouteDeps {
  queue: QueueService;
  checkin: CheckInService;
  bookings: Bookings;
  customers: CustomersRepository;
}

/** A slowed-down lookup says when to try again, as HTTP does. */
function retryAfter<T>(reply: FastifyReply, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof SlowedError) void reply.header('retry-after', String(err.retryAfterSec));
    throw err;
  }
}

export function mountQueueRoutes(mount: Mount, deps: QueueRouteDeps): void {
  const { queue, checkin, bookings, customers } = deps;
  const r = queueRoutes;

  mount(r.lookupCustomer, ({ body, req, reply }) =>
    retryAfter(reply, () => checkin.lookup(body.plate, body.last4, req.ip, Date.now())),
  );
  mount(r.dueMaintenance, ({ body }) => ({ due: checkin.due(body.proof, body.mileageKm, Date.now()) }));
  mount(r.findBooking, ({ body, req }) => {
    return bookingView(bookings.find(body.code, req.ip, Date.now()));
  });
  mount(r.checkIn, ({ body, req }) => checkin.checkIn(body, req.ip, Date.now()));

  mount(r.listTickets, () => {
    const now = Date.now();
    const live = queue.state(now).tickets;
    return {
      tickets: queue.listToday(localDay(now)).map((t) => live.get(String(t.id)) ?? toTicketView(t, null, null)),
    };
  });
  mount(r.openDesk, ({ params, staff }) => queue.openDesk(params.deskId, staff, Date.now()));
  mount(r.closeDesk, ({ params, staff }) => queue.closeDesk(params.deskId, staff, Date.now()));
  mount(r.callNext, ({ params, staff }) => queue.callNext(params.deskId, staff, Date.now()));
  mount(r.callTicket, ({ params, body, staff }) =>
    queue.callTicket(params.deskId, Number(body.ticketId), staff, Date.now()),
  );
  mount(r.recall, ({ params, staff }) => queue.recall(params.deskId, staff, Date.now()));
  mount(r.noShow, ({ params, staff }) => queue.noShow(params.deskId, staff, Date.now()));
  mount(r.transfer, ({ params, body, staff }) => queue.transfer(params.deskId, body.laneId, staff, Date.now()));
  mount(r.serve, ({ params, staff }) => queue.serve(params.deskId, staff, Date.now()));

  mount(r.listRules, () => ({ rules: customers.rules() }));
  mount(r.updateRule, ({ params, body }) => ({ rule: customers.saveRule({ code: params.code, ...body }) }));

  mount(r.createAppointment, ({ body, staff }) => ({ appointment: bookings.create(body, staff.id, Date.now()) }));
  mount(r.listAppointments, ({ query }) => {
    const from = query.from ?? new Date(new Date().setHours(0, 0, 0, 0)).getTime();
    return { appointments: bookings.list(from) };
  });
  mount(r.cancelAppointment, ({ params }) => {
    const id = Number(params.appointmentId);
    if (!Number.isSafeInteger(id)) throw new AppError(404, 'BOOKING_NOT_FOUND', 'there is no such booking');
    return { appointment: bookings.cancel(id) };
  });
}
