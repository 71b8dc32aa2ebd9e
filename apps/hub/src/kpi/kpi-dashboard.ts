// The manager's dashboard of one day: each KPI's value that day against its baseline (the 28 days
// before the sparkline), a 30-day sparkline, four control charts, the day's comebacks and low
// ratings, and each technician's short and overrun rates. Everything comes from one load of the
// store per kind of row; the charts reuse those rows.
import type { ControlChartView, KpiDashboard, KpiFigure, KpiFigureId } from '@glassbay/protocol';
import type { ControlChart } from '../domain/control-charts.ts';
import {
  bayUtilisation,
  comebackRate,
  findComebacks,
  leadTimes,
  MIN,
  onTime,
  satisfaction,
  stepRates,
} from '../domain/kpi.ts';
import { addDays, dayFromKey, dayKeys, periodKey } from '../domain/kpi-time.ts';
import * as charts from './kpi-charts.ts';
import type { KpiRepository } from './kpi.repository.ts';
import { BASELINE_DAYS, type KpiSettings } from './kpi.service.ts';

const DAY = 86_400_000;
export const SPARK_DAYS = 30;

/** A day's figure as a sum and a count, so days add up to a baseline (a mean of days would not). */
type Part = { num: number; den: number };

export function createKpiDashboard(deps: { repo: KpiRepository; settings: KpiSettings }) {
  const { repo } = deps;
  const tz = deps.settings.tzOffsetMin;

  return function dashboard(day: string, comebackDays: number, now: number): KpiDashboard {
    const days = dayKeys(addDays(day, 1 - SPARK_DAYS, tz), day, tz);
    const baseline = { from: addDays(days[0]!, -BASELINE_DAYS, tz), to: addDays(days[0]!, -1, tz) };
    const baseDays = dayKeys(baseline.from, baseline.to, tz);
    const allDays = [...baseDays, ...days];
    const a = dayFromKey(baseline.from, tz);
    const b = dayFromKey(day, tz) + DAY;
    const o = { period: 'day' as const, by: 'all' as const, tzOffsetMin: tz };

    const ticketDays = repo.ticketDays(a, b, tz).map((r) => ({ ...r, period: periodKey(r.at, 'day', tz) }));
    // Jobs from a week before the baseline (ready or rated in it), and far enough back to find the
    // originals of the day's comebacks.
    const jobs = repo.jobs(Math.min(a, b - DAY - comebackDays * DAY) - 7 * DAY, b);
    const comebacks = findComebacks(jobs, comebackDays);
    const tallies = repo.stepTallies(a, b, 'all', tz);
    const steps = stepRates(tallies, o);

    const figures: KpiFigure[] = [];
    const add = <R extends { period: string }>(
      id: KpiFigureId,
      unit: KpiFigure['unit'],
      better: KpiFigure['better'],
      rows: R[],
      part: (r: R) => Part,
    ) => {
      const byDay = new Map(rows.map((r) => [r.period, part(r)]));
      const of = (d: string) => {
        const p = byDay.get(d);
        return p && p.den > 0 ? p.num / p.den : null;
      };
      const base = baseDays.reduce(
        (s, d) => {
          const p = byDay.get(d);
          return p ? { num: s.num + p.num, den: s.den + p.den } : s;
        },
        { num: 0, den: 0 },
      );
      figures.push({
        id,
        unit,
        better,
        value: of(day),
        n: byDay.get(day)?.den ?? 0,
        baseline: base.den > 0 ? base.num / base.den : null,
        spark: days.map(of),
      });
    };
    const mean = (r: { n: number; mean: number | null }) => ({ num: (r.mean ?? 0) * r.n, den: r.n });
    const share = (k: number, n: number) => ({ num: k, den: n });

    add('walk-in-wait', 'min', 'lower', ticketDays, (r) => ({ num: r.wait.sumMs / MIN, den: r.wait.n }));
    add('desk-time', 'min', 'lower', ticketDays, (r) => ({ num: r.desk.sumMs / MIN, den: r.desk.n }));
    add('lead-time', 'min', 'lower', leadTimes(jobs, o), (r) => mean(r.checkinToReady));
    const onTimeRows = onTime(jobs, o);
    add('on-time', 'share', 'higher', onTimeRows, (r) => share(r.onTime, r.n));
    add('within-window', 'share', 'higher', onTimeRows, (r) => share(r.withinWindow, r.n));
    add('eta-error', 'min', 'lower', onTimeRows, (r) => ({ num: (r.etaErrorMeanAbs ?? 0) * r.n, den: r.n }));
    const rated = satisfaction(jobs, o);
    add('satisfaction', 'stars', 'higher', rated, mean);
    add('short-steps', 'share', 'lower', steps, (r) => share(r.short, r.n));
    add('overruns', 'share', 'lower', steps, (r) => share(r.overrun, r.n));
    add('comebacks', 'share', 'lower', comebackRate(jobs, comebacks, o), (r) => share(r.k, r.n));
    const use = bayUtilisation(repo.occupancy(a, b), repo.bayIds(), { from: a, to: b, now }, deps.settings.hours, o);
    add('utilisation', 'share', 'higher', use, (r) => ({ num: r.occupiedMinutes, den: r.openMinutes }));
    add('no-show', 'share', 'lower', ticketDays, (r) => share(r.noShow.k, r.noShow.n));

    const isBaseline = (label: string) => label >= baseline.from && label <= baseline.to;
    const view = (id: ControlChartView['id'], c: ControlChart): ControlChartView => ({
      id,
      kind: c.kind,
      step: null,
      centre: c.centre,
      sigma: c.sigma,
      baseline: { ...baseline, points: c.baselinePoints },
      points: c.points.filter((p) => p.label >= days[0]!),
    });
    const dayStart = dayFromKey(day, tz);
    const createdOn = new Map(jobs.map((j) => [j.id, j.createdAt]));
    const technicians = new Map<string, { n: number; short: number; overrun: number; ids: Set<string> }>();
    for (const t of repo.stepTallies(dayFromKey(days[0]!, tz), b, 'technician', tz)) {
      const key = t.key ?? '';
      const x = technicians.get(key) ?? { n: 0, short: 0, overrun: 0, ids: new Set<string>() };
      x.n += t.n;
      x.short += t.short;
      x.overrun += t.overrun;
      for (const id of t.shortJobIds) x.ids.add(id);
      technicians.set(key, x);
    }

    return {
      day,
      days,
      baseline,
      figures,
      charts: [
        view('lead-time', charts.leadTimeChart(jobs, allDays, isBaseline, tz)),
        view('short-steps', charts.shortStepChart(tallies, allDays, isBaseline, tz)),
        view('on-time', charts.onTimeChart(jobs, allDays, isBaseline, tz)),
        view('comebacks', charts.comebackChart(jobs, comebacks, allDays, isBaseline, tz)),
      ],
      comebacks: comebacks.filter((c) => (createdOn.get(c.jobId) ?? 0) >= dayStart),
      lowRatings: rated.find((r) => r.period === day)?.low ?? [],
      technicians: [...technicians]
        .map(([tech, x]) => ({
          tech,
          n: x.n,
          shortRate: x.n ? x.short / x.n : null,
          overrunRate: x.n ? x.overrun / x.n : null,
          ids: [...x.ids],
        }))
        .sort((p, q) => (q.shortRate ?? 0) - (p.shortRate ?? 0)),
    };
  };
}
