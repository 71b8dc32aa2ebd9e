// REST operations of the walk-in queue: the kiosk's check-in (public, rate-limited where it could
// leak) and the desk controls of the staff console (advisor and up).
import { z } from 'zod';
import { PHONE_PROOF_DIGITS, customerLanguages, deskPath, queuePaths } from './checkin-format.ts';
import { serviceCategories } from './jobs.ts';
import { ComebackTagSchema } from './jobs-api.ts';
import {
  BookingCodeSchema,
  CheckInReceiptSchema,
  CheckInRequestSchema,
  DueItemSchema,
  LookupResultSchema,
  MileageSchema,
  PhoneSchema,
  PlateEntrySchema,
  ServiceCodeSchema,
  ticketStatuses,
  vehicleCheckItems,
  type DeskView,
  type TicketView,
  LocalTextSchema,
  WaitEstimateSchema,
} from './queue.ts';
import { defineRoute } from './route.ts';
import { IdSchema } from './domain.ts';

const LocalText = LocalTextSchema;
const Wait = WaitEstimateSchema;

export const TicketViewSchema: z.ZodType<TicketView> = z.object({
  id: z.string(),
  number: z.string(),
  laneId: z.string(),
  status: z.enum(ticketStatuses),
  plateMasked: z.string(),
  position: z.number().nullable(),
  wait: Wait.nullable(),
  deskId: z.string().nullable(),
  calledAt: z.number().nullable(),
  createdAt: z.number(),
  appointmentAt: z.number().nullable(),
  lang: z.enum(customerLanguages),
  staff: z
    .object({
      plate: z.string(),
      plateKind: z.enum(['cn-standard', 'cn-new-energy', 'latin']),
      phone: z.string(),
      mileageKm: z.number(),
      lastMileageKm: z.number().nullable(),
      categories: z.array(z.enum(serviceCategories)),
      services: z.array(z.string()),
      complaint: z.string().nullable(),
      verified: z.boolean(),
      vehicleCheck: z
        .object({
          phoneChanged: z.boolean(),
          mileage: z.object({ onRecordKm: z.number(), typedKm: z.number() }).nullable(),
        })
        .nullable(),
      comeback: ComebackTagSchema.nullable(),
      appointmentCode: z.string().nullable(),
      recalls: z.number(),
      closedAt: z.number().nullable(),
      jobId: z.string().nullable(),
    })
    .optional(),
});

export const DeskViewSchema: z.ZodType<DeskView> = z.object({
  id: z.string(),
  number: z.number(),
  name: LocalText,
  lanes: z.array(z.string()),
  open: z.boolean(),
  ticketId: z.string().nullable(),
  staff: z.object({ id: z.number(), name: z.string() }).nullable().optional(),
});

export const MaintenanceRuleSchema = z.object({
  code: z.string(),
  name: LocalText,
  serviceCodes: z.array(ServiceCodeSchema).min(1),
  everyKm: z.number().int().positive().nullable(),
  everyMonths: z.number().int().positive().nullable(),
  active: z.boolean(),
});
export type MaintenanceRule = z.infer<typeof MaintenanceRuleSchema>;

export const AppointmentSchema = z.object({
  id: z.string(),
  code: z.string(),
  plate: z.string(),
  phone: z.string(),
  laneId: z.string(),
  bookedAt: z.number(),
  categories: z.array(z.enum(serviceCategories)),
  services: z.array(z.string()),
  note: z.string().nullable(),
  status: z.enum(['booked', 'arrived', 'cancelled']),
  ticketId: z.string().nullable(),
});
export type Appointment = z.infer<typeof AppointmentSchema>;

const DeskParams = z.object({ deskId: IdSchema });
const DeskResult = z.object({ desk: DeskViewSchema, ticket: TicketViewSchema.nullable() });

export const queueRoutes = {
  lookupCustomer: defineRoute({
    method: 'POST',
    path: queuePaths.lookup,
    access: 'public',
    summary:
      'A returning customer proves the last four digits of the phone on record for a plate. The answer is the same ' +
      'for an unknown plate and for wrong digits; repeated failures per plate and per kiosk are slowed down (LOOKUP_SLOWED).',
    body: z.strictObject({
      plate: PlateEntrySchema,
      last4: z.string().regex(new RegExp(`^[0-9]{${PHONE_PROOF_DIGITS}}$`), 'the last four digits of the phone'),
    }),
    response: LookupResultSchema,
  }),
  dueMaintenance: defineRoute({
    method: 'POST',
    path: queuePaths.due,
    access: 'public',
    summary: "What is due on a proven customer's car at the mileage now on the odometer.",
    body: z.strictObject({ proof: z.string().max(64), mileageKm: MileageSchema }),
    response: z.object({ due: z.array(DueItemSchema) }),
  }),
  findBooking: defineRoute({
    method: 'POST',
    path: queuePaths.booking,
    access: 'public',
    summary: 'A booked customer types the booking code; the answer shows the booking with a masked plate.',
    body: z.strictObject({ code: BookingCodeSchema }),
    response: z.object({
      code: z.string(),
      plateMasked: z.string(),
      bookedAt: z.number(),
      laneId: z.string(),
      categories: z.array(z.enum(serviceCategories)),
      services: z.array(z.string()),
      /** Arriving outside [earliest, latest] the customer joins as a walk-in. */
      earliest: z.number(),
      latest: z.number(),
    }),
  }),
  checkIn: defineRoute({
    method: 'POST',
    path: queuePaths.checkIn,
    access: 'public',
    summary:
      'Take a queue ticket. Idempotent per attemptId: a repeated request (a double tap, a retry after a lost answer) ' +
      'returns the same ticket.',
    body: CheckInRequestSchema,
    response: CheckInReceiptSchema,
  }),
  listTickets: defineRoute({
    method: 'GET',
    path: queuePaths.tickets,
    access: 'advisor',
    summary: "Today's tickets as staff see them.",
    response: z.object({ tickets: z.array(TicketViewSchema) }),
  }),
  confirmVehicleCheck: defineRoute({
    method: 'POST',
    path: queuePaths.vehicleCheck,
    access: 'advisor',
    summary:
      'With the customer at the desk, confirm what the check-in claimed and did not prove: the new phone becomes ' +
      "the car's owner (owner), the typed mileage is stored (mileage).",
    params: z.object({ ticketId: z.string().regex(/^[0-9]{1,12}$/) }),
    body: z.strictObject({ confirm: z.array(z.enum(vehicleCheckItems)).min(1).max(2) }),
    response: z.object({ ticket: TicketViewSchema }),
  }),
  openDesk: defineRoute({
    method: 'POST',
    path: deskPath('open'),
    access: 'advisor',
    summary: 'Take a desk: its lanes count it as open, and calls from it name it.',
    params: DeskParams,
    response: DeskResult,
  }),
  closeDesk: defineRoute({
    method: 'POST',
    path: deskPath('close'),
    access: 'advisor',
    summary: 'Leave a desk (refused while it has a called ticket not yet served, no-show or transferred).',
    params: DeskParams,
    response: DeskResult,
  }),
  callNext: defineRoute({
    method: 'POST',
    path: deskPath('call-next'),
    access: 'advisor',
    summary: "Call the next ticket of the desk's lanes: due bookings first, then the longest waiting.",
    params: DeskParams,
    response: DeskResult,
  }),
  callTicket: defineRoute({
    method: 'POST',
    path: deskPath('call'),
    access: 'advisor',
    summary: 'Call a specific waiting (or no-show) ticket to this desk.',
    params: DeskParams,
    body: z.strictObject({ ticketId: z.string().regex(/^[0-9]{1,12}$/) }),
    response: DeskResult,
  }),
  recall: defineRoute({
    method: 'POST',
    path: deskPath('recall'),
    access: 'advisor',
    summary: "Announce the desk's current ticket again.",
    params: DeskParams,
    response: DeskResult,
  }),
  noShow: defineRoute({
    method: 'POST',
    path: deskPath('no-show'),
    access: 'advisor',
    summary: "The called customer did not come: close the desk's current ticket as a no-show.",
    params: DeskParams,
    response: DeskResult,
  }),
  transfer: defineRoute({
    method: 'POST',
    path: deskPath('transfer'),
    access: 'advisor',
    summary: "Send the desk's current ticket to another lane; it keeps its number and its place by arrival.",
    params: DeskParams,
    body: z.strictObject({ laneId: IdSchema }),
    response: DeskResult,
  }),
  serve: defineRoute({
    method: 'POST',
    path: deskPath('serve'),
    access: 'advisor',
    summary: "Serve the desk's current ticket: it becomes a workshop job and leaves the queue.",
    params: DeskParams,
    response: DeskResult.extend({ jobId: z.string().nullable() }),
  }),
  listRules: defineRoute({
    method: 'GET',
    path: queuePaths.rules,
    access: 'advisor',
    summary: 'The due-maintenance rules the kiosk applies for returning customers.',
    response: z.object({ rules: z.array(MaintenanceRuleSchema) }),
  }),
  updateRule: defineRoute({
    method: 'PUT',
    path: queuePaths.rule,
    access: 'manager',
    summary: 'Change or add a due-maintenance rule (every so many km and/or months).',
    params: z.object({ code: IdSchema }),
    body: z
      .strictObject({
        name: z.strictObject({ zh: z.string().trim().min(1).max(40), en: z.string().trim().min(1).max(60) }),
        serviceCodes: z.array(ServiceCodeSchema).min(1).max(10),
        everyKm: z.number().int().min(100).max(500_000).nullable(),
        everyMonths: z.number().int().min(1).max(240).nullable(),
        active: z.boolean(),
      })
      .refine((r) => r.everyKm !== null || r.everyMonths !== null, { message: 'set a distance, a time, or both' }),
    response: z.object({ rule: MaintenanceRuleSchema }),
  }),
  createAppointment: defineRoute({
    method: 'POST',
    path: queuePaths.appointments,
    access: 'advisor',
    summary: 'Book a customer for a time; the answer carries the booking code the customer checks in with.',
    body: z.strictObject({
      plate: PlateEntrySchema,
      phone: PhoneSchema,
      bookedAt: z.number().int().positive(),
      categories: z.array(z.enum(serviceCategories)).min(1),
      services: z.array(ServiceCodeSchema).max(20).default([]),
      note: z.string().trim().max(200).optional(),
    }),
    response: z.object({ appointment: AppointmentSchema }),
  }),
  listAppointments: defineRoute({
    method: 'GET',
    path: queuePaths.appointments,
    access: 'advisor',
    summary: 'Bookings from a time on (default: the start of today).',
    query: z.object({ from: z.coerce.number().int().nonnegative().optional() }),
    response: z.object({ appointments: z.array(AppointmentSchema) }),
  }),
  cancelAppointment: defineRoute({
    method: 'DELETE',
    path: queuePaths.appointment,
    access: 'advisor',
    summary: 'Cancel a booking that has not arrived.',
    params: z.object({ appointmentId: z.string().regex(/^[0-9]{1,12}$/) }),
    response: z.object({ appointment: AppointmentSchema }),
  }),
} as const;
