// Abuse: check-in takeover. POST /api/checkin is public; a stranger who types someone else's plate
// with their own phone must neither take the car record over nor raise its mileage. The ticket is
// still given, and the advisor sees a "phone changed?" check to confirm with the customer present.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../src/hub.ts';
import { addStaff, signIn, startTestHub, tempDataDir } from '../src/testing.ts';
import { call, checkIn, desk, lookup, walkIn } from './queue-helpers.ts';

interface StaffTicket {
  id: string;
  number: string;
  staff: {
    plate: string;
    phone: string;
    vehicleCheck: { phoneChanged: boolean; mileage: { onRecordKm: number; typedKm: number } | null } | null;
  };
}

describe('abuse: check-in takeover', () => {
  let hub: Hub;
  let advisor: string;
  const dataDir = tempDataDir();
  const ticketOf = async (number: string) =>
    (await call<{ tickets: StaffTicket[] }>(`${hub.httpUrl}/api/tickets`, 'GET', undefined, advisor)).body.tickets.find(
      (t) => t.number === number,
    )!;
  const confirm = (ticketId: string, what: string[]) =>
    call<{ ticket: StaffTicket }>(
      `${hub.httpUrl}/api/tickets/${ticketId}/vehicle-check`,
      'POST',
      { confirm: what },
      advisor,
    );

  /** The owner's first visit, served at a desk so the car has a history. */
  async function ownerVisit(plate: string, phone: string, mileageKm: number) {
    const r = await checkIn(hub.httpUrl, walkIn({ plate, phone, mileageKm }));
    expect(r.status).toBe(200);
    expect((await desk(hub.httpUrl, advisor, 'desk-1', 'call', { ticketId: r.body.ticket.id })).status).toBe(200);
    expect((await desk(hub.httpUrl, advisor, 'desk-1', 'serve')).status).toBe(200);
  }

  beforeAll(async () => {
    await addStaff(dataDir, 'li.advisor', 'advisor', 'advisor password 1');
    hub = await startTestHub({ dataDir });
    advisor = await signIn(hub.httpUrl, 'li.advisor', 'advisor password 1');
    expect((await desk(hub.httpUrl, advisor, 'desk-1', 'open')).status).toBe(200);
  });
  afterAll(async () => hub?.stop());

  it("a stranger's phone gets a ticket but not the car: the record stays the owner's until the advisor confirms", async () => {
    await ownerVisit('粤B55555', '13800005555', 40000);

    const stranger = await checkIn(hub.httpUrl, walkIn({ plate: '粤B55555', phone: '13900009999', mileageKm: 999999 }));
    expect(stranger.status).toBe(200);
    expect(stranger.body.ticket.number).toMatch(/^[A-Z]\d{3}$/);

    // The stranger's digits reveal nothing; the owner's still work, with the mileage as it was.
    expect((await lookup(hub.httpUrl, '粤B55555', '9999')).body).toEqual({ verified: false });
    const owner = await lookup(hub.httpUrl, '粤B55555', '5555');
    expect(owner.body).toMatchObject({ verified: true, lastMileageKm: 40000 });

    // The desk sees the question, and the jump it did not store.
    const t = await ticketOf(stranger.body.ticket.number);
    expect(t.staff.vehicleCheck).toEqual({ phoneChanged: true, mileage: { onRecordKm: 40000, typedKm: 999999 } });

    // With the customer at the desk, the advisor confirms the new phone (not the mileage).
    const confirmed = await confirm(t.id, ['owner']);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.ticket.staff.vehicleCheck).toEqual({
      phoneChanged: false,
      mileage: { onRecordKm: 40000, typedKm: 999999 },
    });
    expect((await lookup(hub.httpUrl, '粤B55555', '5555')).body).toEqual({ verified: false });
    expect((await lookup(hub.httpUrl, '粤B55555', '9999')).body).toMatchObject({
      verified: true,
      lastMileageKm: 40000,
    });
  });

  it('flags an implausible mileage jump to the advisor instead of storing it, even from the owner', async () => {
    await ownerVisit('京C12121', '13600001212', 30000);
    const proof = (await lookup(hub.httpUrl, '京C12121', '1212')).body.proof;
    const jump = await checkIn(
      hub.httpUrl,
      walkIn({ plate: '京C12121', phone: '13600001212', mileageKm: 930000, ...(proof ? { proof } : {}) }),
    );
    expect(jump.status).toBe(200);
    expect((await lookup(hub.httpUrl, '京C12121', '1212')).body).toMatchObject({ lastMileageKm: 30000 });
    const t = await ticketOf(jump.body.ticket.number);
    expect(t.staff.vehicleCheck).toEqual({ phoneChanged: false, mileage: { onRecordKm: 30000, typedKm: 930000 } });

    // A believable reading from the owner is stored as before.
    const fine = await checkIn(hub.httpUrl, walkIn({ plate: '京C12121', phone: '13600001212', mileageKm: 30500 }));
    expect(fine.status, JSON.stringify(fine.body)).toBe(200);
    expect((await ticketOf(fine.body.ticket.number)).staff.vehicleCheck).toBeNull();
    expect((await lookup(hub.httpUrl, '京C12121', '1212')).body).toMatchObject({ lastMileageKm: 30500 });

    // The advisor read the odometer: confirming the jump stores it.
    expect((await confirm(t.id, ['mileage'])).body.ticket.staff.vehicleCheck).toBeNull();
    expect((await lookup(hub.httpUrl, '京C12121', '1212')).body).toMatchObject({ lastMileageKm: 930000 });
  });

  it('a public caller cannot confirm a check', async () => {
    const r = await call(`${hub.httpUrl}/api/tickets/1/vehicle-check`, 'POST', { confirm: ['owner'] });
    expect(r.status).toBe(401);
  });
});
