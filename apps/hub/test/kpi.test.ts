// The KPIs over a real hub and SQLite file: a week of a small shop written into the store as the hub
// would have (the seed returns what it wrote), then today's events through the hub's own API and a
// real MQTT bay sensor. The tables, charts, CSV and dashboard are read over HTTP as a manager.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  kpiBoardFigures,
  kpiPaths,
  type ControlChartView,
  type KpiBoard,
  type JobView,
  type KpiDashboard,
  type KpiTable,
} from '@glassbay/protocol';
import { addDays, periodKey } from '../src/domain/kpi-time.ts';
import { seedShop, type SeedTruth } from '../src/kpi/kpi.seed.ts';
import { openDb } from '../src/store/db.ts';
import { openShop, type Shop } from './jobs-helpers.ts';

// The hub judges days in its own local time; so does the test.
const TZ = -new Date().getTimezoneOffset();
const today = periodKey(Date.now(), 'day', TZ);
const first = addDays(today, -7, TZ);
const last = addDays(today, -1, TZ);

let shop: Shop;
let truth: SeedTruth;
const col = (t: KpiTable, name: string) => t.rows.map((r) => r[t.columns.indexOf(name)]);
const sum = (xs: unknown[]) => xs.reduce<number>((a, x) => a + Number(x), 0);

beforeAll(async () => {
  shop = await openShop({ bays: ['bay-1', 'bay-2', 'bay-3'] });
  // A second connection, as the CLI is: the hub's WAL lets both write.
  const { db } = openDb(join(shop.dataDir, 'glassbay.db'));
  truth = seedShop(db, {
    startDay: first,
    days: 7,
    tzOffsetMin: TZ,
    bays: 3,
    ticketsPerDay: 30,
    jobsPerDay: 8,
    technicians: 3,
    cornerCutter: 'tech-02',
    cornerCutterFrom: 4,
    comebackShare: 0.2,
    servicesPerJob: [2, 3],
  });
  db.close();
}, 60_000);
afterAll(() => shop?.stop());

const get = <T>(path: string, as: 'manager' | 'advisor' | null = 'manager') =>
  shop.api<T>('GET', path, as ? { as } : {});
const table = async (name: string, q: string) =>
  (await get<KpiTable>(`${kpiPaths.table.replace(':table', name)}?from=${first}&to=${last}&${q}`)).body;

describe('KPIs of a simulated week', () => {
  it('are for managers only', async () => {
    expect((await get(kpiPaths.dashboard, null)).status).toBe(401);
    const advisor = await get<{ error: { code: string } }>(kpiPaths.dashboard, 'advisor');
    expect(advisor.status).toBe(403);
    expect(advisor.body.error.code).toBe('ROLE_REQUIRED');
  });

  it('count every no-show, job and comeback the week had', async () => {
    const noShows = await table('no-show', 'period=day');
    expect(noShows.rows).toHaveLength(7);
    expect(sum(col(noShows, 'no_shows'))).toBe(truth.noShows);
    const leads = await table('lead-time', 'period=week');
    expect(sum(col(leads, 'n'))).toBe(truth.jobs);
    const comebacks = await table('comebacks', 'by=all');
    expect(comebacks.rows.map((r) => [r[0], r[1]]).sort()).toEqual(
      truth.comebacks.map((c) => [c.jobId, c.originalJobId]).sort(),
    );
    expect(truth.comebacks.length).toBeGreaterThan(0);
  });

  it('single out the technician who cuts corners', async () => {
    // The week may straddle two months: add up each technician's rows.
    const steps = await table('step-rates', 'period=month&by=technician');
    const of = (tech: string, c: string) =>
      sum(steps.rows.filter((r) => r[2] === tech).map((r) => r[steps.columns.indexOf(c)]));
    const rate = new Map(['tech-01', 'tech-02', 'tech-03'].map((t) => [t, of(t, 'short') / of(t, 'n')]));
    expect(of('tech-02', 'short')).toBe(truth.shortSteps.get('tech-02'));
    expect(rate.get('tech-02')).toBeGreaterThan(3 * Math.max(rate.get('tech-01')!, rate.get('tech-03')!));
  });

  it('refuse a slice a table does not have, and a backwards range', async () => {
    const bad = await get<{ error: { code: string } }>(
      `${kpiPaths.table.replace(':table', 'no-show')}?from=${first}&to=${last}&by=technician`,
    );
    expect([bad.status, bad.body.error.code]).toEqual([400, 'KPI_DIMENSION']);
    const back = await get<{ error: { code: string } }>(
      `${kpiPaths.table.replace(':table', 'no-show')}?from=${last}&to=${first}`,
    );
    expect([back.status, back.body.error.code]).toEqual([400, 'KPI_RANGE']);
  });

  it('export each table as the same rows in CSV', async () => {
    const json = await table('satisfaction', 'period=day');
    const res = await fetch(
      `${shop.hub.httpUrl}${kpiPaths.tableCsv.replace(':table', 'satisfaction')}?from=${first}&to=${last}`,
      {
        headers: { cookie: shop.cookies.manager },
      },
    );
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    // The byte-order mark first (fetch's text() would hide it), so a spreadsheet reads the Chinese.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('period,by,key,n,mean_stars')).toBe(true);
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(json.rows.length + 1);
    expect(lines[1]!.split(',').slice(0, 4)).toEqual(json.rows[0]!.slice(0, 4).map(String));
  });

  it('flag the days the short steps rose, each point opening the jobs with a short step', async () => {
    // Corner cutting starts on day 4: days 0–3 are the baseline, days 4–6 are charted.
    const chart = (
      await get<ControlChartView>(
        `${kpiPaths.chart.replace(':chart', 'short-steps')}?from=${addDays(first, 4, TZ)}&to=${last}&baselineFrom=${first}&baselineTo=${addDays(first, 3, TZ)}`,
      )
    ).body;
    expect(chart.baseline.points).toBe(4);
    expect(chart.points).toHaveLength(3);
    const flagged = chart.points.filter((p) => p.rules.includes(1));
    expect(flagged.length).toBeGreaterThan(0);
    const db = new Database(join(shop.dataDir, 'glassbay.db'), { readonly: true });
    const shortJobs = new Set(
      db
        .prepare<[], { job_id: number }>(`SELECT DISTINCT job_id FROM step_timings WHERE verdict = 'short'`)
        .all()
        .map((r) => String(r.job_id)),
    );
    db.close();
    for (const p of flagged) {
      expect(p.jobIds.length).toBeGreaterThan(0);
      for (const id of p.jobIds) expect(shortJobs.has(id)).toBe(true);
    }
    const opened = await get<JobView>(`/api/jobs/${flagged[0]!.jobIds[0]}`);
    expect(opened.status).toBe(200);
  });

  it('draw the dashboard of the last day against its baseline', async () => {
    const d = (await get<KpiDashboard>(`${kpiPaths.dashboard}?day=${last}`)).body;
    expect(d.days).toHaveLength(30);
    expect(d.days.at(-1)).toBe(last);
    const lead = d.figures.find((f) => f.id === 'lead-time')!;
    expect(lead.value).toBeGreaterThan(0);
    expect(lead.spark.filter((v) => v !== null)).toHaveLength(7);
    expect(d.technicians[0]!.tech).toBe('tech-02');
    // The ticket figures are summed in SQL; they must say what the tables (the domain) say.
    for (const [figure, name, column] of [
      ['walk-in-wait', 'walk-in-wait', 'mean_min'],
      ['desk-time', 'desk-time', 'mean_min'],
      ['no-show', 'no-show', 'rate'],
    ] as const) {
      const t = (await get<KpiTable>(`${kpiPaths.table.replace(':table', name)}?from=${last}&to=${last}`)).body;
      expect(d.figures.find((f) => f.id === figure)!.value, figure).toBeCloseTo(Number(col(t, column)[0]), 3);
    }
    const wait = (
      await get<ControlChartView>(`${kpiPaths.chart.replace(':chart', 'walk-in-wait')}?from=${first}&to=${last}`)
    ).body;
    const waits = (await get<KpiTable>(`${kpiPaths.table.replace(':table', 'walk-in-wait')}?from=${last}&to=${last}`))
      .body;
    expect(wait.points.at(-1)!.value).toBeCloseTo(Number(col(waits, 'mean_min')[0]), 3);
    expect(d.charts.map((c) => c.id)).toEqual(['lead-time', 'short-steps', 'on-time', 'comebacks']);
    const lastDayComebacks = truth.comebacks.filter((c) => d.comebacks.some((x) => x.jobId === c.jobId));
    expect(d.comebacks).toHaveLength(lastDayComebacks.length);
  });

  it('show the workshop TV the shop-wide figures only, without a login', async () => {
    const res = await fetch(`${shop.hub.httpUrl}${kpiPaths.board}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const board = JSON.parse(text) as KpiBoard;
    expect(board.figures.map((f) => f.id)).toEqual([...kpiBoardFigures]);
    expect(board.days).toHaveLength(30);
    // No technician, plate or comment reaches a public screen.
    expect(text).not.toMatch(/tech-|SEED|等太久了/);
  });
});

describe("today's events through the hub", () => {
  it('judge a job by the promise made at check-in, not by a later one', async () => {
    const created = await shop.api<{ job: JobView }>('POST', '/api/jobs', {
      as: 'advisor',
      body: { plate: '粤B12345', services: ['battery'], bayId: 'bay-1' },
    });
    expect(created.status).toBe(200);
    const job = created.body.job;
    const promised = job.promisedAt!;
    expect(promised).toBeGreaterThan(Date.now());
    // The advisor re-promises two hours later; the on-time rate still judges the first promise.
    const moved = await shop.api('PATCH', `/api/jobs/${job.id}`, {
      as: 'advisor',
      body: { promisedAt: promised + 7_200_000 },
    });
    expect(moved.status).toBe(200);
    for (const to of ['waiting', 'in-service', 'quality-check', 'ready'])
      expect((await shop.api('POST', `/api/jobs/${job.id}/stage`, { as: 'advisor', body: { to } })).status).toBe(200);
    const readyBy = Date.now();
    const onTime = (await get<KpiTable>(`${kpiPaths.table.replace(':table', 'on-time')}?from=${today}&to=${today}`))
      .body;
    expect(col(onTime, 'n')).toEqual([1]);
    expect(col(onTime, 'on_time')).toEqual([1]);
    const error = Number(col(onTime, 'eta_error_mean_min')[0]);
    expect(error).toBeLessThanOrEqual((readyBy - promised) / 60_000 + 0.001);
    expect(error).toBeGreaterThan((job.createdAt - promised) / 60_000);
  });

  it("record a car's stay on a bay from the bay sensor", async () => {
    await shop.sensors['bay-2']!.publish({ occupied: true });
    await new Promise((r) => setTimeout(r, 300));
    await shop.sensors['bay-2']!.publish({ occupied: false });
    const db = new Database(join(shop.dataDir, 'glassbay.db'), { readonly: true });
    const until = Date.now() + 5000;
    let rows: { from_at: number; to_at: number | null }[] = [];
    while (Date.now() < until) {
      rows = db
        .prepare<[], { from_at: number; to_at: number | null }>(
          `SELECT from_at, to_at FROM bay_occupancy WHERE bay_id = 'bay-2' AND from_at > ${Date.now() - 60_000}`,
        )
        .all();
      if (rows[0]?.to_at) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.to_at! - rows[0]!.from_at).toBeGreaterThanOrEqual(250);
  });
});
