// Bookings: an advisor books a customer for a time and hands over a six-character code; the customer
// checks in with it (or with plate and phone) and keeps the booking's place within its window.
import { randomInt } from 'node:crypto';
import {
  APPOINTMENT_WINDOW,
  BOOKING_CODE_ALPHABET,
  BOOKING_CODE_LENGTH,
  maskPlate,
  type Appointment,
  type Plate,
  type ServiceCategory,
} from '@glassbay/protocol';
import { nextTryAt, SOURCE_THROTTLE } from '../domain/lookup.ts';
import { chooseLane, localDay } from '../domain/queue.ts';
import type { AppointmentRecord, CustomersRepository } from './customer-records.repository.ts';
import type { QueueRepository } from './queue.repository.ts';
import { AppError } from '../domain/errors.ts';

const MIN = 60_000;

export const toAppointment = (a: AppointmentRecord): Appointment => ({
  ...a,
  id: String(a.id),
  ticketId: a.ticketId === null ? null : String(a.ticketId),
});

function newCode(): string {
  let s = '';
  for (let i = 0; i < BOOKING_CODE_LENGTH; i++) s += BOOKING_CODE_ALPHABET[randomInt(BOOKING_CODE_ALPHABET.length)];
  return s;
}

export function createBookings(deps: { customers: CustomersRepository; queue: QueueRepository }) {
  const { customers, queue } = deps;
  return {
    byCode: (code: string) => customers.appointmentByCode(code),

    /**
     * The booking behind a code typed at the kiosk, usable today. A wrong code counts against the
     * kiosk like a wrong lookup, so codes cannot be tried one after another.
     */
    find(code: string, source: string, now: number): AppointmentRecord {
      const key = `source:${source}`;
      const at = nextTryAt(customers.failures(key, now - SOURCE_THROTTLE.windowMs), now, SOURCE_THROTTLE);
      if (at > now)
        throw new AppError(429, 'LOOKUP_SLOWED', `too many tries; try again in ${Math.ceil((at - now) / 1000)} s`);
      const a = customers.appointmentByCode(code);
      if (!a || a.status === 'cancelled') {
        customers.recordAttempt(key, now, false);
        throw new AppError(404, 'BOOKING_NOT_FOUND', 'no booking has this code; check it or take a walk-in ticket');
      }
      if (a.status === 'arrived') throw new AppError(409, 'BOOKING_USED', 'this booking has already been checked in');
      if (localDay(a.bookedAt) !== localDay(now))
        throw new AppError(409, 'BOOKING_NOT_TODAY', `this booking is for ${localDay(a.bookedAt)}, not today`);
      return a;
    },

    create(
      input: {
        plate: Plate;
        phone: string;
        bookedAt: number;
        categories: ServiceCategory[];
        services: string[];
        note?: string | undefined;
      },
      staffId: number,
      now: number,
    ): Appointment {
      if (input.bookedAt < now - APPOINTMENT_WINDOW.lateMin * MIN)
        throw new AppError(400, 'BOOKING_IN_PAST', 'a booking is for a time still to come');
      const lane = chooseLane(queue.lanes(), input.categories, false);
      for (let tries = 0; ; tries++) {
        const code = newCode();
        if (customers.appointmentByCode(code)) {
          if (tries > 20) throw new AppError(503, 'BOOKING_CODES_EXHAUSTED', 'no free booking code; try again');
          continue;
        }
        const id = customers.insertAppointment({
          code,
          plate: input.plate.plate,
          plateKind: input.plate.kind,
          phone: input.phone,
          laneId: lane.id,
          bookedAt: input.bookedAt,
          categories: input.categories,
          services: input.services,
          note: input.note ?? null,
          createdAt: now,
          createdBy: staffId,
        });
        return toAppointment(customers.appointment(id)!);
      }
    },

    list: (from: number) => customers.appointmentsFrom(from).map(toAppointment),

    cancel(id: number): Appointment {
      const a = customers.appointment(id);
      if (!a) throw new AppError(404, 'BOOKING_NOT_FOUND', `there is no booking ${id}`);
      if (a.status !== 'booked') throw new AppError(409, 'BOOKING_NOT_OPEN', `booking ${a.code} is ${a.status}`);
      customers.setAppointment(id, 'cancelled', null);
      return toAppointment(customers.appointment(id)!);
    },
  };
}
export type Bookings = ReturnType<typeof createBookings>;

export const bookingView = (a: AppointmentRecord) => ({
  code: a.code,
  plateMasked: maskPlate(a.plate),
  bookedAt: a.bookedAt,
  laneId: a.laneId,
  categories: a.categories,
  services: a.services,
  earliest: a.bookedAt - APPOINTMENT_WINDOW.earlyMin * MIN,
  latest: a.bookedAt + APPOINTMENT_WINDOW.lateMin * MIN,
});
