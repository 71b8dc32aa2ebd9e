// The daily control charts, assembled from rows already loaded: every day of `days` is a point (an
// empty day a gap), and the baseline predicate picks the days the limits come from. Shared by the
// chart route and the dashboard, which loads its rows once for all its charts.
import { pChart, xbarChart, xbarChartOfMoments, type ControlChart } from '../domain/control-charts.ts';
import {
  comebackRate,
  MIN,
  onTime,
  stepRates,
  type Comeback,
  type KpiJob,
  type KpiStepTally,
  type RateRow,
} from '../domain/kpi.ts';
import { periodKey } from '../domain/kpi-time.ts';

type IsBaseline = (label: string) => boolean;

function valuesByDay(days: readonly string[]) {
  const groups = new Map<string, { values: number[]; jobIds: string[] }>(
    days.map((d) => [d, { values: [], jobIds: [] }]),
  );
  return {
    add: (day: string, value: number, jobId?: string) => {
      const g = groups.get(day);
      if (!g) return;
      g.values.push(value);
      if (jobId !== undefined) g.jobIds.push(jobId);
    },
    subgroups: () => days.map((d) => ({ label: d, ...groups.get(d)! })),
  };
}

function rateChart(
  rows: readonly { period: string; k: number; n: number; ids: string[] }[],
  days: readonly string[],
  isBaseline: IsBaseline,
) {
  const byDay = new Map(rows.map((r) => [r.period, r]));
  return pChart(
    days.map((d) => {
      const r = byDay.get(d);
      return { label: d, k: r?.k ?? 0, n: r?.n ?? 0, jobIds: r?.ids ?? [] };
    }),
    isBaseline,
  );
}

const day = (tz: number) => ({ period: 'day' as const, by: 'all' as const, tzOffsetMin: tz });

/** X-bar of each day's check-in → ready, by check-in day. */
export function leadTimeChart(
  jobs: readonly KpiJob[],
  days: readonly string[],
  isBaseline: IsBaseline,
  tz: number,
): ControlChart {
  const g = valuesByDay(days);
  for (const j of jobs)
    if (!j.cancelled && j.readyAt !== null)
      g.add(periodKey(j.createdAt, 'day', tz), (j.readyAt - j.createdAt) / MIN, j.id);
  return xbarChart(g.subgroups(), isBaseline);
}

/** X-bar of each day's walk-in waits, from the store's daily sums (a year is 300k tickets). */
export function waitChart(
  days: readonly { at: number; wait: { n: number; sumMs: number; sumSqMin: number } }[],
  labels: readonly string[],
  isBaseline: IsBaseline,
  tz: number,
): ControlChart {
  return stepDurationChart(
    days.map((d) => ({ at: d.at, n: d.wait.n, sum: d.wait.sumMs / MIN, sumSq: d.wait.sumSqMin, jobIds: [] })),
    labels,
    isBaseline,
    tz,
  );
}

/** X-bar of daily sums (one step's durations, the walk-in waits): count, sum and sum of squares. */
export function stepDurationChart(
  moments: readonly { at: number; n: number; sum: number; sumSq: number; jobIds: string[] }[],
  days: readonly string[],
  isBaseline: IsBaseline,
  tz: number,
): ControlChart {
  const byDay = new Map(moments.map((m) => [periodKey(m.at, 'day', tz), m]));
  return xbarChartOfMoments(
    days.map((d) => ({ label: d, ...(byDay.get(d) ?? { n: 0, sum: 0, sumSq: 0, jobIds: [] }) })),
    isBaseline,
  );
}

/** p-chart of the day's short steps out of the judged ones; a point opens the jobs with a short step. */
export function shortStepChart(
  tallies: readonly KpiStepTally[],
  days: readonly string[],
  isBaseline: IsBaseline,
  tz: number,
) {
  return rateChart(
    stepRates(tallies, day(tz)).map((r) => ({ period: r.period, k: r.short, n: r.n, ids: r.ids })),
    days,
    isBaseline,
  );
}

/** p-chart of the on-time share by ready day; a point opens the late jobs. */
export function onTimeChart(jobs: readonly KpiJob[], days: readonly string[], isBaseline: IsBaseline, tz: number) {
  return rateChart(
    onTime(jobs, day(tz)).map((r) => ({ period: r.period, k: r.onTime, n: r.n, ids: r.ids })),
    days,
    isBaseline,
  );
}

/** p-chart of comebacks by the original's handover day; a point opens the jobs that came back. */
export function comebackChart(
  jobs: readonly KpiJob[],
  comebacks: readonly Comeback[],
  days: readonly string[],
  isBaseline: IsBaseline,
  tz: number,
): ControlChart {
  const rows: RateRow[] = comebackRate(jobs, comebacks, day(tz));
  return rateChart(rows, days, isBaseline);
}
