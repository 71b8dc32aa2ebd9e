// Comebacks flagged at check-in, over a real hub and SQLite file: the cars' earlier jobs are written
// into the store as the hub would have left them (a second connection, as the CLI is), then each car
// checks in at the kiosk's own route and is called and served at a desk. The advisor sees the
// comeback on the called ticket, the job is tagged for quality review, the jobs list filters by the
// tag and the KPI's comeback list counts the same job.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiPaths, type ComebackTag, type JobView, type TicketView } from '@glassbay/protocol';
import { addDays, periodKey } from '../src/domain/kpi-time.ts';
import { seedShop } from '../src/kpi/kpi.seed.ts';
import { openDb } from '../src/store/db.ts';
import { openShop, type Shop } from './jobs-helpers.ts';
import { checkIn, desk, walkIn } from './queue-helpers.ts';

const DAY = 86_400_000;
let shop: Shop;

/** An earlier visit of a car, handed over `daysAgo` (or cancelled), as the hub stores it. */
function earlierJob(code: string, plate: string, services: string[], daysAgo: number, stage = 'delivered') {
  const { db } = openDb(join(shop.dataDir, 'glassbay.db'));
  try {
    const at = Date.now() - daysAgo * DAY;
    const id = db
      .prepare(
        `INSERT INTO jobs (code, plate, services, stage, stage_since, created_at, closed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(code, plate, JSON.stringify(services), stage, at, at - 3 * 3600_000, at).lastInsertRowid;
    const event = db.prepare(`INSERT INTO job_events (job_id, at, stage, actor_kind) VALUES (?, ?, ?, 'system')`);
    event.run(id, at - 3 * 3600_000, 'checked-in');
    if (stage === 'delivered') event.run(id, at - 3600_000, 'ready');
    event.run(id, at, stage);
    return String(id);
  } finally {
    db.close();
  }
}

/** A car checks in at the kiosk, is called to desk 1 and served: what the advisor saw and the job. */
async function visit(plate: string, services: string[]) {
  const url = shop.hub.httpUrl;
  const ticket = await checkIn(url, walkIn({ plate, services, categories: [] }));
  expect(ticket.status).toBe(200);
  const called = await desk(url, shop.cookies.advisor, 'desk-1', 'call', { ticketId: ticket.body.ticket.id });
  expect(called.status).toBe(200);
  const atDesk = (called.body.ticket as unknown as TicketView).staff!.comeback;
  const served = await desk(url, shop.cookies.advisor, 'desk-1', 'serve');
  expect(served.status).toBe(200);
  const job = await shop.api<JobView>('GET', `/api/jobs/${served.body.jobId}`, { as: 'advisor' });
  return { atDesk, job: job.body };
}

beforeAll(async () => {
  shop = await openShop();
  expect((await desk(shop.hub.httpUrl, shop.cookies.advisor, 'desk-1', 'open')).status).toBe(200);
}, 60_000);
afterAll(() => shop?.stop());

describe('a car back within the comeback window', () => {
  let brakes: { atDesk: ComebackTag | null; job: JobView };
  let original: string;

  it('is flagged on the ticket the advisor calls, and its job is tagged for quality review', async () => {
    original = earlierJob('B007', '粤B1C001', ['brake-pads', 'oil-change'], 10);
    brakes = await visit('粤B1C001', ['brake-pads']);
    const expected = {
      originalJobId: original,
      originalCode: 'B007',
      originalServices: ['brake-pads', 'oil-change'],
      days: 10,
      windowDays: 30,
      services: ['brake-pads'],
    };
    expect(brakes.atDesk).toMatchObject(expected);
    expect(brakes.job.comeback).toMatchObject(expected);
    // The handover time is the delivered event's, so the desk can say "delivered on …".
    expect(brakes.job.comeback!.originalAt).toBeGreaterThan(Date.now() - 10 * DAY - 60_000);
  });

  it('counts a complaint (diagnosis) after any grouped service, and nothing else', async () => {
    earlierJob('A020', '粤B2C002', ['ac-service'], 3);
    expect((await visit('粤B2C002', ['diagnosis'])).job.comeback).toMatchObject({ days: 3, services: ['diagnosis'] });
    // Too long ago, an unrelated service, or an earlier visit that was cancelled: no comeback.
    earlierJob('A021', '粤B3C003', ['brake-pads'], 40);
    earlierJob('A022', '粤B4C004', ['oil-change'], 5);
    earlierJob('A023', '粤B5C005', ['brake-pads'], 5, 'cancelled');
    for (const [plate, services] of [
      ['粤B3C003', ['brake-pads']],
      ['粤B4C004', ['tyre-rotation']],
      ['粤B5C005', ['brake-pads']],
    ] as const) {
      const v = await visit(plate, [...services]);
      expect(v.atDesk, plate).toBeNull();
      expect(v.job.comeback, plate).toBeNull();
    }
  });

  it('can be listed alone, and is the comeback the KPIs count', async () => {
    const all = await shop.api<{ jobs: JobView[] }>('GET', '/api/jobs', { as: 'advisor' });
    expect(all.body.jobs.length).toBe(5);
    const tagged = await shop.api<{ jobs: JobView[] }>('GET', '/api/jobs?review=comeback', { as: 'advisor' });
    expect(tagged.body.jobs.map((j) => j.vehicle.plate).sort()).toEqual(['粤B1C001', '粤B2C002']);
    const today = periodKey(Date.now(), 'day', -new Date().getTimezoneOffset());
    const kpi = await shop.api<{ comebacks: { jobId: string; originalJobId: string }[] }>(
      'GET',
      `${kpiPaths.comebacks}?from=${today}&to=${today}`,
      { as: 'manager' },
    );
    expect(kpi.body.comebacks.map((c) => c.jobId).sort()).toEqual(tagged.body.jobs.map((j) => j.id).sort());
    expect(kpi.body.comebacks.find((c) => c.jobId === brakes.job.id)?.originalJobId).toBe(original);
  });
});

describe('the comeback window', () => {
  it('is the shop’s setting, for the flag and the KPIs alike', async () => {
    const narrow = await openShop({ env: { GLASSBAY_COMEBACK_DAYS: '7' } });
    const prev = shop;
    shop = narrow;
    try {
      expect((await desk(shop.hub.httpUrl, shop.cookies.advisor, 'desk-1', 'open')).status).toBe(200);
      earlierJob('C001', '粤B6C006', ['brake-pads'], 10);
      expect((await visit('粤B6C006', ['brake-pads'])).job.comeback).toBeNull();
      earlierJob('C002', '粤B7C007', ['brake-pads'], 6);
      const v = await visit('粤B7C007', ['brake-pads']);
      expect(v.job.comeback).toMatchObject({ days: 6, windowDays: 7 });
      const today = periodKey(Date.now(), 'day', -new Date().getTimezoneOffset());
      const kpi = await shop.api<{ comebacks: { jobId: string }[] }>(
        'GET',
        `${kpiPaths.comebacks}?from=${today}&to=${today}`,
        { as: 'manager' },
      );
      expect(kpi.body.comebacks.map((c) => c.jobId)).toEqual([v.job.id]);
    } finally {
      shop = prev;
      await narrow.stop();
    }
  }, 60_000);
});

describe('the seeded history (the demo, the KPI tests)', () => {
  it('tags each comeback it writes as the check-in would have', () => {
    const { db } = openDb(join(mkdtempSync(join(tmpdir(), 'glassbay-seed-')), 'glassbay.db'));
    try {
      const tz = -new Date().getTimezoneOffset();
      const truth = seedShop(db, {
        startDay: addDays(periodKey(Date.now(), 'day', tz), -30, tz),
        days: 28,
        tzOffsetMin: tz,
        bays: 2,
        ticketsPerDay: 10,
        jobsPerDay: 6,
        technicians: 2,
        cornerCutter: 'tech-02',
        comebackShare: 0.2,
        servicesPerJob: [2, 3],
      });
      const tagged = db.prepare(`SELECT id, comeback FROM jobs WHERE comeback IS NOT NULL ORDER BY id`).all() as {
        id: number;
        comeback: string;
      }[];
      expect(truth.comebacks.length).toBeGreaterThan(0);
      expect(tagged.map((t) => [String(t.id), (JSON.parse(t.comeback) as ComebackTag).originalJobId])).toEqual(
        truth.comebacks.map((c) => [c.jobId, c.originalJobId]).sort((a, b) => Number(a[0]) - Number(b[0])),
      );
    } finally {
      db.close();
    }
  });
});
