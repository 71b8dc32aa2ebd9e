// The KPI service: turns a request's days into the store's time ranges, loads what one table or
// chart needs, and hands the rows to the pure domain. The dashboard is in kpi-dashboard.ts.
import {
  kpiTableDimensions,
  type ControlChartView,
  type KpiChartId,
  type KpiDimension,
  type KpiPeriod,
  type KpiTable,
  type KpiTableId,
} from '@glassbay/protocol';
import type { ControlChart } from '../domain/control-charts.ts';
import {
  bayUtilisation,
  bookingNoShowRate,
  comebackRate,
  deskTime,
  findComebacks,
  leadTimes,
  noShowRate,
  onTime,
  satisfaction,
  stepRates,
  walkInWait,
  type Comeback,
  type JobDimension,
  type StepDimension,
  type TicketDimension,
} from '../domain/kpi.ts';
import { addDays, dayFromKey, dayKeys, periodKey, type OpeningHours } from '../domain/kpi-time.ts';
import { AppError } from '../domain/errors.ts';
import type { KpiRepository } from './kpi.repository.ts';
import * as charts from './kpi-charts.ts';
import * as grid from './kpi-tables.ts';

const DAY = 86_400_000;
/** How far before a range a job may have been checked in and still be ready or rated in it. */
const JOB_LOOKBACK = 7 * DAY;
export const MAX_RANGE_DAYS = 366;
export const BASELINE_DAYS = 28;

export interface KpiSettings {
  tzOffsetMin: number;
  hours: OpeningHours;
}

export interface TableQuery {
  from: string;
  to: string;
  period: KpiPeriod;
  by: KpiDimension;
  comebackDays: number;
}

export function createKpiService(deps: { repo: KpiRepository; settings: KpiSettings }) {
  const { repo } = deps;
  const tz = deps.settings.tzOffsetMin;

  /** [from 00:00, the day after to 00:00) in epoch ms, checked. */
  function range(from: string, to: string) {
    const a = dayFromKey(from, tz);
    const b = dayFromKey(to, tz) + DAY;
    if (!Number.isFinite(a) || !Number.isFinite(b) || b <= a)
      throw new AppError(400, 'KPI_RANGE', `the range ${from} … ${to} is empty: "to" must not be before "from"`);
    if (b - a > MAX_RANGE_DAYS * DAY)
      throw new AppError(400, 'KPI_RANGE', `ask for at most ${MAX_RANGE_DAYS} days at a time`);
    return { a, b };
  }

  /** Cars back within `days` for a related service, checked in during [from, to]. */
  function comebacksIn(from: string, to: string, days: number): Comeback[] {
    const { a, b } = range(from, to);
    const all = repo.jobs(a - (days + 7) * DAY, b);
    const returned = new Map(all.map((j) => [j.id, j.createdAt]));
    return findComebacks(all, days).filter((c) => returned.get(c.jobId)! >= a);
  }

  function table(id: KpiTableId, q: TableQuery, now: number): KpiTable {
    if (!kpiTableDimensions[id].includes(q.by))
      throw new AppError(
        400,
        'KPI_DIMENSION',
        `${id} can be sliced by ${kpiTableDimensions[id].join(', ')}, not by ${q.by}`,
      );
    const { a, b } = range(q.from, q.to);
    const o = { period: q.period, by: q.by, tzOffsetMin: tz };
    // Rows whose period overlaps the range (a job ready today may have been checked in last week).
    const first = periodKey(a, q.period, tz);
    const last = periodKey(b - 1, q.period, tz);
    const within = <T extends { period: string }>(rows: T[]) =>
      rows.filter((r) => r.period >= first && r.period <= last);
    const jobs = () => repo.jobs(a - JOB_LOOKBACK, b);
    const withComebacks = () => {
      const all = repo.jobs(a - (q.comebackDays + 7) * DAY, b + q.comebackDays * DAY);
      return { all, comebacks: findComebacks(all, q.comebackDays) };
    };
    const built = ((): grid.Grid => {
      switch (id) {
        case 'walk-in-wait':
          return grid.durationGrid(walkInWait(repo.tickets(a, b), o as typeof o & { by: TicketDimension }));
        case 'desk-time':
          return grid.durationGrid(deskTime(repo.tickets(a, b), o as typeof o & { by: TicketDimension }));
        case 'no-show':
          return grid.rateGrid(noShowRate(repo.tickets(a, b), o as typeof o & { by: TicketDimension }), 'no_shows');
        case 'booking-no-show':
          return grid.rateGrid(
            bookingNoShowRate(repo.bookings(a, b), now, o as typeof o & { by: TicketDimension }),
            'no_shows',
          );
        case 'lead-time':
          return grid.leadTimeGrid(within(leadTimes(jobs(), o as typeof o & { by: JobDimension })));
        case 'on-time':
          return grid.onTimeGrid(within(onTime(jobs(), o as typeof o & { by: JobDimension })));
        case 'satisfaction':
          return grid.satisfactionGrid(within(satisfaction(jobs(), o as typeof o & { by: JobDimension })));
        case 'step-rates':
          return grid.stepRateGrid(
            stepRates(repo.stepTallies(a, b, q.by as StepDimension, tz), o as typeof o & { by: StepDimension }),
          );
        case 'comeback-rate': {
          const { all, comebacks } = withComebacks();
          return grid.rateGrid(within(comebackRate(all, comebacks, o as typeof o & { by: JobDimension })), 'comebacks');
        }
        case 'comebacks':
          return grid.comebackGrid(comebacksIn(q.from, q.to, q.comebackDays));
        case 'utilisation':
          return grid.utilisationGrid(
            bayUtilisation(
              repo.occupancy(a, b),
              repo.bayIds(),
              { from: a, to: b, now },
              deps.settings.hours,
              o as typeof o & { by: 'all' | 'bay' },
            ),
          );
      }
    })();
    return { table: id, period: q.period, by: q.by, from: q.from, to: q.to, ...built };
  }

  /** Daily control chart over [from, to]; limits from the baseline days (default: the 28 before). */
  function chart(
    id: KpiChartId,
    q: {
      from: string;
      to: string;
      baselineFrom?: string | undefined;
      baselineTo?: string | undefined;
      step?: string | undefined;
      comebackDays: number;
    },
    now: number,
  ): ControlChartView {
    range(q.from, q.to);
    const baseline = {
      from: q.baselineFrom ?? addDays(q.from, -BASELINE_DAYS, tz),
      to: q.baselineTo ?? addDays(q.from, -1, tz),
    };
    range(baseline.from, baseline.to);
    const span = [baseline.from, q.from].sort()[0]!;
    const end = [baseline.to, q.to].sort()[1]!;
    const a = dayFromKey(span, tz);
    const b = dayFromKey(end, tz) + DAY;
    const days = dayKeys(span, end, tz);
    const isBaseline = (label: string) => label >= baseline.from && label <= baseline.to;
    let step: string | null = null;
    const c = ((): ControlChart => {
      switch (id) {
        case 'lead-time':
          return charts.leadTimeChart(repo.jobs(a, b), days, isBaseline, tz);
        case 'walk-in-wait':
          return charts.waitChart(repo.ticketDays(a, b, tz), days, isBaseline, tz);
        case 'step-duration':
          // By default the step most timed in the range's last week (a year's scan would cost more).
          step = q.step ?? repo.stepCodes(Math.max(a, b - 7 * DAY), b)[0] ?? null;
          return charts.stepDurationChart(step === null ? [] : repo.stepMoments(step, a, b, tz), days, isBaseline, tz);
        case 'short-steps':
          return charts.shortStepChart(repo.stepTallies(a, b, 'all', tz), days, isBaseline, tz);
        case 'on-time':
          return charts.onTimeChart(repo.jobs(a - JOB_LOOKBACK, b), days, isBaseline, tz);
        case 'comebacks': {
          const all = repo.jobs(a - (q.comebackDays + 7) * DAY, Math.min(now, b + q.comebackDays * DAY));
          return charts.comebackChart(all, findComebacks(all, q.comebackDays), days, isBaseline, tz);
        }
      }
    })();
    const shown = new Set(dayKeys(q.from, q.to, tz));
    return {
      id,
      kind: c.kind,
      step,
      centre: c.centre,
      sigma: c.sigma,
      baseline: { ...baseline, points: c.baselinePoints },
      points: c.points.filter((p) => shown.has(p.label)),
    };
  }

  return { table, chart, comebacksIn };
}
export type KpiService = ReturnType<typeof createKpiService>;
