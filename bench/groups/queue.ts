// Issue #3's measure of the wait estimates: replay simulated service-centre days (bench/queue/day.ts)
// against the hub's real queue services and SQLite store on a simulated clock, and compare the wait
// each customer was told at the kiosk with the wait they had until a desk called them.
// Environment: BENCH_QUEUE_DAYS (days replayed, default 5), BENCH_QUEUE_SEED (default 1).
import { target, type BenchGroup } from '../figures.ts';
import { covered, errorsOf, simulate } from '../queue/sim.ts';
import { percentile, round } from '../stats.ts';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}=${JSON.stringify(raw)} must be a positive whole number`);
  return n;
}

export const run: BenchGroup = async ({ log }) => {
  const days = envInt('BENCH_QUEUE_DAYS', 5);
  const seed = envInt('BENCH_QUEUE_SEED', 1);
  log(`replaying ${days} simulated day(s), seed ${seed}`);
  const { outcomes, tickets } = simulate(days, seed);
  const errors = errorsOf(outcomes).sort((a, b) => a - b);
  const naive = outcomes.map((o) => Math.abs(o.actualMin - o.naiveMin)).sort((a, b) => a - b);
  const judged = outcomes.map(covered).filter((c): c is boolean => c !== null);
  const waits = outcomes.map((o) => o.actualMin).sort((a, b) => a - b);
  const ranges = outcomes.flatMap((o) => (o.told.kind === 'range' ? [o.told.highMin - o.told.lowMin] : []));
  ranges.sort((a, b) => a - b);
  return {
    eta_error_median_min: { value: round(percentile(errors, 50), 1), unit: 'min' },
    eta_error_p90_min: { value: round(percentile(errors, 90), 1), unit: 'min', target: target('<=', 8) },
    eta_range_coverage_pct: {
      value: round((100 * judged.filter(Boolean).length) / Math.max(1, judged.length), 1),
      unit: '%',
      note: 'share of called tickets whose actual wait fell inside the range they were told ("now": within 5 min)',
    },
    eta_range_width_median_min: { value: percentile(ranges, 50), unit: 'min' },
    eta_unknown: {
      value: outcomes.length - judged.length,
      unit: 'tickets',
      note: 'told "unknown" because no desk of their lane was open',
    },
    naive_error_median_min: {
      value: round(percentile(naive, 50), 1),
      unit: 'min',
      note: 'the same days told "position × the lane’s standard minutes", for comparison',
    },
    naive_error_p90_min: { value: round(percentile(naive, 90), 1), unit: 'min' },
    wait_median_min: { value: round(percentile(waits, 50), 1), unit: 'min' },
    wait_p90_min: { value: round(percentile(waits, 90), 1), unit: 'min' },
    tickets: { value: tickets, unit: 'tickets' },
    called: { value: outcomes.length, unit: 'tickets' },
    days: { value: days, unit: 'days' },
  };
};
