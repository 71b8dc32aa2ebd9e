// The desks against a real hub: taking a desk, calling in fair order, recall, no-show, transfer and
// serve (which opens a workshop job that adopts the ticket's follow link), bookings kept near their
// time, and the board's view of it all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FollowView } from '@glassbay/protocol';
import type { Hub } from '../src/hub.ts';
import { addStaff, signIn, startTestHub, tempDataDir } from '../src/testing.ts';
import { TestScreen } from './helpers.ts';
import { TestPhone } from './jobs-helpers.ts';
import { call, checkIn, desk, walkIn } from './queue-helpers.ts';

describe('desks', () => {
  let hub: Hub;
  let li: string;
  let wang: string;
  let board: TestScreen;
  const dataDir = tempDataDir();

  beforeAll(async () => {
    await addStaff(dataDir, 'li.advisor', 'advisor', 'advisor password 1');
    await addStaff(dataDir, 'wang.advisor', 'advisor', 'advisor password 2');
    hub = await startTestHub({ dataDir });
    li = await signIn(hub.httpUrl, 'li.advisor', 'advisor password 1');
    wang = await signIn(hub.httpUrl, 'wang.advisor', 'advisor password 2');
    board = new TestScreen(hub.httpUrl);
  });
  afterAll(async () => {
    board?.close();
    await hub?.stop();
  });

  it('needs a signed-in advisor who holds the desk', async () => {
    expect((await desk(hub.httpUrl, '', 'desk-1', 'call-next')).status).toBe(401);
    const notOpened = await desk(hub.httpUrl, li, 'desk-1', 'call-next');
    expect(notOpened.status).toBe(409);
    expect(notOpened.body.error?.code).toBe('DESK_NOT_YOURS');
    expect((await desk(hub.httpUrl, li, 'desk-1', 'open')).status).toBe(200);
    const taken = await desk(hub.httpUrl, wang, 'desk-1', 'open');
    expect(taken.body.error?.code).toBe('DESK_TAKEN');
    const empty = await desk(hub.httpUrl, li, 'desk-1', 'call-next');
    expect(empty.status).toBe(404);
    expect(empty.body.error?.code).toBe('QUEUE_EMPTY');
  });

  it('calls the longest waiting first, shows the call on the board, recalls and refuses a second call', async () => {
    const a1 = await checkIn(hub.httpUrl, walkIn({ plate: '粤B10001', lang: 'en' }));
    const a2 = await checkIn(hub.httpUrl, walkIn({ plate: '粤B10002' }));
    expect([a1.body.ticket.number, a2.body.ticket.number]).toEqual(['A001', 'A002']);
    expect(a2.body.ticket.position).toBe(1);

    const first = await desk(hub.httpUrl, li, 'desk-1', 'call-next');
    expect(first.body.ticket).toMatchObject({ number: 'A001', status: 'called' });
    const shown = await board.until((s) => Object.values(s.calls).find((c) => c.number === 'A001'));
    expect(shown).toMatchObject({ deskNumber: 1, lang: 'en', recall: false });
    expect(await board.until((s) => s.desks['desk-1']?.ticketId === a1.body.ticket.id)).toBe(true);
    expect(await board.until((s) => s.tickets[a2.body.ticket.id]?.position === 0)).toBe(true);

    const busy = await desk(hub.httpUrl, li, 'desk-1', 'call-next');
    expect(busy.body.error?.code).toBe('DESK_BUSY');
    expect((await desk(hub.httpUrl, li, 'desk-1', 'recall')).status).toBe(200);
    const recalls = await board.until((s) => {
      const c = Object.values(s.calls).filter((x) => x.number === 'A001');
      return c.length === 2 && c;
    });
    expect(recalls.map((c) => c.recall).sort()).toEqual([false, true]);
  });

  it('serves a ticket into a workshop job that keeps the ticket’s follow link', async () => {
    const a1 = (
      await call<{ tickets: { id: string; number: string }[] }>(`${hub.httpUrl}/api/tickets`, 'GET', undefined, li)
    ).body.tickets[0]!;
    expect(a1.number).toBe('A001');
    const served = await desk(hub.httpUrl, li, 'desk-1', 'serve');
    expect(served.status).toBe(200);
    expect(served.body.jobId).toMatch(/^\d+$/);
    await board.until((s) => !s.tickets[a1.id]);
    const job = await call<{ code: string; stage: string }>(
      `${hub.httpUrl}/api/jobs/${served.body.jobId}`,
      'GET',
      undefined,
      li,
    );
    expect(job.body).toMatchObject({ code: 'A001', stage: 'checked-in' });
  });

  it('follows a waiting ticket by its QR token, then the job once served', async () => {
    const t = await checkIn(hub.httpUrl, walkIn({ plate: '粤B10003' }));
    const before = await call<FollowView>(`${hub.httpUrl}/api/follow/${t.body.followToken}`, 'GET');
    expect(before.body).toMatchObject({ kind: 'queued', ticket: { code: t.body.ticket.number, ahead: 1 } });
    await desk(hub.httpUrl, li, 'desk-1', 'call', { ticketId: t.body.ticket.id });
    const calledView = await call<FollowView>(`${hub.httpUrl}/api/follow/${t.body.followToken}`, 'GET');
    expect(calledView.body).toMatchObject({
      kind: 'queued',
      ticket: { state: 'called', desk: { number: 1, name: { zh: '1号服务台' } } },
    });
    await desk(hub.httpUrl, li, 'desk-1', 'serve');
    const after = await call<FollowView>(`${hub.httpUrl}/api/follow/${t.body.followToken}`, 'GET');
    expect(after.body).toMatchObject({ kind: 'job', job: { code: t.body.ticket.number } });
  });

  it("pushes the call, the recall and the no-show to the ticket's phone, whose link then says it missed the call", async () => {
    const t = await checkIn(hub.httpUrl, walkIn({ plate: '粤B10009' }));
    const phone = new TestPhone(hub.httpUrl, t.body.followToken);
    try {
      const waiting = await phone.until((p) => p.view?.kind === 'queued' && p.view.ticket);
      expect(waiting).toMatchObject({ state: 'waiting', desk: null });
      await desk(hub.httpUrl, li, 'desk-1', 'call', { ticketId: t.body.ticket.id });
      const called = await phone.until(
        (p) => p.view?.kind === 'queued' && p.view.ticket.state === 'called' && p.view.ticket,
      );
      expect(called).toMatchObject({ code: t.body.ticket.number, desk: { number: 1 }, recalls: 0 });
      await desk(hub.httpUrl, li, 'desk-1', 'recall');
      await phone.until((p) => p.view?.kind === 'queued' && p.view.ticket.recalls === 1);
      await desk(hub.httpUrl, li, 'desk-1', 'no-show');
      const missed = await phone.until(
        (p) => p.view?.kind === 'queued' && p.view.ticket.state === 'missed' && p.view.ticket,
      );
      expect(missed).toMatchObject({ desk: { number: 1 }, ahead: null });
      expect(missed.missedAt).toBeGreaterThan(0);
      // Opened again later, the link still says what happened rather than "invalid link".
      const later = await call<FollowView>(`${hub.httpUrl}/api/follow/${t.body.followToken}`, 'GET');
      expect(later.status).toBe(200);
      expect(later.body).toMatchObject({ kind: 'queued', ticket: { state: 'missed' } });
      expect(phone.closed).toBeNull();
    } finally {
      phone.close();
    }
  });

  it('marks a no-show, and transfers a ticket to another lane keeping its number', async () => {
    const next = await desk(hub.httpUrl, li, 'desk-1', 'call-next');
    expect(next.body.ticket?.number).toBe('A002');
    const noShow = await desk(hub.httpUrl, li, 'desk-1', 'no-show');
    expect(noShow.body.ticket?.status).toBe('no-show');
    await board.until((s) => !s.tickets[noShow.body.ticket!.id]);

    const t = await checkIn(hub.httpUrl, walkIn({ plate: '粤B10004' }));
    await desk(hub.httpUrl, li, 'desk-1', 'call-next');
    const moved = await desk(hub.httpUrl, li, 'desk-1', 'transfer', { laneId: 'repair' });
    expect(moved.body.ticket).toMatchObject({ number: t.body.ticket.number, status: 'waiting' });
    const onBoard = await board.until(
      (s) => s.tickets[t.body.ticket.id]?.laneId === 'repair' && s.tickets[t.body.ticket.id],
    );
    expect(onBoard).toMatchObject({ number: t.body.ticket.number, position: 0 });
    // Desk 1 does not serve the repair lane; desk 2 does.
    expect((await desk(hub.httpUrl, li, 'desk-1', 'call-next')).body.error?.code).toBe('QUEUE_EMPTY');
    await desk(hub.httpUrl, wang, 'desk-2', 'open');
    expect((await desk(hub.httpUrl, wang, 'desk-2', 'call-next')).body.ticket?.number).toBe(t.body.ticket.number);
    expect((await desk(hub.httpUrl, wang, 'desk-2', 'close')).body.error?.code).toBe('DESK_BUSY');
  });

  it('keeps a booked customer near the booked time, by code or by plate and phone', async () => {
    const soon = Date.now() + 10 * 60_000;
    const made = await call<{ appointment: { code: string; laneId: string } }>(
      `${hub.httpUrl}/api/appointments`,
      'POST',
      { plate: { mode: 'cn', text: '粤B20001' }, phone: '13800002222', bookedAt: soon, categories: ['maintenance'] },
      li,
    );
    expect(made.status).toBe(200);
    const code = made.body.appointment.code;
    const found = await call<{ plateMasked: string }>(`${hub.httpUrl}/api/checkin/booking`, 'POST', { code });
    expect(found.body.plateMasked).toBe('粤B·2**01');
    const missing = await call<{ error: { code: string } }>(`${hub.httpUrl}/api/checkin/booking`, 'POST', {
      code: 'AAAAAA',
    });
    expect(missing.body.error.code).toBe('BOOKING_NOT_FOUND');

    // Walk-ins who came earlier still wait; the booking, not due for ten minutes, goes after them…
    const w1 = await checkIn(hub.httpUrl, walkIn({ plate: '粤B20002' }));
    const w2 = await checkIn(hub.httpUrl, walkIn({ plate: '粤B20003' }));
    const b = await checkIn(hub.httpUrl, {
      attemptId: 'booking_attempt_000001',
      lang: 'zh-CN',
      identity: { by: 'booking', code },
      mileageKm: 30000,
      categories: [],
      services: [],
      complaint: '',
    });
    expect(b.status, JSON.stringify(b.body)).toBe(200);
    expect(b.body.ticket.appointmentAt).toBe(soon);
    // …but is never told a wait shorter than its time.
    expect(b.body.ticket.wait).toMatchObject({ kind: 'range' });
    const again = await call<{ error: { code: string } }>(`${hub.httpUrl}/api/checkin/booking`, 'POST', { code });
    expect(again.body.error.code).toBe('BOOKING_USED');
    const order = await board.until((s) => {
      const ids = [w1, w2, b].map((x) => s.tickets[x.body.ticket.id]?.position);
      return ids.every((p) => p !== undefined) && ids;
    });
    expect(order[2]).toBeGreaterThan(order[0]!);
  });
});
