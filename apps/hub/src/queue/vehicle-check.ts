// The advisor's side of a check-in's unproven claims (domain/ownership.ts): with the customer at the
// desk, confirm the new phone (the car record changes owner) or the typed mileage (it is stored).
import type { StaffUser, TicketView, VehicleCheckItem } from '@glassbay/protocol';
import type { CustomersRepository } from './customer-records.repository.ts';
import type { Db } from '../store/db.ts';
import type { QueueRepository } from './queue.repository.ts';
import { AppError } from '../domain/errors.ts';
import type { QueueService } from './queue.service.ts';
import { toTicketView } from './queue-views.ts';

export function createVehicleChecks(deps: {
  db: Db;
  queue: QueueRepository;
  customers: CustomersRepository;
  queueService: QueueService;
}) {
  const { db, queue, customers, queueService } = deps;
  return {
    confirm(ticketId: number, items: readonly VehicleCheckItem[], staff: StaffUser, now: number): TicketView {
      db.transaction(() => {
        const t = queue.ticket(ticketId);
        if (!t) throw new AppError(404, 'TICKET_NOT_FOUND', `there is no ticket ${ticketId}`);
        const c = t.vehicleCheck;
        if (!c || t.vehicleId === null || t.customerId === null)
          throw new AppError(409, 'NOTHING_TO_CONFIRM', `${t.number} has nothing left to confirm`);
        let { phoneChanged, mileage } = c;
        if (items.includes('owner') && phoneChanged) {
          customers.setOwner(t.vehicleId, t.customerId);
          phoneChanged = false;
        }
        if (items.includes('mileage') && mileage) {
          customers.raiseMileage(t.vehicleId, mileage.typedKm, now);
          mileage = null;
        }
        queue.setVehicleCheck(t.id, phoneChanged || mileage ? { phoneChanged, mileage } : null, staff.id, now);
      })();
      const s = queueService.sync(now);
      return s.tickets.get(String(ticketId)) ?? toTicketView(queue.ticket(ticketId)!, null, null);
    },
  };
}
export type VehicleChecks = ReturnType<typeof createVehicleChecks>;
