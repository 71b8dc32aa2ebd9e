// The REST contract of the shop's KPIs (managers): the dashboard of a day against its baseline, every
// KPI table by period and dimension (JSON and CSV), the control charts with the jobs behind each
// point, and the comebacks. Days are the shop's local calendar days, YYYY-MM-DD.
import { z } from 'zod';
import { defineRoute } from './route.ts';

export const kpiTables = [
  'walk-in-wait',
  'desk-time',
  'no-show',
  'booking-no-show',
  'lead-time',
  'on-time',
  'satisfaction',
  'step-rates',
  'comeback-rate',
  'comebacks',
  'utilisation',
] as const;
export type KpiTableId = (typeof kpiTables)[number];

export const kpiPeriods = ['day', 'week', 'month'] as const;
export type KpiPeriod = (typeof kpiPeriods)[number];
export const kpiDimensions = ['all', 'lane', 'service', 'technician', 'bay', 'step'] as const;
export type KpiDimension = (typeof kpiDimensions)[number];

/** Which dimensions each table can be sliced by. */
export const kpiTableDimensions: Record<KpiTableId, readonly KpiDimension[]> = {
  'walk-in-wait': ['all', 'lane'],
  'desk-time': ['all', 'lane'],
  'no-show': ['all', 'lane'],
  'booking-no-show': ['all', 'lane'],
  'lead-time': ['all', 'lane', 'service', 'technician', 'bay'],
  'on-time': ['all', 'lane', 'service', 'technician', 'bay'],
  satisfaction: ['all', 'lane', 'service', 'technician', 'bay'],
  'step-rates': ['all', 'step', 'technician', 'bay', 'service'],
  'comeback-rate': ['all', 'lane', 'service', 'technician', 'bay'],
  comebacks: ['all'],
  utilisation: ['all', 'bay'],
};

export const kpiCharts = ['lead-time', 'walk-in-wait', 'step-duration', 'short-steps', 'on-time', 'comebacks'] as const;
export type KpiChartId = (typeof kpiCharts)[number];

export const kpiFigures = [
  'walk-in-wait',
  'desk-time',
  'lead-time',
  'on-time',
  'within-window',
  'eta-error',
  'satisfaction',
  'short-steps',
  'overruns',
  'comebacks',
  'utilisation',
  'no-show',
] as const;
export type KpiFigureId = (typeof kpiFigures)[number];

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD');
const Num = z.number().nullable();

export const KpiTableSchema = z.object({
  table: z.enum(kpiTables),
  period: z.enum(kpiPeriods),
  by: z.enum(kpiDimensions),
  from: Day,
  to: Day,
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
});
export type KpiTable = z.infer<typeof KpiTableSchema>;

export const ChartPointSchema = z.object({
  label: z.string(),
  value: Num,
  n: z.number(),
  ucl: Num,
  lcl: Num,
  z: Num,
  /** Western Electric rules the point breaks (1–4). */
  rules: z.array(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])),
  jobIds: z.array(z.string()),
});
export type ChartPointView = z.infer<typeof ChartPointSchema>;

export const ControlChartSchema = z.object({
  id: z.enum(kpiCharts),
  kind: z.enum(['individuals', 'xbar', 'p']),
  /** For step-duration: the step code charted. */
  step: z.string().nullable(),
  centre: Num,
  sigma: Num,
  baseline: z.object({ from: Day, to: Day, points: z.number() }),
  points: z.array(ChartPointSchema),
});
export type ControlChartView = z.infer<typeof ControlChartSchema>;

export const ComebackSchema = z.object({
  jobId: z.string(),
  originalJobId: z.string(),
  plate: z.string(),
  days: z.number(),
  services: z.array(z.string()),
});
export type ComebackView = z.infer<typeof ComebackSchema>;

export const KpiFigureSchema = z.object({
  id: z.enum(kpiFigures),
  unit: z.enum(['min', 'share', 'stars']),
  better: z.enum(['lower', 'higher']),
  /** The day's value and how many observations it rests on. */
  value: Num,
  n: z.number(),
  /** The same figure over the baseline days together. */
  baseline: Num,
  /** One value per day of `days`, oldest first, the day itself last. */
  spark: z.array(Num),
});
export type KpiFigure = z.infer<typeof KpiFigureSchema>;

export const KpiDashboardSchema = z.object({
  day: Day,
  days: z.array(Day),
  baseline: z.object({ from: Day, to: Day }),
  figures: z.array(KpiFigureSchema),
  charts: z.array(ControlChartSchema),
  comebacks: z.array(ComebackSchema),
  lowRatings: z.array(z.object({ jobId: z.string(), stars: z.number(), comment: z.string().nullable() })),
  /** Short and overrun rates per technician over the sparkline days. */
  technicians: z.array(
    z.object({ tech: z.string(), n: z.number(), shortRate: Num, overrunRate: Num, ids: z.array(z.string()) }),
  ),
});
export type KpiDashboard = z.infer<typeof KpiDashboardSchema>;

/** The figures the workshop TV shows: the shop's, fit for the public (no technician, no plate). */
export const kpiBoardFigures = [
  'on-time',
  'within-window',
  'satisfaction',
  'walk-in-wait',
  'lead-time',
  'comebacks',
  'utilisation',
] as const satisfies readonly KpiFigureId[];

export const KpiBoardSchema = z.object({
  day: Day,
  /** The last 30 days, the day itself last. */
  days: z.array(Day),
  figures: z.array(KpiFigureSchema.extend({ id: z.enum(kpiBoardFigures) })),
});
export type KpiBoard = z.infer<typeof KpiBoardSchema>;

const Range = z.object({
  from: Day,
  to: Day,
  period: z.enum(kpiPeriods).default('day'),
  by: z.enum(kpiDimensions).default('all'),
});
const TableParam = z.object({ table: z.enum(kpiTables) });
// Omitted: the hub's own window (GLASSBAY_COMEBACK_DAYS, default 30), the one check-in flags by.
const ComebackDays = z.coerce.number().int().min(1).max(180).optional();

/** The KPI paths as plain strings, for screens that build URLs. */
export const kpiPaths = {
  dashboard: '/api/kpi/dashboard',
  table: '/api/kpi/tables/:table',
  tableCsv: '/api/kpi/tables/:table/csv',
  chart: '/api/kpi/charts/:chart',
  comebacks: '/api/kpi/comebacks',
  board: '/api/kpi/board',
} as const;

export const kpiRoutes = {
  kpiDashboard: defineRoute({
    method: 'GET',
    path: kpiPaths.dashboard,
    access: 'manager',
    summary:
      "A day's KPIs against the baseline (the 28 days before the sparkline), with sparklines, control charts and the day's comebacks.",
    query: z.object({ day: Day.optional(), comebackDays: ComebackDays }),
    response: KpiDashboardSchema,
  }),
  kpiTable: defineRoute({
    method: 'GET',
    path: kpiPaths.table,
    access: 'manager',
    summary: 'One KPI table for a range of days (at most 366), by day, week or month and one dimension.',
    params: TableParam,
    query: Range.extend({ comebackDays: ComebackDays }),
    response: KpiTableSchema,
  }),
  kpiTableCsv: defineRoute({
    method: 'GET',
    path: kpiPaths.tableCsv,
    access: 'manager',
    summary: 'The same KPI table as CSV (UTF-8 with a byte-order mark, so spreadsheets read the Chinese).',
    params: TableParam,
    query: Range.extend({ comebackDays: ComebackDays }),
    response: z.string(),
  }),
  kpiChart: defineRoute({
    method: 'GET',
    path: kpiPaths.chart,
    access: 'manager',
    summary: 'A control chart by day over a range, limits from a baseline range (default: the 28 days before).',
    params: z.object({ chart: z.enum(kpiCharts) }),
    query: z.object({
      from: Day,
      to: Day,
      baselineFrom: Day.optional(),
      baselineTo: Day.optional(),
      step: z.string().max(40).optional(),
      comebackDays: ComebackDays,
    }),
    response: ControlChartSchema,
  }),
  kpiComebacks: defineRoute({
    method: 'GET',
    path: kpiPaths.comebacks,
    access: 'manager',
    summary: 'Cars back within the window for a related service, checked in during the range.',
    query: z.object({ from: Day, to: Day, days: ComebackDays }),
    response: z.object({ comebacks: z.array(ComebackSchema) }),
  }),
  kpiBoard: defineRoute({
    method: 'GET',
    path: kpiPaths.board,
    access: 'public',
    summary: "The shop's performance for the workshop TV: today's shop-wide figures against the baseline, no names.",
    response: KpiBoardSchema,
  }),
} as const;
