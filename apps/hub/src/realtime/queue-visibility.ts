// The queue's collections as public screens see them: a ticket's number, lane, masked plate, status
// and wait, never its phone or plate; a desk without who holds it. Built field by field, so a field
// added to the staff view later stays off public screens until someone adds it here.
import type { DeskView, TicketView } from '@glassbay/protocol';

export const publicTicket = (t: TicketView): TicketView => ({
  id: t.id,
  number: t.number,
  laneId: t.laneId,
  status: t.status,
  plateMasked: t.plateMasked,
  position: t.position,
  wait: t.wait,
  deskId: t.deskId,
  calledAt: t.calledAt,
  createdAt: t.createdAt,
  appointmentAt: t.appointmentAt,
  lang: t.lang,
});

export const publicDesk = (d: DeskView): DeskView => ({
  id: d.id,
  number: d.number,
  name: d.name,
  lanes: d.lanes,
  open: d.open,
  ticketId: d.ticketId,
});
