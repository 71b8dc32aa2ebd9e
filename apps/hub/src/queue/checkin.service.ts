// The kiosk's side of the queue: the returning-customer lookup (reveals nothing without the phone's
// last digits, slows down guessing), due maintenance, bookings, and the check-in itself: one
// transaction that makes the customer, the car and the ticket, idempotent per attempt.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  lastDigits,
  maskPlate,
  type CheckInReceipt,
  type ComebackTag,
  type CheckInRequestSchema,
  type CustomerLanguage,
  type DueItem,
  type LookupResult,
  type Plate,
  type ServiceCategory,
  type ServiceDef,
} from '@glassbay/protocol';
import type { z } from 'zod';
import { nextTryAt, PLATE_THROTTLE, SOURCE_THROTTLE } from '../domain/lookup.ts';
import { dueItems } from '../domain/maintenance.ts';
import { decideOwnership } from '../domain/ownership.ts';
import { bookingHonoured, chooseLane, localDay, ticketNumber } from '../domain/queue.ts';
import type { CustomersRepository } from './customer-records.repository.ts';
import type { Db } from '../store/db.ts';
import type { QueueRepository } from './queue.repository.ts';
import type { Bookings } from './bookings.ts';
import { AppError } from '../domain/errors.ts';
import { loungeCodeOf } from '../domain/lounge-code.ts';
import type { QueueService } from './queue.service.ts';
import { servicesOf } from './ticket-to-job.ts';

type CheckIn = z.output<typeof CheckInRequestSchema>;

/** A proven lookup, valid long enough for the rest of one check-in. */
const PROOF_TTL_MS = 15 * 60_000;
/** Receipts kept for replays of the same attempt (their follow token is not stored anywhere else). */
const RECEIPT_TTL_MS = 30 * 60_000;

export class SlowedError extends AppError {
  constructor(readonly retryAfterSec: number) {
    super(
      429,
      'LOOKUP_SLOWED',
      `too many tries; the service history can be checked again in ${retryAfterSec} s (a ticket can be taken now)`,
    );
  }
}

export interface CheckInDeps {
  db: Db;
  queue: QueueRepository;
  customers: CustomersRepository;
  queueService: QueueService;
  bookings: Bookings;
  /** Mint a follow token for the ticket's QR code (the jobs module's format); only the hash is stored. */
  mintToken: () => { token: string; tokenHash: string };
  /** The shop's service menu, when the jobs module provides one (codes are checked against it). */
  catalogue?: () => ServiceDef[];
  /** Whether the car is back within the comeback window after a related job (the jobs module's rule). */
  comebackOf?: (plate: string, services: readonly string[], now: number) => ComebackTag | null;
  /** A ticket was made; told inside its transaction, with the customer's answer to the message consent. */
  checkedIn?: (t: CheckedIn, now: number) => void;
}

/** What the messages need of a new ticket: where to send, in which language, and whether they may. */
export interface CheckedIn {
  ticketId: number;
  followTokenHash: string;
  phone: string;
  lang: CustomerLanguage;
  consent: boolean;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function createCheckInService(deps: CheckInDeps) {
  const { db, queue, customers, queueService, bookings } = deps;
  const proofs = new Map<string, { plate: string; vehicleId: number; expires: number }>();
  const receipts = new Map<string, { receipt: CheckInReceipt; expires: number }>();

  const forget = (now: number) => {
    for (const [k, v] of proofs) if (v.expires < now) proofs.delete(k);
    for (const [k, v] of receipts) if (v.expires < now) receipts.delete(k);
  };

  /** Refuse a try while either the plate or the kiosk is being slowed down. */
  function throttle(keys: string[], now: number) {
    const at = Math.max(
      ...keys.map((k) =>
        nextTryAt(
          customers.failures(k, now - PLATE_THROTTLE.windowMs),
          now,
          k.startsWith('plate:') ? PLATE_THROTTLE : SOURCE_THROTTLE,
        ),
      ),
    );
    if (at > now) throw new SlowedError(Math.ceil((at - now) / 1000));
  }

  function history(vehicleId: number, now: number, mileageKm: number | null): DueItem[] {
    return dueItems(customers.rules(), customers.visits(vehicleId), now, mileageKm);
  }

  function receiptOf(ticketId: number, token: string, now: number): CheckInReceipt {
    const s = queueService.sync(now);
    const t = queue.ticket(ticketId)!;
    const lane = queue.lanes().find((l) => l.id === t.laneId)!;
    const view = s.tickets.get(String(t.id));
    return {
      ticket: {
        id: String(t.id),
        number: t.number,
        laneId: t.laneId,
        laneName: lane.name,
        plateMasked: maskPlate(t.plate),
        createdAt: t.createdAt,
        position: view?.position ?? null,
        wait: view?.wait ?? null,
        appointmentAt: t.appointmentAt,
      },
      followToken: token,
      loungeCode: loungeCodeOf(t.followTokenHash),
    };
  }

  /** The categories of the chosen services (checked against the menu) and those chosen directly. */
  function categoriesOf(req: CheckIn): ServiceCategory[] {
    const menu = deps.catalogue?.() ?? [];
    const out = new Set<ServiceCategory>(req.categories);
    for (const code of req.services) {
      const def = menu.find((s) => s.code === code);
      if (menu.length > 0 && (!def || !def.active))
        throw new AppError(400, 'SERVICE_UNKNOWN', `"${code}" is not on the service menu`);
      if (def) out.add(def.category);
    }
    return [...out];
  }

  return {
    /**
     * Prove the last four digits of the phone on record for a plate. An unknown plate and wrong digits
     * give the same answer after the same work, and both count as a failure.
     */
    lookup(plate: Plate, last4: string, source: string, now: number): LookupResult {
      forget(now);
      customers.pruneAttempts(now - 24 * 3600_000);
      const plateKey = `plate:${sha256(plate.plate)}`;
      const sourceKey = `source:${source}`;
      throttle([plateKey, sourceKey], now);
      const vehicle = customers.vehicleByPlate(plate.plate);
      // The same lookups whether the plate is known or not (id 0 is never a customer).
      const phone = customers.customerById(vehicle?.customerId ?? 0)?.phone;
      // Compare against random digits when there is nothing on record, so both paths do the same work.
      const expected = Buffer.from(phone ? lastDigits(phone) : randomBytes(2).toString('hex'));
      const given = Buffer.from(last4.padEnd(expected.length, 'x').slice(0, expected.length));
      const ok = timingSafeEqual(expected, given) && !!phone && !!vehicle;
      customers.recordAttempt(plateKey, now, ok);
      customers.recordAttempt(sourceKey, now, ok);
      if (!ok || !vehicle) return { verified: false };
      customers.clearFailures(plateKey);
      const proof = randomBytes(18).toString('base64url');
      proofs.set(proof, { plate: plate.plate, vehicleId: vehicle.id, expires: now + PROOF_TTL_MS });
      const visits = customers.visits(vehicle.id);
      const last = visits[0];
      return {
        verified: true,
        proof,
        lastVisit: last ? { at: last.at, mileageKm: last.mileageKm, services: [...last.services] } : null,
        lastMileageKm: vehicle.mileageKm,
        due: history(vehicle.id, now, vehicle.mileageKm),
      };
    },

    /** Due maintenance at the mileage now typed, for a proven lookup. */
    due(proof: string, mileageKm: number, now: number): DueItem[] {
      const p = proofs.get(proof);
      if (!p || p.expires < now)
        throw new AppError(403, 'PROOF_EXPIRED', 'the service history is no longer open; start the check-in again');
      return history(p.vehicleId, now, mileageKm);
    },

    checkIn(req: CheckIn, source: string, now: number): CheckInReceipt {
      forget(now);
      const replay = queue.byAttempt(req.attemptId);
      if (replay) {
        const same =
          req.identity.by === 'plate'
            ? req.identity.plate.plate === replay.plate
            : bookings.byCode(req.identity.code)?.ticketId === replay.id;
        if (!same)
          throw new AppError(409, 'ATTEMPT_REUSED', 'this check-in attempt was used for another car; start again');
        const cached = receipts.get(req.attemptId);
        if (cached) return cached.receipt;
        if (replay.status !== 'waiting' && replay.status !== 'called')
          throw new AppError(409, 'ATTEMPT_DONE', `this check-in became ticket ${replay.number}, which is closed`);
        // The answer was lost (the hub restarted in between): the token was never shown, so mint another.
        const { token, tokenHash } = deps.mintToken();
        db.transaction(() => {
          queue.update(replay.id, { followTokenHash: tokenHash });
          // The consent goes with the new link (the messages find the customer by it).
          deps.checkedIn?.(
            {
              ...{ ticketId: replay.id, followTokenHash: tokenHash, phone: replay.phone, lang: replay.lang },
              consent: req.notifyConsent === true,
            },
            now,
          );
        })();
        const receipt = receiptOf(replay.id, token, now);
        receipts.set(req.attemptId, { receipt, expires: now + RECEIPT_TTL_MS });
        return receipt;
      }

      const booking = req.identity.by === 'booking' ? bookings.find(req.identity.code, source, now) : undefined;
      const plate: Plate =
        req.identity.by === 'plate' ? req.identity.plate : { plate: booking!.plate, kind: booking!.plateKind };
      const phone = req.identity.by === 'plate' ? req.identity.phone : booking!.phone;
      // The lane follows every category involved; the ticket keeps only those chosen as such ("not sure").
      const categories = categoriesOf(req);
      const vehicle = customers.vehicleByPlate(plate.plate);
      const proof = req.proof ? proofs.get(req.proof) : undefined;
      const ownerPhone = vehicle?.customerId ? customers.customerById(vehicle.customerId)?.phone : undefined;
      const verified =
        (!!proof && proof.plate === plate.plate && proof.expires >= now) || (!!booking && ownerPhone === phone);
      const lastKm = vehicle?.mileageKm ?? null;
      const lower = lastKm !== null && req.mileageKm < lastKm;
      // Only a proven customer may learn the mileage on record; for anyone else staff check it.
      if (lower && verified && !req.mileageConfirmed)
        throw new AppError(
          409,
          'MILEAGE_CONFIRM_NEEDED',
          `the last mileage on record is ${lastKm.toLocaleString('en')} km; check the odometer and confirm ${req.mileageKm.toLocaleString('en')} km`,
        );
      // A walk-in with a booking today for this plate and this phone keeps the booking's place.
      const matched =
        booking ??
        customers
          .bookedForPlate(plate.plate, now - 12 * 3600_000, now + 12 * 3600_000)
          .find((a) => a.phone === phone && localDay(a.bookedAt) === localDay(now));
      const lanes = queue.lanes();
      const lane =
        (matched && lanes.find((l) => l.id === matched.laneId)) ?? chooseLane(lanes, categories, !!req.complaint);
      const { token, tokenHash } = deps.mintToken();

      const ticketId = db.transaction(() => {
        const customerId = customers.ensureCustomer(phone, req.lang, now);
        // A known car keeps its owner and mileage unless the check-in proved them; what it did not
        // prove waits on the ticket for the advisor.
        const decision =
          vehicle &&
          decideOwnership(vehicle, { proven: verified, samePhone: ownerPhone === phone, typedKm: req.mileageKm, now });
        const vehicleId = vehicle
          ? vehicle.id
          : customers.insertVehicle(plate.plate, plate.kind, customerId, req.mileageKm, now);
        if (vehicle && decision?.takeOwner) customers.setOwner(vehicle.id, customerId);
        if (vehicle && decision?.takeMileage) customers.raiseMileage(vehicle.id, req.mileageKm, now);
        const day = localDay(now);
        const categories =
          req.categories.length === 0 && matched && matched.services.length === 0 ? matched.categories : req.categories;
        const services = [...new Set([...(matched?.services ?? []), ...req.services])];
        const menu = new Set((deps.catalogue?.() ?? []).filter((s) => s.active).map((s) => s.code));
        // Flagged now, so the advisor sees it when the ticket is called (the job is tagged at serving).
        const comeback = deps.comebackOf?.(plate.plate, servicesOf({ services, categories }, menu), now) ?? null;
        const id = queue.insertTicket({
          attemptId: req.attemptId,
          followTokenHash: tokenHash,
          day,
          number: ticketNumber(lane.prefix, queue.nextSeq(day, lane.prefix)),
          laneId: lane.id,
          customerId,
          vehicleId,
          plate: plate.plate,
          plateKind: plate.kind,
          phone,
          lang: req.lang,
          mileageKm: req.mileageKm,
          lastMileageKm: lower ? lastKm : null,
          categories,
          services,
          complaint: req.complaint || null,
          verified,
          vehicleCheck: decision?.check ?? null,
          comeback,
          appointmentId: matched?.id ?? null,
          appointmentAt: matched && bookingHonoured(matched.bookedAt, now) ? matched.bookedAt : null,
          createdAt: now,
        });
        if (matched) customers.setAppointment(matched.id, 'arrived', id);
        deps.checkedIn?.(
          { ticketId: id, followTokenHash: tokenHash, phone, lang: req.lang, consent: req.notifyConsent === true },
          now,
        );
        return id;
      })();
      const receipt = receiptOf(ticketId, token, now);
      receipts.set(req.attemptId, { receipt, expires: now + RECEIPT_TTL_MS });
      return receipt;
    },
  };
}
export type CheckInService = ReturnType<typeof createCheckInService>;
