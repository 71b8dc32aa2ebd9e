// Serving a ticket hands it to the workshop: the jobs module opens a job with the ticket's number as
// its code and adopts the follow token the ticket's QR code already carries, so the customer's link
// keeps working from the queue into the workshop.
import type { ServiceCategory, StaffUser } from '@glassbay/protocol';
import type { JobsModule } from '../jobs/module.ts';
import type { ServeTicket } from './queue.service.ts';
import type { TicketRecord } from './queue.repository.ts';

/** A category chosen without a specific service ("not sure what it needs") and the menu entry that covers it. */
const GENERAL: Partial<Record<ServiceCategory, string>> = { repair: 'diagnosis', inspection: 'inspection' };

/** The menu services a ticket's job is opened with (the comeback check at check-in judges the same list). */
export function servicesOf(t: Pick<TicketRecord, 'services' | 'categories'>, menu: ReadonlySet<string>): string[] {
  const out = new Set(t.services.filter((s) => menu.has(s)));
  for (const c of t.categories) {
    const code = GENERAL[c];
    if (code && menu.has(code)) out.add(code);
  }
  return [...out];
}

export function ticketToJob(jobs: Pick<JobsModule, 'createFromTicket' | 'services'>): ServeTicket {
  return (t: TicketRecord, staff: StaffUser, now: number) => {
    const menu = new Set(
      jobs
        .services()
        .filter((s) => s.active)
        .map((s) => s.code),
    );
    const { job } = jobs.createFromTicket(
      {
        code: t.number,
        vehicle: { plate: t.plate, model: null, colour: null, mileageKm: t.mileageKm },
        customer: { phone: t.phone, name: null },
        services: servicesOf(t, menu),
        complaint: t.complaint,
        customerRef: { ticketId: t.id, customerId: t.customerId, vehicleId: t.vehicleId },
        followTokenHash: t.followTokenHash,
      },
      { kind: 'staff', id: staff.id, name: staff.displayName },
      now,
    );
    return job.id;
  };
}
