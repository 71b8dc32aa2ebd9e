// Repair jobs against a real hub: staff open and move jobs, real MQTT sensors move what they see, and
// the staff console, the lounge board and the customer's phone all follow.
import {
  UNLOCK_LIMITS,
  isStaffJobView,
  type AlertView,
  type ApiError,
  type BayNotice,
  type CustomerJobView,
  type JobView,
  type PublicJobView,
  type ServiceDef,
} from '@glassbay/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestScreen } from './helpers.ts';
import { TestPhone, openShop, type Shop } from './jobs-helpers.ts';

type Created = { job: JobView; followToken: string; followPath: string; loungeCode: string };

describe('repair jobs', () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop();
  });
  afterAll(async () => shop?.stop());

  const open = async (over: Record<string, unknown> = {}) => {
    const r = await shop.api<Created>('POST', '/api/jobs', {
      as: 'advisor',
      body: {
        plate: '粤B12345',
        model: '凯美瑞',
        colour: '白色',
        phone: '13800138000',
        services: ['oil-change'],
        ...over,
      },
    });
    expect(r.status).toBe(200);
    return r.body;
  };
  const move = (id: string, to: string) =>
    shop.api<JobView & ApiError>('POST', `/api/jobs/${id}/stage`, { as: 'advisor', body: { to } });

  it('serves the service menu to the kiosk without a login', async () => {
    const r = await shop.api<{ services: ServiceDef[] }>('GET', '/api/services');
    expect(r.status).toBe(200);
    const oil = r.body.services.find((s) => s.code === 'oil-change');
    expect(oil).toEqual({
      code: 'oil-change',
      category: 'maintenance',
      name: { zh: '常规保养（机油机滤）', en: 'Oil and filter change' },
      standardMinutes: 60,
      active: true,
    });
    expect(r.body.services.map((s) => s.code)).toEqual(
      expect.arrayContaining([
        'brake-pads',
        'tyre-rotation',
        'tyre-replacement',
        'ac-service',
        'inspection',
        'diagnosis',
        'car-wash',
      ]),
    );
  });

  it('opens a job at the desk with a promise, a follow link and a number, seen by staff and lounge', async () => {
    const staff = new TestScreen(shop.hub.httpUrl, 'staff', { cookie: shop.cookies.advisor });
    const lounge = new TestScreen(shop.hub.httpUrl);
    const { job, followToken, followPath } = await open();
    expect(job).toMatchObject({ code: expect.stringMatching(/^J\d{3}$/), stage: 'checked-in', late: false });
    expect(job.promisedAt).toBeGreaterThanOrEqual(job.eta!);
    expect(followToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(followPath).toBe(`/follow?t=${followToken}`);
    const seen = await staff.until((s) => s.jobs[job.id]);
    expect(isStaffJobView(seen) && seen.vehicle.plate).toBe('粤B12345');
    const board = (await lounge.until((s) => s.jobs[job.id])) as PublicJobView;
    expect(board).toMatchObject({ plateMasked: '粤B·1**45', stage: 'checked-in', eta: job.eta });
    staff.close();
    lounge.close();
  });

  it('refuses a jump in stages and a service without a bay, with a reason', async () => {
    const { job } = await open();
    const jump = await move(job.id, 'ready');
    expect(jump.status).toBe(409);
    expect(jump.body.error.code).toBe('STAGE_MOVE_REFUSED');
    expect((await move(job.id, 'waiting')).status).toBe(200);
    const noBay = await move(job.id, 'in-service');
    expect(noBay.body.error).toMatchObject({ code: 'BAY_REQUIRED', message: expect.stringMatching(/assign a bay/) });
    await move(job.id, 'cancelled');
  });

  it('moves a job into service when its car arrives on its bay, and records the bay freeing', async () => {
    const staff = new TestScreen(shop.hub.httpUrl, 'staff', { cookie: shop.cookies.advisor });
    const lounge = new TestScreen(shop.hub.httpUrl);
    const { job, followToken } = await open({ plate: '京A88K21', services: ['brake-pads', 'car-wash'] });
    const phone = new TestPhone(shop.hub.httpUrl, followToken);
    await shop.api('PATCH', `/api/jobs/${job.id}`, { as: 'advisor', body: { bayId: 'bay-1', technician: '李师傅' } });
    await move(job.id, 'waiting');
    await shop.sensors['bay-1']!.publish({ occupied: true, lift: 'up' });

    const inService = (await staff.until((s) => s.jobs[job.id]?.stage === 'in-service' && s.jobs[job.id])) as JobView;
    expect(inService.timeline.at(-1)).toMatchObject({
      stage: 'in-service',
      by: { kind: 'sensor', id: 'bay-1-sensor' },
    });
    expect(await lounge.until((s) => s.jobs[job.id]?.stage === 'in-service')).toBe(true);
    const onPhone = await phone.until((p) => p.view?.kind === 'job' && p.view.job.stage === 'in-service' && p.view.job);
    expect(onPhone).toMatchObject({ bayName: '1号工位', plateMasked: '京A·8**21' });

    await move(job.id, 'quality-check');
    await shop.sensors['bay-1']!.publish({ occupied: false, lift: 'down' });
    const freed = (await staff.until((s) => {
      const j = s.jobs[job.id] as JobView | undefined;
      return j?.timeline.some((e) => e.event === 'bay-freed') && j;
    })) as JobView;
    expect(freed.timeline.at(-1)).toMatchObject({ event: 'bay-freed', stage: 'quality-check' });
    // The lounge sees stage changes only, never sensor events.
    const pub = lounge.state!.jobs[job.id] as PublicJobView;
    expect(pub.timeline.map((e) => e.stage)).toEqual(['checked-in', 'waiting', 'in-service', 'quality-check']);

    await move(job.id, 'washing');
    // No band recorded the brake job's steps: that holds the release until a manager decides it.
    expect((await move(job.id, 'ready')).body.error?.code).toBe('STEPS_NOT_RECORDED');
    const alerts = await shop.api<{ alerts: AlertView[] }>('GET', '/api/alerts', { as: 'manager' });
    const missed = alerts.body.alerts.find((a) => a.jobId === job.id && a.kind === 'step-missed')!;
    const decided = await shop.api('POST', `/api/alerts/${missed.id}/override`, {
      as: 'manager',
      body: { note: 'no wristbands on bay 1 yet; pads checked by the manager' },
    });
    expect(decided.status).toBe(200);
    expect((await move(job.id, 'ready')).status).toBe(200);
    expect(await phone.until((p) => p.view?.kind === 'job' && p.view.job.canRate)).toBe(true);
    const rated = await shop.api<CustomerJobView>('POST', `/api/follow/${followToken}/rating`, {
      body: { stars: 5, comment: '很快，谢谢' },
    });
    expect(rated.body.rating).toEqual({ stars: 5, comment: '很快，谢谢' });
    expect((await shop.api('POST', `/api/follow/${followToken}/rating`, { body: { stars: 1 } })).status).toBe(409);
    await move(job.id, 'delivered');
    // Delivered: off the lounge board, still on the console for the day.
    await lounge.until((s) => !s.jobs[job.id]);
    expect((staff.state!.jobs[job.id] as JobView).rating?.stars).toBe(5);
    for (const c of [staff, lounge, phone]) c.close();
  });

  it('shows staff a car on a bay with no job, not the lounge, and closes it when explained', async () => {
    const staff = new TestScreen(shop.hub.httpUrl, 'staff', { cookie: shop.cookies.manager });
    const lounge = new TestScreen(shop.hub.httpUrl);
    await shop.sensors['bay-2']!.publish({ occupied: true });
    const notice = (await staff.until((s) =>
      Object.values(s.bayNotices).find((n) => n.bayId === 'bay-2'),
    )) as BayNotice;
    expect(notice).toMatchObject({ kind: 'car-without-job', jobId: null, resolvedAt: null });
    const listed = await shop.api<{ notices: BayNotice[] }>('GET', '/api/bay-notices', { as: 'advisor' });
    expect(listed.body.notices.map((n) => n.id)).toContain(notice.id);
    expect(lounge.state!.bayNotices).toEqual({});
    // An advisor may see it; closing it with a note is a manager's call.
    const path = `/api/bay-notices/${notice.id}/resolve`;
    expect((await shop.api('POST', path, { as: 'advisor', body: { note: 'test drive' } })).status).toBe(403);
    const resolved = await shop.api<BayNotice>('POST', path, { as: 'manager', body: { note: '试驾车辆临时停放' } });
    expect(resolved.body).toMatchObject({ resolvedBy: 'zhao.manager', note: '试驾车辆临时停放' });
    await staff.until((s) => !s.bayNotices[notice.id]);
    await shop.sensors['bay-2']!.publish({ occupied: false });
    staff.close();
    lounge.close();
  });

  it("brings the customer's approval from the phone to the console and the job back to work", async () => {
    const staff = new TestScreen(shop.hub.httpUrl, 'staff', { cookie: shop.cookies.advisor });
    const { job, followToken } = await open({ plate: '沪C55660', services: ['inspection'] });
    const phone = new TestPhone(shop.hub.httpUrl, followToken);
    await shop.api('PATCH', `/api/jobs/${job.id}`, { as: 'advisor', body: { bayId: 'bay-2' } });
    await move(job.id, 'waiting');
    await shop.sensors['bay-2']!.publish({ occupied: true });
    await staff.until((s) => s.jobs[job.id]?.stage === 'in-service');

    // An extra item names menu services only: an unknown code is refused, nothing is asked.
    const unknown = await shop.api<ApiError>('POST', `/api/jobs/${job.id}/approvals`, {
      as: 'advisor',
      body: { description: '前刹车片磨损至 2 mm，建议更换', priceCents: 68_000, services: ['no-such-service'] },
    });
    expect(unknown.body.error.code).toBe('SERVICE_UNKNOWN');
    const asked = await shop.api<JobView>('POST', `/api/jobs/${job.id}/approvals`, {
      as: 'advisor',
      body: { description: '前刹车片磨损至 2 mm，建议更换', priceCents: 68_000, services: ['brake-pads'] },
    });
    expect(asked.body.stage).toBe('awaiting-approval');
    const pending = await phone.until(
      (p) => p.view?.kind === 'job' && p.view.job.approvals.find((a) => a.state === 'pending'),
    );
    expect(pending).toMatchObject({
      description: '前刹车片磨损至 2 mm，建议更换',
      priceCents: 68_000,
      services: ['brake-pads'],
    });
    expect((await move(job.id, 'in-service')).body.error.code).toBe('APPROVAL_PENDING');

    const decided = await shop.api<CustomerJobView>('POST', `/api/follow/${followToken}/approvals/${pending.id}`, {
      body: { decision: 'approved' },
    });
    expect(decided.status).toBe(200);
    const onConsole = (await staff.until((s) => {
      const j = s.jobs[job.id] as JobView | undefined;
      return j?.approvals[0]?.state === 'approved' && j;
    })) as JobView;
    expect(onConsole.approvals[0]!.decidedAt).toBeGreaterThanOrEqual(onConsole.approvals[0]!.requestedAt);
    // The car is on its bay: the job goes straight back into service, moved by the customer's answer.
    expect(onConsole.stage).toBe('in-service');
    expect(onConsole.timeline.at(-1)).toMatchObject({ stage: 'in-service', by: { kind: 'customer' } });
    const again = await shop.api<ApiError>('POST', `/api/follow/${followToken}/approvals/${pending.id}`, {
      body: { decision: 'declined' },
    });
    expect(again.body.error.code).toBe('APPROVAL_DECIDED');
    staff.close();
    phone.close();
  });

  it('shows staff a job past its promise as late, and the lounge only the honest ETA', async () => {
    const staff = new TestScreen(shop.hub.httpUrl, 'staff', { cookie: shop.cookies.advisor });
    const lounge = new TestScreen(shop.hub.httpUrl);
    const { job } = await open({ plate: '川A99887' });
    expect(job.late).toBe(false);
    // The advisor re-promises the car for a time already past (as a promise missed looks).
    const promised = Date.now() - 60_000;
    const r = await shop.api<JobView>('PATCH', `/api/jobs/${job.id}`, {
      as: 'advisor',
      body: { promisedAt: promised },
    });
    expect(r.body).toMatchObject({ promisedAt: promised, late: true });
    expect(r.body.eta!).toBeGreaterThan(promised);
    await staff.until((s) => (s.jobs[job.id] as JobView | undefined)?.late === true);
    const pub = (await lounge.until((s) => s.jobs[job.id])) as PublicJobView & Record<string, unknown>;
    expect(pub.eta).toBe(r.body.eta);
    expect(pub.late).toBeUndefined();
    expect(pub.promisedAt).toBeUndefined();
    staff.close();
    lounge.close();
  });

  it('asks the lounge for the lounge code (not the ticket number) before it shows more, and stops guessing', async () => {
    const { job, loungeCode } = await open({ code: 'A077', plate: '浙A11223' });
    const path = `/api/lounge/jobs/${job.id}/unlock`;
    expect((await shop.api('POST', path, { body: { code: 'A077' } })).status).toBe(403);
    const ok = await shop.api<{ code: string; services: string[] }>('POST', path, { body: { code: loungeCode } });
    expect(ok.body).toMatchObject({ code: 'A077', services: ['oil-change'] });
    for (let i = 1; i < UNLOCK_LIMITS.perJob; i++)
      expect((await shop.api('POST', path, { body: { code: `B00${i}` } })).status).toBe(403);
    // Locked now, even for the right code.
    expect((await shop.api<ApiError>('POST', path, { body: { code: loungeCode } })).body.error.code).toBe(
      'UNLOCK_LOCKED',
    );
  });
});
