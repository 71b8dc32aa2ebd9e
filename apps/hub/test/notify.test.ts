// Customer messages through the shop's gateway, against a real hub and a real webhook receiver on
// 127.0.0.1: consent at check-in decides who gets them; each message arrives exactly once (by its
// Idempotency-Key) with a valid HMAC signature, in the customer's language; a refused or unreachable
// gateway loses nothing, shows on the console, and a hub restarted in the middle of the retries still
// delivers; opt-outs (follow page, gateway) stop what is queued and what would come.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NOTIFY_HEADERS,
  formatNotifySignature,
  notifySignedText,
  type AlertView,
  type JobView,
  type NotifyStatus,
} from '@glassbay/protocol';
import { createHmac } from 'node:crypto';
import type { Hub } from '../src/hub.ts';
import { signIn, startTestHub } from '../src/testing.ts';
import { TestScreen } from './helpers.ts';
import { openShop, type Shop } from './jobs-helpers.ts';
import { deadUrl, TestGateway } from './notify-gateway.ts';
import { call, checkIn, desk, walkIn } from './queue-helpers.ts';

const SECRET = 'test-gateway-secret-0123456789';

describe('customer messages through the gateway', () => {
  let shop: Shop;
  let hub: Hub;
  let advisor: string;
  let admin: string;
  let console_: TestScreen;
  const gateway = new TestGateway(SECRET);
  let env: Record<string, string>;
  const api = <T>(method: string, path: string, body?: unknown, cookie = advisor) =>
    call<T>(`${hub.httpUrl}${path}`, method, body, cookie);
  const status = async () => (await api<NotifyStatus>('GET', '/api/notify')).body;
  const job = async (id: string) => (await api<JobView>('GET', `/api/jobs/${id}`)).body;
  let a: { jobId: string; token: string };

  beforeAll(async () => {
    await gateway.listen();
    env = {
      GLASSBAY_NOTIFY_WEBHOOK_URL: gateway.url,
      GLASSBAY_NOTIFY_SECRET: SECRET,
      GLASSBAY_NOTIFY_RETRY_BASE_MS: '150',
      GLASSBAY_NOTIFY_MAX_ATTEMPTS: '50',
      GLASSBAY_NOTIFY_DELAY_THRESHOLD_MIN: '15',
    };
    shop = await openShop({ bays: ['bay-1'], env });
    hub = shop.hub;
    advisor = shop.cookies.advisor;
    admin = shop.cookies.admin;
    console_ = new TestScreen(hub.httpUrl, 'staff', { cookie: advisor });
    expect((await desk(hub.httpUrl, advisor, 'desk-1', 'open')).status).toBe(200);
  });
  afterAll(async () => {
    console_?.close();
    await hub?.stop();
    await gateway.close();
  });

  it('messages only the customer who ticked the box, once, signed, in the language chosen', async () => {
    const yes = await checkIn(
      hub.httpUrl,
      walkIn({ plate: '粤B20001', phone: '13800000001', lang: 'en', notifyConsent: true }),
    );
    const no = await checkIn(hub.httpUrl, walkIn({ plate: '粤B20002', phone: '13800000002' }));
    expect(yes.status).toBe(200);
    expect((await desk(hub.httpUrl, advisor, 'desk-1', 'call-next')).body.ticket?.number).toBe('A001');
    const called = await gateway.until(() => gateway.messages().find((m) => m.kind === 'ticket-called'));
    expect(called).toMatchObject({ lang: 'en', to: '13800000001', ref: 'A001' });
    expect(called.text).toContain('Ticket A001');
    expect(called.text).toContain('Desk 1');
    const served = await desk(hub.httpUrl, advisor, 'desk-1', 'serve');
    a = { jobId: served.body.jobId!, token: yes.body.followToken };

    // The second customer did not consent: the call is stored, and no message with it (the outbox
    // row would be written in the call's own transaction, so the count is final once it answered).
    expect((await desk(hub.httpUrl, advisor, 'desk-1', 'call-next')).body.ticket?.number).toBe('A002');
    await desk(hub.httpUrl, advisor, 'desk-1', 'serve');
    expect((await status()).counts).toEqual({ queued: 0, sent: 1, failed: 0, cancelled: 0 });
    expect(gateway.messages().map((m) => m.to)).toEqual(['13800000001']);
    expect(gateway.badSignatures).toBe(0);
    expect(no.status).toBe(200);
  });

  it('keeps a message through a refusing gateway and a hub restart mid-retry, then delivers it once', async () => {
    gateway.mode = 'refuse';
    const n0 = gateway.attempts.length;
    expect((await api('POST', `/api/jobs/${a.jobId}/stage`, { to: 'inspection' })).status).toBe(200);
    const asked = await api('POST', `/api/jobs/${a.jobId}/approvals`, {
      description: 'Front brake pads worn',
      priceCents: 48000,
    });
    expect(asked.status).toBe(200);
    const key = await gateway.until(() => gateway.attempts.length >= n0 + 2 && gateway.attempts[n0]);
    // The console shows it: a notice while the gateway refuses, the message queued on the job's timeline.
    const notice = await console_.until((s) => s.hubNotices.notifier);
    expect(notice).toMatchObject({ code: 'notifier_refused' });
    expect(notice.detail).toContain('HTTP 503');
    expect((await job(a.jobId)).timeline.some((e) => e.event === 'message-queued')).toBe(true);
    const waiting = await status();
    expect(waiting.counts.queued).toBe(1);
    expect(waiting.recent[0]).toMatchObject({ kind: 'approval-needed', state: 'queued', lastError: 'HTTP 503' });
    expect(JSON.stringify(waiting)).not.toContain('13800000001');

    // The hub stops in the middle of its retries; the gateway recovers while it is down.
    console_.close();
    await shop.stop();
    const triedBefore = gateway.attempts.filter((k) => k === key).length;
    gateway.mode = 'accept';
    hub = await startTestHub({ dataDir: shop.dataDir, env });
    advisor = await signIn(hub.httpUrl, 'li.advisor', 'advisor password 1');
    admin = await signIn(hub.httpUrl, 'admin', 'admin password 1');
    console_ = new TestScreen(hub.httpUrl, 'staff', { cookie: advisor });

    const delivered = await gateway.until(() => gateway.accepted.get(key));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ kind: 'approval-needed', lang: 'en', ref: 'A001' });
    expect(delivered[0]!.text).toContain('Front brake pads worn');
    expect(triedBefore).toBeGreaterThanOrEqual(2);
    await console_.until(
      (s) => s.jobs[a.jobId] && (s.jobs[a.jobId] as JobView).timeline.some((e) => e.event === 'message-sent'),
    );
    await console_.until((s) => !s.hubNotices.notifier);
    expect((await status()).counts).toMatchObject({ queued: 0, sent: 2 });
  });

  it('tells the customer once when the car is ready, and once when it runs late past the promise', async () => {
    const approval = (await job(a.jobId)).approvals[0]!;
    expect(
      (await call(`${hub.httpUrl}/api/follow/${a.token}/approvals/${approval.id}`, 'POST', { decision: 'approved' }))
        .status,
    ).toBe(200);
    // The promise made at check-in slipped by an hour (set in the file, as if the day had gone so).
    const db = new Database(join(shop.dataDir, 'glassbay.db'));
    db.prepare('UPDATE jobs SET checkin_promised_at = ? WHERE id = ?').run(Date.now() - 3600_000, Number(a.jobId));
    db.close();
    expect((await api('PATCH', `/api/jobs/${a.jobId}`, { bayId: 'bay-1' })).status).toBe(200);
    const late = await gateway.until(() => gateway.messages().find((m) => m.kind === 'delayed'));
    expect(late.text).toMatch(/^Sorry: your car \(A001\) is now expected at \d\d:\d\d/);
    await api('PATCH', `/api/jobs/${a.jobId}`, { technician: '张师傅' });
    for (const to of ['in-service', 'quality-check'])
      expect((await api('POST', `/api/jobs/${a.jobId}/stage`, { to })).body).toMatchObject({ stage: to });
    // No wristbands in this shop: the steps never recorded hold the release until a manager decides.
    expect((await api('POST', `/api/jobs/${a.jobId}/stage`, { to: 'ready' })).status).toBe(409);
    const { alerts } = (await api<{ alerts: AlertView[] }>('GET', '/api/alerts', undefined, admin)).body;
    for (const x of alerts.filter((x) => x.jobId === a.jobId && x.blocksRelease))
      await api('POST', `/api/alerts/${x.id}/override`, { note: 'no wristbands here yet' }, admin);
    expect(gateway.messages().some((m) => m.kind === 'ready-for-pickup')).toBe(false);
    expect((await api('POST', `/api/jobs/${a.jobId}/stage`, { to: 'ready' })).body).toMatchObject({ stage: 'ready' });
    const ready = await gateway.until(() => gateway.messages().find((m) => m.kind === 'ready-for-pickup'));
    expect(ready.text).toContain('ready for pickup');
    expect(gateway.messages().filter((m) => m.kind === 'delayed')).toHaveLength(1);
    for (const [k, v] of gateway.accepted) expect(v, `key ${k}`).toHaveLength(1);
    expect(gateway.badSignatures).toBe(0);
  });

  it('keeps messages while the gateway is unreachable, shows it, and sends them once a working one is set', async () => {
    expect(
      (await api('PUT', '/api/notify/settings', { webhookUrl: await deadUrl(), secret: SECRET }, advisor)).status,
    ).toBe(403);
    expect(
      (await api('PUT', '/api/notify/settings', { webhookUrl: await deadUrl(), secret: SECRET }, admin)).status,
    ).toBe(200);
    const c = await checkIn(hub.httpUrl, walkIn({ plate: '粤B20003', phone: '13800000003', notifyConsent: true }));
    await desk(hub.httpUrl, advisor, 'desk-1', 'call', { ticketId: c.body.ticket.id });
    const notice = await console_.until(
      (s) => s.hubNotices.notifier?.code === 'notifier_unreachable' && s.hubNotices.notifier,
    );
    expect(notice.detail).toContain('ECONNREFUSED');
    expect((await status()).counts.queued).toBe(1);
    const before = gateway.accepted.size;
    const fixed = await api<NotifyStatus>('PUT', '/api/notify/settings', { webhookUrl: gateway.url }, admin);
    expect(fixed.body).toMatchObject({ configured: true, source: 'console', gatewayHost: new URL(gateway.url).host });
    // The mended gateway is tried at once, not at the message's next backed-off turn.
    const waiting = fixed.body.recent.find((m) => m.ref === c.body.ticket.number)!;
    expect(waiting.state === 'sent' || waiting.nextAttemptAt! <= Date.now()).toBe(true);
    const msg = await gateway.until(() => gateway.accepted.size > before && gateway.messages().at(-1));
    expect(msg).toMatchObject({ kind: 'ticket-called', lang: 'zh-CN', to: '13800000003' });
    expect(msg.text).toBe(`${c.body.ticket.number}号，轮到您了，请到1号服务台办理。`);
    await console_.until((s) => !s.hubNotices.notifier);
  });

  it('honours an opt-out from the follow page and from the gateway (signed only)', async () => {
    const d = await checkIn(hub.httpUrl, walkIn({ plate: '粤B20004', phone: '13800000004', notifyConsent: true }));
    const stop = await call<{ optedOut: boolean }>(
      `${hub.httpUrl}/api/follow/${d.body.followToken}/messages/opt-out`,
      'POST',
    );
    expect(stop.body).toEqual({ optedOut: true });
    const sentBefore = (await status()).counts.sent;
    await desk(hub.httpUrl, advisor, 'desk-1', 'call', { ticketId: d.body.ticket.id });
    expect((await status()).counts).toMatchObject({ queued: 0, sent: sentBefore });

    const e = await checkIn(hub.httpUrl, walkIn({ plate: '粤B20005', phone: '13800000005', notifyConsent: true }));
    const body = JSON.stringify({ phone: '13800000005' });
    const optOut = (signature?: string) =>
      fetch(`${hub.httpUrl}/api/notify/opt-out`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature ? { [NOTIFY_HEADERS.signature]: signature } : {}),
        },
        body,
      });
    expect((await optOut()).status).toBe(401);
    const t = Date.now();
    const wrong = createHmac('sha256', 'not the shared secret 12345').update(notifySignedText(t, body)).digest('hex');
    expect((await optOut(formatNotifySignature(t, wrong))).status).toBe(401);
    const right = createHmac('sha256', SECRET).update(notifySignedText(t, body)).digest('hex');
    const ok = await optOut(formatNotifySignature(t, right));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ optedOut: 1 });
    await desk(hub.httpUrl, advisor, 'desk-1', 'serve');
    await desk(hub.httpUrl, advisor, 'desk-1', 'call', { ticketId: e.body.ticket.id });
    expect((await status()).counts).toMatchObject({ queued: 0, sent: sentBefore });
  });

  it('keeps the consent of a check-in whose answer was lost and is asked again after a restart', async () => {
    const body = walkIn({ plate: '粤B20006', phone: '13800000006', notifyConsent: true });
    const first = await checkIn(hub.httpUrl, body);
    console_.close();
    await hub.stop();
    hub = await startTestHub({ dataDir: shop.dataDir, env });
    advisor = await signIn(hub.httpUrl, 'li.advisor', 'advisor password 1');
    console_ = new TestScreen(hub.httpUrl, 'staff', { cookie: advisor });
    // The kiosk repeats the same attempt: the same ticket, with a new follow link (the old one was never shown).
    const again = await checkIn(hub.httpUrl, body);
    expect(again.body.ticket.id).toBe(first.body.ticket.id);
    expect(again.body.followToken).not.toBe(first.body.followToken);
    const before = gateway.accepted.size;
    await desk(hub.httpUrl, advisor, 'desk-1', 'serve');
    expect((await desk(hub.httpUrl, advisor, 'desk-1', 'call', { ticketId: again.body.ticket.id })).status).toBe(200);
    const msg = await gateway.until(() => gateway.accepted.size > before && gateway.messages().at(-1));
    expect(msg).toMatchObject({ kind: 'ticket-called', to: '13800000006', ref: first.body.ticket.number });
  });

  it("keeps a job's messages, and its opt-out, on a follow link reissued for a lost ticket", async () => {
    const g = await checkIn(hub.httpUrl, walkIn({ plate: '粤B20007', phone: '13800000007', notifyConsent: true }));
    await desk(hub.httpUrl, advisor, 'desk-1', 'serve');
    await desk(hub.httpUrl, advisor, 'desk-1', 'call', { ticketId: g.body.ticket.id });
    const jobId = (await desk(hub.httpUrl, advisor, 'desk-1', 'serve')).body.jobId!;
    const reissued = await api<{ followToken: string }>('POST', `/api/jobs/${jobId}/follow-link`);
    expect(reissued.status).toBe(200);
    await api('POST', `/api/jobs/${jobId}/stage`, { to: 'inspection' });
    await api('POST', `/api/jobs/${jobId}/approvals`, { description: 'Wiper blades', priceCents: 9000 });
    const asked = await gateway.until(() =>
      gateway.messages().find((m) => m.to === '13800000007' && m.kind === 'approval-needed'),
    );
    expect(asked.text).toContain('Wiper blades');
    // The new link stops them too; the next approval asked is not sent.
    const stop = await call<{ optedOut: boolean }>(
      `${hub.httpUrl}/api/follow/${reissued.body.followToken}/messages/opt-out`,
      'POST',
    );
    expect(stop.body).toEqual({ optedOut: true });
    const sent = (await status()).counts.sent;
    await api('POST', `/api/jobs/${jobId}/approvals`, { description: 'Cabin filter', priceCents: 12000 });
    expect((await status()).counts).toMatchObject({ queued: 0, sent });
  });
});
