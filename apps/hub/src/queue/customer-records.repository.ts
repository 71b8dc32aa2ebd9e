// Customers, their cars and past visits, the due-maintenance rules, bookings and the lookup's attempt
// log in SQLite.
import type { Appointment, MaintenanceRule, PlateKind, ServiceCategory } from '@glassbay/protocol';
import type { Visit } from '../domain/maintenance.ts';
import type { Db } from '../store/db.ts';

export interface VehicleRecord {
  id: number;
  plate: string;
  plateKind: PlateKind;
  customerId: number | null;
  mileageKm: number | null;
  mileageAt: number | null;
}

export interface AppointmentRecord extends Omit<Appointment, 'id' | 'ticketId'> {
  id: number;
  plateKind: PlateKind;
  ticketId: number | null;
}

type Row = Record<string, unknown>;
const json = <T>(v: unknown): T => JSON.parse(v as string) as T;

const toVehicle = (r: Row): VehicleRecord => ({
  id: r.id as number,
  plate: r.plate as string,
  plateKind: r.plate_kind as PlateKind,
  customerId: r.customer_id as number | null,
  mileageKm: r.mileage_km as number | null,
  mileageAt: r.mileage_at as number | null,
});

const toRule = (r: Row): MaintenanceRule => ({
  code: r.code as string,
  name: { zh: r.name_zh as string, en: r.name_en as string },
  serviceCodes: json(r.service_codes),
  everyKm: r.every_km as number | null,
  everyMonths: r.every_months as number | null,
  active: r.active === 1,
});

const toAppointment = (r: Row): AppointmentRecord => ({
  id: r.id as number,
  code: r.code as string,
  plate: r.plate as string,
  plateKind: r.plate_kind as PlateKind,
  phone: r.phone as string,
  laneId: r.lane_id as string,
  bookedAt: r.booked_at as number,
  categories: json<ServiceCategory[]>(r.categories),
  services: json<string[]>(r.services),
  note: r.note as string | null,
  status: r.status as Appointment['status'],
  ticketId: r.ticket_id as number | null,
});

export function createCustomersRepository(db: Db) {
  const q = {
    customerByPhone: db.prepare('SELECT id, phone FROM customers WHERE phone = ?'),
    customerById: db.prepare('SELECT id, phone FROM customers WHERE id = ?'),
    insertCustomer: db.prepare('INSERT INTO customers (phone, lang, created_at) VALUES (?, ?, ?)'),
    setCustomerLang: db.prepare('UPDATE customers SET lang = ? WHERE id = ?'),
    vehicleByPlate: db.prepare('SELECT * FROM vehicles WHERE plate = ?'),
    insertVehicle: db.prepare(
      'INSERT INTO vehicles (plate, plate_kind, customer_id, mileage_km, mileage_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    updateVehicle: db.prepare('UPDATE vehicles SET customer_id = ?, mileage_km = ?, mileage_at = ? WHERE id = ?'),
    visits: db.prepare('SELECT at, mileage_km, services FROM visits WHERE vehicle_id = ? ORDER BY at DESC LIMIT 100'),
    insertVisit: db.prepare(
      'INSERT INTO visits (vehicle_id, at, mileage_km, services, ticket_id, note) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    rules: db.prepare('SELECT * FROM maintenance_rules ORDER BY position, code'),
    upsertRule: db.prepare(`INSERT INTO maintenance_rules
        (code, name_zh, name_en, service_codes, every_km, every_months, position, active)
      VALUES (@code, @zh, @en, @serviceCodes, @everyKm, @everyMonths,
        (SELECT coalesce(max(position), 0) + 10 FROM maintenance_rules), @active)
      ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
        service_codes = excluded.service_codes, every_km = excluded.every_km,
        every_months = excluded.every_months, active = excluded.active`),
    ruleByCode: db.prepare('SELECT * FROM maintenance_rules WHERE code = ?'),
    insertAppointment: db.prepare(`INSERT INTO appointments (code, plate, plate_kind, phone, lane_id, booked_at,
        categories, services, note, created_at, created_by)
      VALUES (@code, @plate, @plateKind, @phone, @laneId, @bookedAt, @categories, @services, @note, @createdAt, @createdBy)`),
    appointmentById: db.prepare('SELECT * FROM appointments WHERE id = ?'),
    appointmentByCode: db.prepare('SELECT * FROM appointments WHERE code = ?'),
    appointmentsFrom: db.prepare(
      'SELECT * FROM appointments WHERE booked_at >= ? AND booked_at < ? ORDER BY booked_at, id',
    ),
    bookedForPlate: db.prepare(
      "SELECT * FROM appointments WHERE plate = ? AND status = 'booked' AND booked_at BETWEEN ? AND ? ORDER BY booked_at",
    ),
    setAppointment: db.prepare('UPDATE appointments SET status = ?, ticket_id = ? WHERE id = ?'),
    attempts: db.prepare('SELECT at FROM lookup_attempts WHERE key = ? AND ok = 0 AND at > ? ORDER BY at'),
    insertAttempt: db.prepare('INSERT INTO lookup_attempts (key, at, ok) VALUES (?, ?, ?)'),
    clearFailures: db.prepare('DELETE FROM lookup_attempts WHERE key = ? AND ok = 0'),
    pruneAttempts: db.prepare('DELETE FROM lookup_attempts WHERE at < ?'),
  };

  return {
    customerByPhone: (phone: string) => q.customerByPhone.get(phone) as { id: number; phone: string } | undefined,
    customerById: (id: number) => q.customerById.get(id) as { id: number; phone: string } | undefined,
    /** The customer with this phone, created on first check-in. */
    ensureCustomer(phone: string, lang: string, now: number): number {
      const found = q.customerByPhone.get(phone) as { id: number } | undefined;
      if (found) {
        q.setCustomerLang.run(lang, found.id);
        return found.id;
      }
      return Number(q.insertCustomer.run(phone, lang, now).lastInsertRowid);
    },
    vehicleByPlate: (plate: string): VehicleRecord | undefined => {
      const r = q.vehicleByPlate.get(plate) as Row | undefined;
      return r && toVehicle(r);
    },
    /** Record the car with its latest customer; the mileage on record only ever goes up. */
    upsertVehicle(plate: string, kind: PlateKind, customerId: number, mileageKm: number, now: number): number {
      const v = this.vehicleByPlate(plate);
      if (!v) return Number(q.insertVehicle.run(plate, kind, customerId, mileageKm, now, now).lastInsertRowid);
      const higher = v.mileageKm === null || mileageKm >= v.mileageKm;
      q.updateVehicle.run(customerId, higher ? mileageKm : v.mileageKm, higher ? now : v.mileageAt, v.id);
      return v.id;
    },
    visits: (vehicleId: number): Visit[] =>
      (q.visits.all(vehicleId) as Row[]).map((r) => ({
        at: r.at as number,
        mileageKm: r.mileage_km as number | null,
        services: json<string[]>(r.services),
      })),
    addVisit: (v: {
      vehicleId: number;
      at: number;
      mileageKm: number | null;
      services: string[];
      ticketId: number | null;
      note?: string;
    }) => q.insertVisit.run(v.vehicleId, v.at, v.mileageKm, JSON.stringify(v.services), v.ticketId, v.note ?? null),
    rules: (): MaintenanceRule[] => (q.rules.all() as Row[]).map(toRule),
    saveRule(rule: MaintenanceRule): MaintenanceRule {
      q.upsertRule.run({
        code: rule.code,
        zh: rule.name.zh,
        en: rule.name.en,
        serviceCodes: JSON.stringify(rule.serviceCodes),
        everyKm: rule.everyKm,
        everyMonths: rule.everyMonths,
        active: rule.active ? 1 : 0,
      });
      return toRule(q.ruleByCode.get(rule.code) as Row);
    },
    insertAppointment(
      a: Omit<AppointmentRecord, 'id' | 'status' | 'ticketId'> & { createdAt: number; createdBy: number | null },
    ): number {
      return Number(
        q.insertAppointment.run({
          ...a,
          categories: JSON.stringify(a.categories),
          services: JSON.stringify(a.services),
        }).lastInsertRowid,
      );
    },
    appointment: (id: number): AppointmentRecord | undefined => {
      const r = q.appointmentById.get(id) as Row | undefined;
      return r && toAppointment(r);
    },
    appointmentByCode: (code: string): AppointmentRecord | undefined => {
      const r = q.appointmentByCode.get(code) as Row | undefined;
      return r && toAppointment(r);
    },
    appointmentsFrom: (from: number, to = Number.MAX_SAFE_INTEGER): AppointmentRecord[] =>
      (q.appointmentsFrom.all(from, to) as Row[]).map(toAppointment),
    bookedForPlate: (plate: string, from: number, to: number): AppointmentRecord[] =>
      (q.bookedForPlate.all(plate, from, to) as Row[]).map(toAppointment),
    setAppointment: (id: number, status: Appointment['status'], ticketId: number | null) =>
      q.setAppointment.run(status, ticketId, id),
    failures: (key: string, since: number): number[] =>
      (q.attempts.all(key, since) as { at: number }[]).map((r) => r.at),
    recordAttempt: (key: string, at: number, ok: boolean) => q.insertAttempt.run(key, at, ok ? 1 : 0),
    clearFailures: (key: string) => q.clearFailures.run(key),
    pruneAttempts: (before: number) => q.pruneAttempts.run(before),
  };
}
export type CustomersRepository = ReturnType<typeof createCustomersRepository>;
