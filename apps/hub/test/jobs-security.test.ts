// Who may see and do what with jobs, against a real hub: a follow link opens its own job only and
// expires after delivery; every staff operation of the route table needs a session and the role; the
// public boards' data (socket patches and REST bodies, not pixels) carry masked plates only.
import {
  SocketEvents,
  routes,
  type ApiError,
  type CustomerJobView,
  type FollowView,
  type JobView,
} from '@glassbay/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestScreen } from './helpers.ts';
import { TestPhone, decideAlerts, openShop, type Shop } from './jobs-helpers.ts';

type Created = { job: JobView; followToken: string; loungeCode: string };
const PLATES = ['粤B12345', '京A88K21'];
const PERSONAL = [...PLATES, '13800138000', '13900139000', '张先生', '李女士', '李师傅'];

describe('jobs security', () => {
  let shop: Shop;
  let a: Created;
  let b: Created;
  const lounge: string[] = [];
  let board: TestScreen;

  beforeAll(async () => {
    // Grace 0: a link stops working the moment its car is delivered.
    shop = await openShop({ env: { GLASSBAY_FOLLOW_GRACE_MIN: '0' } });
    // Everything a public board receives, as sent.
    board = new TestScreen(shop.hub.httpUrl);
    board.socket.on(SocketEvents.snapshot, (s) => lounge.push(JSON.stringify(s)));
    board.socket.on(SocketEvents.patches, (batch) => lounge.push(...batch.map((p) => JSON.stringify(p))));
    const create = async (plate: string, phone: string, name: string) =>
      (
        await shop.api<Created>('POST', '/api/jobs', {
          as: 'advisor',
          body: { plate, phone, name, model: 'Model 3', colour: '红色', services: ['inspection'], bayId: 'bay-1' },
        })
      ).body;
    a = await create(PLATES[0]!, '13800138000', '张先生');
    b = await create(PLATES[1]!, '13900139000', '李女士');
  });
  afterAll(async () => {
    board?.close();
    await shop?.stop();
  });

  const move = (id: string, to: string) => shop.api('POST', `/api/jobs/${id}/stage`, { as: 'advisor', body: { to } });

  it("opens one job per link: one job's token cannot read or act on another job", async () => {
    const seen = await shop.api<FollowView>('GET', `/api/follow/${a.followToken}`);
    expect(seen.status).toBe(200);
    expect(seen.body.kind === 'job' && seen.body.job.id).toBe(a.job.id);
    expect(JSON.stringify(seen.body)).not.toContain('京A·8**21');
    for (const secret of PERSONAL) expect(JSON.stringify(seen.body)).not.toContain(secret);

    // Job B asks its customer for approval; job A's link cannot answer it.
    await move(b.job.id, 'inspection');
    await shop.api('POST', `/api/jobs/${b.job.id}/approvals`, {
      as: 'advisor',
      body: { description: '更换雨刮', priceCents: 12_000 },
    });
    const bView = await shop.api<FollowView>('GET', `/api/follow/${b.followToken}`);
    const approvalId = bView.body.kind === 'job' ? bView.body.job.approvals[0]!.id : -1;
    const cross = await shop.api<ApiError>('POST', `/api/follow/${a.followToken}/approvals/${approvalId}`, {
      body: { decision: 'approved' },
    });
    expect(cross.status).toBe(404);
    expect(cross.body.error.code).toBe('APPROVAL_NOT_FOUND');
    const stillPending = await shop.api<FollowView>('GET', `/api/follow/${b.followToken}`);
    expect(stillPending.body.kind === 'job' && stillPending.body.job.approvals[0]!.state).toBe('pending');

    // On the live channel, A's phone hears about A only, even when B changes.
    const phoneA = new TestPhone(shop.hub.httpUrl, a.followToken);
    await phoneA.until((p) => p.view);
    const views: string[] = [];
    phoneA.socket.on('follow:view', (v) => views.push(JSON.stringify(v)));
    await move(b.job.id, 'cancelled');
    await move(a.job.id, 'waiting');
    await phoneA.until((p) => p.view?.kind === 'job' && p.view.job.stage === 'waiting');
    for (const v of views) expect(JSON.parse(v)).toMatchObject({ kind: 'job', job: { id: a.job.id } });
    phoneA.close();
  });

  it('refuses made-up and malformed tokens without saying whether a job exists', async () => {
    const forged = await shop.api<ApiError>('GET', `/api/follow/${'x'.repeat(32)}`);
    expect(forged.status).toBe(404);
    expect(forged.body.error.code).toBe('FOLLOW_LINK_UNKNOWN');
    expect((await shop.api('GET', `/api/follow/${a.job.id}`)).status).toBe(400);
    const phone = new TestPhone(shop.hub.httpUrl, 'y'.repeat(32));
    expect(await phone.until((p) => p.refused)).toBe('FOLLOW_LINK_UNKNOWN');
    phone.close();
  });

  it('expires a link when its car is delivered (grace 0), on the phone too', async () => {
    await move(a.job.id, 'inspection');
    await shop.api('POST', `/api/jobs/${a.job.id}/stage`, { as: 'advisor', body: { to: 'in-service' } });
    await move(a.job.id, 'quality-check');
    await decideAlerts(shop, a.job.id);
    await move(a.job.id, 'ready');
    const phone = new TestPhone(shop.hub.httpUrl, a.followToken);
    await phone.until((p) => p.view?.kind === 'job' && p.view.job.stage === 'ready');
    await move(a.job.id, 'delivered');
    expect(await phone.until((p) => p.closed)).toBe('expired');
    const expired = await shop.api<ApiError>('GET', `/api/follow/${a.followToken}`);
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('FOLLOW_LINK_EXPIRED');
    const rate = await shop.api<ApiError>('POST', `/api/follow/${a.followToken}/rating`, { body: { stars: 5 } });
    expect(rate.status).toBe(410);
    const late = new TestPhone(shop.hub.httpUrl, a.followToken);
    expect(await late.until((p) => p.refused)).toBe('FOLLOW_LINK_EXPIRED');
    phone.close();
    late.close();
  });

  it('voids the old link when staff issue a new one', async () => {
    const { job, followToken } = (
      await shop.api<Created>('POST', '/api/jobs', {
        as: 'advisor',
        body: { plate: '川A99999', services: ['battery'] },
      })
    ).body;
    const fresh = await shop.api<{ followToken: string }>('POST', `/api/jobs/${job.id}/follow-link`, { as: 'advisor' });
    expect((await shop.api('GET', `/api/follow/${followToken}`)).status).toBe(404);
    const now = await shop.api<{ kind: string; job: CustomerJobView }>('GET', `/api/follow/${fresh.body.followToken}`);
    expect(now.body.job.id).toBe(job.id);
  });

  it('refuses every staff operation of the route table without a session and below its role', async () => {
    const fill = (path: string) => path.replace(/:(\w+)/g, '1');
    const staffRoutes = Object.entries(routes).filter(([, r]) => r.access !== 'public');
    expect(staffRoutes.length).toBeGreaterThan(10);
    for (const [id, r] of staffRoutes) {
      const body = r.method === 'GET' ? undefined : {};
      const anon = await shop.api<ApiError>(r.method, fill(r.path), { body });
      expect([id, anon.status, anon.body.error?.code]).toEqual([id, 401, 'STAFF_LOGIN_REQUIRED']);
      const forged = await fetch(`${shop.hub.httpUrl}${fill(r.path)}`, {
        method: r.method,
        headers: { cookie: 'glassbay_session=forged', ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: '{}' } : {}),
      });
      expect([id, forged.status]).toEqual([id, 401]);
      const below =
        r.access === 'admin' ? (['advisor', 'manager'] as const) : r.access === 'manager' ? (['advisor'] as const) : [];
      for (const who of below) {
        const res = await shop.api<ApiError>(r.method, fill(r.path), { as: who, body });
        expect([id, who, res.status, res.body.error?.code]).toEqual([id, who, 403, 'ROLE_REQUIRED']);
      }
    }
  });

  it('gives public boards masked plates only: no plate, phone, name or technician in any payload', async () => {
    const { job, loungeCode } = (
      await shop.api<Created>('POST', '/api/jobs', {
        as: 'advisor',
        body: { plate: PLATES[0], phone: '13800138000', name: '张先生', services: ['oil-change'], bayId: 'bay-2' },
      })
    ).body;
    await shop.api('PATCH', `/api/jobs/${job.id}`, { as: 'advisor', body: { technician: '李师傅' } });
    await move(job.id, 'waiting');
    await shop.sensors['bay-2']!.publish({ occupied: true });
    await board.until((s) => s.jobs[job.id]?.stage === 'in-service');
    // A fresh snapshot too, as a board that connects now gets it.
    const late = new TestScreen(shop.hub.httpUrl);
    late.socket.on(SocketEvents.snapshot, (s) => lounge.push(JSON.stringify(s)));
    await late.until((s) => s.jobs[job.id]);
    late.close();

    const rest = [
      await shop.api('GET', '/api/services'),
      await shop.api('GET', '/api/bays'),
      await shop.api('POST', `/api/lounge/jobs/${job.id}/unlock`, { body: { code: loungeCode } }),
    ];
    const publicText = [...lounge, ...rest.map((r) => JSON.stringify(r.body))].join('\n');
    expect(lounge.length).toBeGreaterThan(5);
    expect(publicText).toContain('粤B·1**45');
    for (const secret of PERSONAL) expect(publicText).not.toContain(secret);
    // Nor the ticket code, which the lounge board asks for before it shows more.
    const socketText = lounge.join('\n');
    for (const code of [job.code, a.job.code, b.job.code]) expect(socketText).not.toContain(`"${code}"`);
    // The public state never holds a staff-only collection.
    expect(board.state!.bayNotices).toEqual({});
  });
});
