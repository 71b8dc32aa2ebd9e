// The walk-in queue: lanes (a ticket prefix per lane), desks that serve some lanes, tickets, calls,
// appointments, the returning-customer lookup and the check-in request. Formats live in
// checkin-format.ts (no zod, so the kiosk bundles them); this file holds types, schemas and routes.
import { z } from 'zod';
import {
  COMPLAINT_MAX,
  MILEAGE_MAX_KM,
  customerLanguages,
  parseBookingCode,
  parsePhone,
  parsePlate,
  plateModes,
  type CustomerLanguage,
  type PlateKind,
} from './checkin-format.ts';
import { serviceCategories, type ComebackTag, type ServiceCategory } from './jobs.ts';

export interface LocalText {
  zh: string;
  en: string;
}

export const ticketStatuses = ['waiting', 'called', 'served', 'no-show', 'cancelled'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/**
 * An honest wait: `now` when a desk for the lane is free; a range in whole minutes otherwise, from
 * recent service times (`recent`) or, with too few of them, the lane's standard time (`default`,
 * a wider range); `unknown` when no desk for the lane is open: no number is better than a guess.
 */
export type WaitEstimate =
  | { kind: 'now' }
  | { kind: 'range'; lowMin: number; highMin: number; basis: 'recent' | 'default' }
  | { kind: 'unknown'; reason: 'no-desk-open' };

export interface LaneView {
  id: string;
  /** One capital letter: the lane's tickets are numbered A001, A002… */
  prefix: string;
  name: LocalText;
  position: number;
  waiting: number;
  desksOpen: number;
  /** The wait a ticket taken now would be told. */
  wait: WaitEstimate;
}

export interface DeskView {
  id: string;
  /** Spoken and shown: "请到3号服务台" / "desk 3". */
  number: number;
  name: LocalText;
  lanes: string[];
  open: boolean;
  /** The ticket the desk called last and has not finished. */
  ticketId: string | null;
  /** Who holds the desk (staff screens only). */
  staff?: { id: number; name: string } | null;
}

/** A ticket as a public screen sees it: number, lane, masked plate, status, wait; never a phone. */
export interface PublicTicketView {
  id: string;
  number: string;
  laneId: string;
  status: TicketStatus;
  plateMasked: string;
  /** Place among the lane's waiting tickets (0 = next), null once called. */
  position: number | null;
  wait: WaitEstimate | null;
  deskId: string | null;
  calledAt: number | null;
  createdAt: number;
  appointmentAt: number | null;
  lang: CustomerLanguage;
}

/**
 * What a check-in claimed about a known car and did not prove, held for the advisor to confirm with
 * the customer present: another phone than the one on record ("phone changed?"), and a mileage the
 * record did not take (an implausible jump, or any raise from an unproven phone).
 */
export interface VehicleCheck {
  phoneChanged: boolean;
  mileage: { onRecordKm: number; typedKm: number } | null;
}
export const vehicleCheckItems = ['owner', 'mileage'] as const;
export type VehicleCheckItem = (typeof vehicleCheckItems)[number];

/** What staff see besides: the check-in as typed, the customer's proof, the outcome. */
export interface TicketDetail {
  plate: string;
  plateKind: PlateKind;
  phone: string;
  mileageKm: number;
  /** Set when the mileage typed is lower than the last one on record (staff check the odometer). */
  lastMileageKm: number | null;
  categories: ServiceCategory[];
  services: string[];
  complaint: string | null;
  /** The customer proved the phone's last digits at the kiosk. */
  verified: boolean;
  /** Claims the car record did not take; null when there is nothing left to confirm. */
  vehicleCheck: VehicleCheck | null;
  /** The car came back within the comeback window after a related job (judged at check-in). */
  comeback: ComebackTag | null;
  appointmentCode: string | null;
  recalls: number;
  closedAt: number | null;
  jobId: string | null;
}

export interface TicketView extends PublicTicketView {
  /** Present on staff screens only. */
  staff?: TicketDetail;
}

/** One call or recall of a ticket to a desk; the queue board announces each once. */
export interface CallView {
  id: string;
  ticketId: string;
  number: string;
  laneId: string;
  deskId: string;
  deskNumber: number;
  deskName: LocalText;
  lang: CustomerLanguage;
  at: number;
  recall: boolean;
}

/** Booked customers may arrive this early or this late and keep their booking's place. */
export const APPOINTMENT_WINDOW = { earlyMin: 30, lateMin: 15 } as const;
/** A booking is called ahead of walk-ins from this long before its time. */
export const APPOINTMENT_LEAD_MIN = 5;
/** Calls kept on the board's "last called" list. */
export const RECENT_CALLS = 6;

// ---------------------------------------------------------------------------------------------
// Schemas at the edge. Each input is parsed by the same functions the kiosk uses as it is typed.

const issue = (ctx: z.core.$RefinementCtx, message: string) => ctx.addIssue({ code: 'custom', message });

export const PlateEntrySchema = z
  .strictObject({ mode: z.enum(plateModes), text: z.string().max(32) })
  .transform((v, ctx) => {
    const r = parsePlate(v.text, v.mode);
    if (!r.ok) {
      issue(ctx, r.message);
      return z.NEVER;
    }
    return r.value;
  });

export const PhoneSchema = z
  .string()
  .max(32)
  .transform((v, ctx) => {
    const r = parsePhone(v);
    if (!r.ok) {
      issue(ctx, r.message);
      return z.NEVER;
    }
    return r.value;
  });

export const BookingCodeSchema = z
  .string()
  .max(16)
  .transform((v, ctx) => {
    const r = parseBookingCode(v);
    if (!r.ok) {
      issue(ctx, r.message);
      return z.NEVER;
    }
    return r.value;
  });

export const MileageSchema = z.number().int('whole kilometres').min(0).max(MILEAGE_MAX_KM);
export const ServiceCodeSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a service code from the menu');
export const CustomerLanguageSchema = z.enum(customerLanguages);
/** One per check-in attempt, made by the kiosk: a repeated request returns the same ticket. */
export const AttemptIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '16–64 letters, digits, - or _');
/** Printable text, no control characters or markup brackets: it is shown on staff screens. */
export const ComplaintSchema = z
  .string()
  .trim()
  .max(COMPLAINT_MAX)
  .regex(/^[^\p{Cc}\p{Cf}<>]*$/u, 'plain text only');

export const CheckInRequestSchema = z
  .strictObject({
    attemptId: AttemptIdSchema,
    lang: CustomerLanguageSchema,
    identity: z.discriminatedUnion('by', [
      z.strictObject({ by: z.literal('plate'), plate: PlateEntrySchema, phone: PhoneSchema }),
      z.strictObject({ by: z.literal('booking'), code: BookingCodeSchema }),
    ]),
    mileageKm: MileageSchema,
    /** The customer confirmed a mileage lower than the last one on record. */
    mileageConfirmed: z.boolean().optional(),
    categories: z.array(z.enum(serviceCategories)).max(serviceCategories.length),
    services: z.array(ServiceCodeSchema).max(20),
    complaint: ComplaintSchema.optional(),
    /** From a successful lookup: links the proven history (and its mileage check) to this ticket. */
    proof: z.string().max(64).optional(),
    /** The customer ticked "send me messages about my car" (notify.ts); absent means no. */
    notifyConsent: z.boolean().optional(),
  })
  // A booking brings its own services; a walk-in chooses at least one or describes the problem.
  .refine((v) => v.identity.by === 'booking' || v.categories.length + v.services.length > 0 || !!v.complaint, {
    message: 'choose at least one service or describe the problem',
    path: ['categories'],
  });
export type CheckInRequest = z.input<typeof CheckInRequestSchema>;

export const WaitEstimateSchema: z.ZodType<WaitEstimate> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('now') }),
  z.object({
    kind: z.literal('range'),
    lowMin: z.number(),
    highMin: z.number(),
    basis: z.enum(['recent', 'default']),
  }),
  z.object({ kind: z.literal('unknown'), reason: z.literal('no-desk-open') }),
]);
export const LocalTextSchema = z.object({ zh: z.string(), en: z.string() });

export const CheckInReceiptSchema = z.object({
  ticket: z.object({
    id: z.string(),
    number: z.string(),
    laneId: z.string(),
    laneName: LocalTextSchema,
    plateMasked: z.string(),
    createdAt: z.number(),
    position: z.number().nullable(),
    wait: WaitEstimateSchema.nullable(),
    appointmentAt: z.number().nullable(),
  }),
  /**
   * The customer's follow token (shown once): the QR code opens `followUrl(origin, token)`, which
   * shows the ticket's place in the queue and, once served, the job.
   */
  followToken: z.string(),
  /** Printed on the ticket and shown on the phone: opens the job at the lounge board (never the number). */
  loungeCode: z.string(),
});
export type CheckInReceipt = z.infer<typeof CheckInReceiptSchema>;

export const DueItemSchema = z.object({
  code: z.string(),
  name: LocalTextSchema,
  status: z.enum(['due', 'soon', 'ok', 'unknown']),
  lastDoneAt: z.number().nullable(),
  lastDoneKm: z.number().nullable(),
  kmSince: z.number().nullable(),
  monthsSince: z.number().nullable(),
  everyKm: z.number().nullable(),
  everyMonths: z.number().nullable(),
  /** Menu entries that take care of it (preselected on the kiosk when due). */
  serviceCodes: z.array(z.string()),
});
export type DueItem = z.infer<typeof DueItemSchema>;

export const LookupResultSchema = z.discriminatedUnion('verified', [
  z.object({ verified: z.literal(false) }),
  z.object({
    verified: z.literal(true),
    proof: z.string(),
    lastVisit: z.object({ at: z.number(), mileageKm: z.number().nullable(), services: z.array(z.string()) }).nullable(),
    lastMileageKm: z.number().nullable(),
    due: z.array(DueItemSchema),
  }),
]);
export type LookupResult = z.infer<typeof LookupResultSchema>;
