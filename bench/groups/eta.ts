// Issue #17's measure of the job ETA: simulated workshop days (bench/eta/) played against the hub's
// real jobs and wristbands services and SQLite store on a simulated clock. Each car's ready time is
// compared with the ETA its customer was shown at check-in and when half of its time had passed,
// for the learned model the hub runs and for today's fixed-allowance model in the same run.
// Environment: BENCH_ETA_DAYS (days played, default 5), BENCH_ETA_SEED (default 1), BENCH_ETA_DEBUG
// (print each car: how late it was against what was shown at check-in and at halfway), BENCH_ETA_TRACE
// (a car's check-in time as printed, e.g. 03-03T04:11: every minute it was shown).
import type { BenchGroup } from '../figures.ts';
import { target } from '../figures.ts';
import { simulate, type JobOutcome, type Seen } from '../eta/sim.ts';
import { percentile, round } from '../stats.ts';

const MIN = 60_000;

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}=${JSON.stringify(raw)} must be a positive whole number`);
  return n;
}

/** What was shown at check-in, and at the first look once half the car's time had passed. */
function moments(o: JobOutcome): { checkin: Seen; halfway: Seen } {
  const half = o.checkedInAt + (o.readyAt - o.checkedInAt) / 2;
  const halfway = o.samples.find((s) => s.at >= half) ?? o.samples.at(-1)!;
  return { checkin: o.samples[0]!, halfway };
}

const pct = (xs: number[], p: number) =>
  round(
    percentile(
      xs.slice().sort((a, b) => a - b),
      p,
    ),
    1,
  );
const err = (s: Seen, readyAt: number, which: 'eta' | 'legacy') => Math.abs(readyAt - s[which]) / MIN;
const inside = (s: Seen, readyAt: number) => readyAt >= s.low && readyAt <= s.high;

export const run: BenchGroup = async ({ log }) => {
  const days = envInt('BENCH_ETA_DAYS', 5);
  const seed = envInt('BENCH_ETA_SEED', 1);
  log(`playing ${days} simulated workshop day(s), seed ${seed}`);
  const outcomes = simulate(days, seed, log);
  const at = outcomes.map((o) => ({ o, ...moments(o) }));
  const checkin = at.map((x) => err(x.checkin, x.o.readyAt, 'eta'));
  const halfway = at.map((x) => err(x.halfway, x.o.readyAt, 'eta'));
  const legacyCheckin = at.map((x) => err(x.checkin, x.o.readyAt, 'legacy'));
  const legacyHalfway = at.map((x) => err(x.halfway, x.o.readyAt, 'legacy'));
  const covered = at.flatMap((x) => [inside(x.checkin, x.o.readyAt), inside(x.halfway, x.o.readyAt)]);
  const widths = at.flatMap((x) => [x.checkin, x.halfway].map((s) => (s.high - s.low) / MIN));
  if (process.env.BENCH_ETA_DEBUG)
    for (const x of at) {
      const signed = (s: Seen) => round((x.o.readyAt - s.eta) / MIN, 1);
      log(
        `car ${new Date(x.o.checkedInAt).toISOString().slice(5, 16)} ${x.o.services.join('+')}${x.o.paused ? ' PAUSED' : ''}: ` +
          `took ${round((x.o.readyAt - x.o.checkedInAt) / MIN)} min; late vs check-in ${signed(x.checkin)}, ` +
          `vs halfway ${signed(x.halfway)} (${x.halfway.stage}${x.halfway.idleMin !== null ? ` idle ${round(x.halfway.idleMin)} min` : ''}, range ${round((x.halfway.low - x.halfway.at) / MIN)}–${round((x.halfway.high - x.halfway.at) / MIN)} min)`,
      );
    }
  const traced = process.env.BENCH_ETA_TRACE;
  if (traced)
    for (const x of at.filter((y) => new Date(y.o.checkedInAt).toISOString().includes(traced)))
      for (const s of x.o.samples)
        log(
          `  +${round((s.at - x.o.checkedInAt) / MIN)} ${s.stage}${s.idleMin !== null ? ' idle' : ''}: ` +
            `shown ready in ${round((s.eta - s.at) / MIN)}, really ${round((x.o.readyAt - s.at) / MIN)}`,
        );
  const totals = outcomes.map((o) => (o.readyAt - o.checkedInAt) / MIN);
  const legacyNote = "today's model (fixed stage allowances, the menu's minutes, overrun as delay), same cars";
  return {
    checkin_error_median_min: { value: pct(checkin, 50), unit: 'min', target: target('<=', 10) },
    checkin_error_p90_min: { value: pct(checkin, 90), unit: 'min', target: target('<=', 25) },
    halfway_error_median_min: { value: pct(halfway, 50), unit: 'min', target: target('<=', 4) },
    halfway_error_p90_min: { value: pct(halfway, 90), unit: 'min', target: target('<=', 10) },
    range_coverage_pct: {
      value: round((100 * covered.filter(Boolean).length) / Math.max(1, covered.length), 1),
      unit: '%',
      target: target('>=', 80),
      note: 'share of actual ready times inside the range shown, at check-in and at halfway',
    },
    range_width_median_min: { value: pct(widths, 50), unit: 'min' },
    legacy_checkin_error_median_min: { value: pct(legacyCheckin, 50), unit: 'min', note: legacyNote },
    legacy_checkin_error_p90_min: { value: pct(legacyCheckin, 90), unit: 'min' },
    legacy_halfway_error_median_min: { value: pct(legacyHalfway, 50), unit: 'min' },
    legacy_halfway_error_p90_min: { value: pct(legacyHalfway, 90), unit: 'min' },
    job_time_median_min: { value: pct(totals, 50), unit: 'min', note: 'check-in to ready: how busy the days were' },
    job_time_p90_min: { value: pct(totals, 90), unit: 'min' },
    jobs: { value: outcomes.length, unit: 'jobs' },
    days: { value: days, unit: 'days' },
  };
};
