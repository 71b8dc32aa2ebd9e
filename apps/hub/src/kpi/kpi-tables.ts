// Each KPI's rows as a flat table (columns and cells): the JSON table and the CSV share it, so an
// export is exactly what the console showed.
import type { KpiTable } from '@glassbay/protocol';
import type {
  Comeback,
  DurationRow,
  LeadTimeRow,
  OnTimeRow,
  RateRow,
  SatisfactionRow,
  StepRateRow,
  UtilisationRow,
} from '../domain/kpi.ts';

type Cell = string | number | null;
export type Grid = Pick<KpiTable, 'columns' | 'rows'>;

/** Four decimals: enough for a rate's tenth of a percent and a duration's second. */
const r4 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10_000) / 10_000);
const list = (ids: readonly string[]) => ids.join(' ');
const SLICE = ['period', 'by', 'key'];
const slice = (r: { period: string; by: string; key: string }): Cell[] => [r.period, r.by, r.key];

export const durationGrid = (rows: DurationRow[]): Grid => ({
  columns: [...SLICE, 'n', 'mean_min', 'median_min', 'p90_min', 'max_min'],
  rows: rows.map((r) => [...slice(r), r.n, r4(r.mean), r4(r.median), r4(r.p90), r4(r.max)]),
});

export const rateGrid = (rows: RateRow[], what: string): Grid => ({
  columns: [...SLICE, 'n', what, 'rate', `${what}_ids`],
  rows: rows.map((r) => [...slice(r), r.n, r.k, r4(r.rate), list(r.ids)]),
});

export const leadTimeGrid = (rows: LeadTimeRow[]): Grid => ({
  columns: [
    ...SLICE,
    'n',
    'checkin_to_ready_mean_min',
    'checkin_to_ready_median_min',
    'checkin_to_ready_p90_min',
    'delivered_n',
    'ready_to_delivered_mean_min',
    'ready_to_delivered_median_min',
  ],
  rows: rows.map((r) => [
    ...slice(r),
    r.checkinToReady.n,
    r4(r.checkinToReady.mean),
    r4(r.checkinToReady.median),
    r4(r.checkinToReady.p90),
    r.readyToDelivered.n,
    r4(r.readyToDelivered.mean),
    r4(r.readyToDelivered.median),
  ]),
});

export const onTimeGrid = (rows: OnTimeRow[]): Grid => ({
  columns: [
    ...SLICE,
    'n',
    'on_time',
    'on_time_rate',
    'within_15_min',
    'within_15_min_rate',
    'eta_error_mean_min',
    'eta_error_mean_abs_min',
    'late_job_ids',
  ],
  rows: rows.map((r) => [
    ...slice(r),
    r.n,
    r.onTime,
    r4(r.onTimeRate),
    r.withinWindow,
    r4(r.withinWindowRate),
    r4(r.etaErrorMean),
    r4(r.etaErrorMeanAbs),
    list(r.ids),
  ]),
});

export const satisfactionGrid = (rows: SatisfactionRow[]): Grid => ({
  columns: [...SLICE, 'n', 'mean_stars', 'stars_1', 'stars_2', 'stars_3', 'stars_4', 'stars_5', 'low_ratings'],
  rows: rows.map((r) => [
    ...slice(r),
    r.n,
    r4(r.mean),
    ...r.distribution,
    r.low.map((l) => `#${l.jobId} ${l.stars}★ ${l.comment ?? ''}`.trim()).join(' | '),
  ]),
});

export const stepRateGrid = (rows: StepRateRow[]): Grid => ({
  columns: [...SLICE, 'n', 'short', 'overrun', 'short_rate', 'overrun_rate', 'short_job_ids'],
  rows: rows.map((r) => [...slice(r), r.n, r.short, r.overrun, r4(r.shortRate), r4(r.overrunRate), list(r.ids)]),
});

export const comebackGrid = (rows: Comeback[]): Grid => ({
  columns: ['job_id', 'original_job_id', 'plate', 'days', 'services'],
  rows: rows.map((c) => [c.jobId, c.originalJobId, c.plate, r4(c.days), c.services.join(' ')]),
});

export const utilisationGrid = (rows: UtilisationRow[]): Grid => ({
  columns: [...SLICE, 'open_min', 'occupied_min', 'utilisation'],
  rows: rows.map((r) => [...slice(r), r4(r.openMinutes), r4(r.occupiedMinutes), r4(r.utilisation)]),
});

/**
 * RFC 4180 CSV with a UTF-8 byte-order mark (Excel then reads the Chinese). A text cell starting
 * with = + - @ is prefixed with ' so a spreadsheet shows a customer's comment instead of running it.
 */
export function toCsv(grid: Grid): string {
  const cell = (c: Cell): string => {
    if (c === null) return '';
    if (typeof c === 'number') return String(c);
    const safe = /^[=+\-@\t\r]/.test(c) ? `'${c}` : c;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return '\uFEFF' + [grid.columns, ...grid.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
