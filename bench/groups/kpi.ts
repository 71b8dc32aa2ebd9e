// Issue #18's measure: the KPIs over a year of one busy shop. Writes the year into a fresh SQLite
// file with the store's own migrations (about 40 bays, ~30k jobs, ~1M step timings, ~300k tickets),
// then times, in process, what the console asks for: the dashboard of each day of the last month
// (all its queries and computing, serialised as the HTTP edge would), and each control chart over
// the whole year. HTTP adds the same few milliseconds to each and is measured by the other groups.
// Environment: BENCH_KPI_DAYS (default 365), BENCH_KPI_BAYS (40), BENCH_KPI_TICKETS_PER_DAY (820),
// BENCH_KPI_JOBS_PER_DAY (82), BENCH_KPI_ROUNDS (3: passes over the year's charts).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kpiCharts } from '@glassbay/protocol';
import { addDays, createKpiModule, dayKeys, openDb, seedShop } from '@glassbay/hub';
import { defer } from '../cleanup.ts';
import { target, type BenchGroup } from '../figures.ts';
import { percentile, round } from '../stats.ts';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${JSON.stringify(raw)} must be a whole number above 0`);
  return n;
}

const pct = (xs: number[], p: number) => round(percentile(Float64Array.from(xs).sort(), p), 1);

export const run: BenchGroup = async ({ log }) => {
  const days = envInt('BENCH_KPI_DAYS', 365);
  const bays = envInt('BENCH_KPI_BAYS', 40);
  const ticketsPerDay = envInt('BENCH_KPI_TICKETS_PER_DAY', 820);
  const jobsPerDay = envInt('BENCH_KPI_JOBS_PER_DAY', 82);
  const rounds = envInt('BENCH_KPI_ROUNDS', 3);
  const tz = 480; // a shop in China
  const dataDir = mkdtempSync(join(tmpdir(), 'glassbay-bench-kpi-'));
  const removeDir = defer(() => rmSync(dataDir, { recursive: true, force: true }));
  const file = join(dataDir, 'glassbay.db');
  try {
    const startDay = '2025-01-01';
    const lastDay = addDays(startDay, days - 1, tz);
    log(`writing ${days} days of a ${bays}-bay shop into ${file}`);
    let t0 = performance.now();
    const seeded = openDb(file).db;
    const truth = seedShop(seeded, {
      startDay,
      days,
      tzOffsetMin: tz,
      bays,
      ticketsPerDay,
      jobsPerDay,
      technicians: Math.max(3, Math.round(bays * 0.75)),
      cornerCutter: 'tech-07',
      cornerCutterFrom: Math.floor(days * 0.6),
      comebackShare: 0.03,
      servicesPerJob: [3, 3],
    });
    seeded.pragma('wal_checkpoint(TRUNCATE)');
    seeded.close();
    const generateS = (performance.now() - t0) / 1000;
    const sizeMb = statSync(file).size / 2 ** 20;
    log(
      `${truth.jobs} jobs, ${truth.steps} step timings, ${truth.tickets} tickets in ${round(generateS, 1)} s, ${round(sizeMb, 1)} MB`,
    );

    const { db } = openDb(file);
    const kpi = createKpiModule({ db }, { tzOffsetMin: tz });
    const now = Date.parse(`${addDays(lastDay, 1, tz)}T02:00:00Z`);
    // Wall time is what a manager waits; CPU time is the work itself. On a shared machine the first
    // includes waiting for a core, so both are reported.
    const cpu: Record<'dashboard' | 'year', number[]> = { dashboard: [], year: [] };
    const time = (f: () => unknown, kind?: 'dashboard' | 'year') => {
      t0 = performance.now();
      const c0 = process.cpuUsage();
      JSON.stringify(f());
      const c = process.cpuUsage(c0);
      if (kind) cpu[kind].push((c.user + c.system) / 1000);
      return performance.now() - t0;
    };

    // The dashboard of each day of the last month: every query it makes, and the computing.
    const month = dayKeys(addDays(lastDay, -29, tz), lastDay, tz);
    log(`the dashboard of each of ${month.length} days`);
    const dashboard = month.map((d) => time(() => kpi.dashboard(d, 30, now), 'dashboard'));

    // Each control chart over the whole year, its limits from the first eight weeks.
    log(`${kpiCharts.length} charts over ${days} days, ${rounds} rounds`);
    const year: number[] = [];
    const q = { from: startDay, to: lastDay, baselineFrom: startDay, baselineTo: addDays(startDay, 55, tz) };
    for (let r = 0; r < rounds; r++)
      for (const id of kpiCharts) year.push(time(() => kpi.service.chart(id, { ...q, comebackDays: 30 }, now), 'year'));
    const tables = ['lead-time', 'on-time', 'step-rates', 'utilisation'] as const;
    const yearTables = tables.map((t) =>
      time(() =>
        kpi.service.table(t, { from: startDay, to: lastDay, period: 'month', by: 'all', comebackDays: 30 }, now),
      ),
    );
    db.close();

    return {
      dashboard_p95_ms: {
        value: pct(dashboard, 95),
        unit: 'ms',
        target: target('<', 300),
        note: `${month.length} dashboards (each: 58 days of rows, 12 figures, 4 charts); p50 ${pct(dashboard, 50)} ms`,
      },
      year_p95_ms: {
        value: pct(year, 95),
        unit: 'ms',
        target: target('<', 1500),
        note: `${kpiCharts.join(', ')} over ${days} days, ${rounds} rounds`,
      },
      dashboard_cpu_p95_ms: { value: pct(cpu.dashboard, 95), unit: 'ms', note: 'CPU time of the same dashboards' },
      year_cpu_p95_ms: { value: pct(cpu.year, 95), unit: 'ms', note: 'CPU time of the same charts' },
      year_tables_max_ms: {
        value: round(Math.max(...yearTables), 1),
        unit: 'ms',
        note: `${tables.join(', ')} over ${days} days by month`,
      },
      db_mb: { value: round(sizeMb, 1), unit: 'MB' },
      generate_s: { value: round(generateS, 1), unit: 's' },
      jobs: { value: truth.jobs, unit: 'jobs' },
      step_timings: { value: truth.steps, unit: 'rows' },
      tickets: { value: truth.tickets, unit: 'rows' },
    };
  } finally {
    await removeDir();
  }
};
