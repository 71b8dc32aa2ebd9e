// The quality KPIs: short-step and overrun rates from the wristband step timings, comebacks (the same
// car back soon for a related service: the first-time-fix figure) and bay utilisation from the bay
// sensors over opening hours. Pure, like kpi.ts.
import { MIN, NONE, rate, slice, type Slice, type SliceOptions } from './kpi-stats.ts';
import { openWindows, periodKey, type OpeningHours } from './kpi-time.ts';
import type { JobDimension, KpiJob, RateRow } from './kpi.ts';

const DAY = 86_400_000;

/** A judged step as the KPIs need it (steps still open or never judged are left out by the caller). */
export interface KpiStep {
  id: string;
  jobId: string | null;
  stepCode: string;
  serviceCode: string | null;
  tech: string;
  bayId: string;
  endedAt: number;
  durationMs: number;
  verdict: 'ok' | 'short' | 'overrun' | 'unjudged';
}

export type StepDimension = 'all' | 'step' | 'technician' | 'bay' | 'service';

/**
 * Judged steps counted together: one day's steps of one key in a dimension. The store counts a year
 * of steps in SQL this way (a million rows would not fit the dashboard's time); tallySteps makes the
 * same from single steps.
 */
export interface KpiStepTally {
  /** Any moment of the day the steps ended (the store gives the day's start). */
  at: number;
  /** The step code, technician, bay or service; ignored by 'all'. */
  key: string | null;
  n: number;
  short: number;
  overrun: number;
  /** Jobs with a short step among these. */
  shortJobIds: readonly string[];
}

const stepKey = (s: KpiStep, by: StepDimension) =>
  by === 'step'
    ? s.stepCode
    : by === 'technician'
      ? s.tech
      : by === 'bay'
        ? s.bayId
        : by === 'service'
          ? s.serviceCode
          : 'all';

/** One tally per judged step (unjudged ones are left out): the rows stepRates takes. */
export const tallySteps = (steps: readonly KpiStep[], by: StepDimension): KpiStepTally[] =>
  steps
    .filter((s) => s.verdict !== 'unjudged')
    .map((s) => ({
      at: s.endedAt,
      key: stepKey(s, by),
      n: 1,
      short: s.verdict === 'short' ? 1 : 0,
      overrun: s.verdict === 'overrun' ? 1 : 0,
      shortJobIds: s.verdict === 'short' && s.jobId !== null ? [s.jobId] : [],
    }));

export interface StepRateRow extends Slice {
  /** Judged steps (ok, short or overrun). */
  n: number;
  short: number;
  overrun: number;
  shortRate: number | null;
  overrunRate: number | null;
  /** Jobs with a short step in this slice: what a chart point opens. */
  ids: string[];
}

/** Short-step and overrun rates by the day steps ended, per step, technician, bay or service. */
export function stepRates(tallies: readonly KpiStepTally[], o: SliceOptions<StepDimension>): StepRateRow[] {
  return slice(
    tallies,
    (t) => t.at,
    (t) => [t.key],
    o,
  ).map(({ slice, rows }) => {
    const n = rows.reduce((a, t) => a + t.n, 0);
    const short = rows.reduce((a, t) => a + t.short, 0);
    const overrun = rows.reduce((a, t) => a + t.overrun, 0);
    return {
      ...slice,
      n,
      short,
      overrun,
      shortRate: rate(short, n),
      overrunRate: rate(overrun, n),
      ids: [...new Set(rows.flatMap((t) => t.shortJobIds))],
    };
  });
}

/**
 * Which services concern the same part of the car. A return for a service of the same group is
 * related; a return for diagnosis ('*') is related to any grouped service (the customer came back
 * with a complaint). Services without a group (inspection, car wash) never make a comeback.
 */
export const defaultServiceGroups: Readonly<Record<string, string>> = {
  'oil-change': 'engine',
  'major-service': 'engine',
  'brake-pads': 'brakes',
  'brake-fluid': 'brakes',
  'tyre-rotation': 'wheels',
  'tyre-replacement': 'wheels',
  'wheel-alignment': 'wheels',
  'ac-service': 'air-con',
  battery: 'electrical',
  diagnosis: '*',
};

export function relatedServices(
  before: readonly string[],
  after: readonly string[],
  groups: Readonly<Record<string, string>> = defaultServiceGroups,
): string[] {
  const earlier = new Set(before.map((s) => groups[s]).filter((g): g is string => g !== undefined));
  return after.filter((s) => {
    const g = groups[s];
    if (g === undefined) return false;
    return g === '*' ? earlier.size > 0 : earlier.has(g);
  });
}

export const DEFAULT_COMEBACK_DAYS = 30;

export interface Comeback {
  /** The job the car came back for. */
  jobId: string;
  /** The job before it, whose work did not hold. */
  originalJobId: string;
  plate: string;
  /** Days from the original's handover (or ready, or check-in) to the return's check-in. */
  days: number;
  /** The services of the return related to the original's. */
  services: string[];
}

/** When the original job's work ended, as far as the record says. */
const handedOver = (j: KpiJob) => j.deliveredAt ?? j.readyAt ?? j.createdAt;

/**
 * Every comeback: a job checked in within `days` of the handover of the same car's previous job,
 * for a related service. Only the car's previous job is the original (a third visit is judged
 * against the second). Cancelled jobs neither make nor count as comebacks.
 */
export function findComebacks(
  jobs: readonly KpiJob[],
  days = DEFAULT_COMEBACK_DAYS,
  groups: Readonly<Record<string, string>> = defaultServiceGroups,
): Comeback[] {
  const byPlate = new Map<string, KpiJob[]>();
  for (const j of jobs) {
    if (j.cancelled) continue;
    const list = byPlate.get(j.plate);
    if (list) list.push(j);
    else byPlate.set(j.plate, [j]);
  }
  const out: Comeback[] = [];
  for (const list of byPlate.values()) {
    list.sort((a, b) => a.createdAt - b.createdAt);
    for (let i = 1; i < list.length; i++) {
      const before = list[i - 1]!;
      const after = list[i]!;
      const gap = after.createdAt - handedOver(before);
      if (gap < 0 || gap > days * DAY) continue;
      const services = relatedServices(before.services, after.services, groups);
      if (services.length > 0)
        out.push({ jobId: after.id, originalJobId: before.id, plate: after.plate, days: gap / DAY, services });
    }
  }
  return out.sort((a, b) => (a.jobId < b.jobId ? -1 : 1));
}

/**
 * Comeback rate by the period of the original job's handover, sliced by the original's lane,
 * service, technician or bay: of the jobs handed over, how many came back. A job handed over less
 * than `days` ago may still come back, so a recent period's rate can only rise.
 */
export function comebackRate(
  jobs: readonly KpiJob[],
  comebacks: readonly Comeback[],
  o: SliceOptions<JobDimension>,
): RateRow[] {
  const cameBack = new Set(comebacks.map((c) => c.originalJobId));
  const done = jobs.filter((j) => !j.cancelled && (j.deliveredAt !== null || j.readyAt !== null));
  const keys = (j: KpiJob) =>
    o.by === 'lane' ? [j.laneId] : o.by === 'service' ? j.services : o.by === 'technician' ? [j.technician] : [j.bayId];
  return slice(done, handedOver, keys, o).map(({ slice, rows }) => {
    const bad = rows.filter((j) => cameBack.has(j.id));
    return { ...slice, n: rows.length, k: bad.length, rate: rate(bad.length, rows.length), ids: bad.map((j) => j.id) };
  });
}

/** A car on a bay, as the bay sensors saw it: [from, to), `to` null while it is still there. */
export interface OccupancyInterval {
  bayId: string;
  from: number;
  to: number | null;
}

export interface UtilisationRow extends Slice {
  openMinutes: number;
  occupiedMinutes: number;
  utilisation: number | null;
}

/**
 * Bay utilisation over opening hours, [from, to) (to no later than `now`): the share of each bay's
 * open time with a car on it. By 'all', the open time is that of every bay together.
 */
export function bayUtilisation(
  intervals: readonly OccupancyInterval[],
  bayIds: readonly string[],
  range: { from: number; to: number; now: number },
  hours: OpeningHours,
  o: SliceOptions<'all' | 'bay'>,
): UtilisationRow[] {
  const to = Math.min(range.to, range.now);
  const windows = openWindows(range.from, to, hours, o.tzOffsetMin);
  const rows = new Map<string, UtilisationRow>();
  const add = (period: string, key: string, open: number, occupied: number) => {
    const id = `${period}\u0000${key}`;
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { period, by: o.by, key, openMinutes: 0, occupiedMinutes: 0, utilisation: null }));
    r.openMinutes += open / MIN;
    r.occupiedMinutes += occupied / MIN;
  };
  const byBay = new Map<string, OccupancyInterval[]>(bayIds.map((b) => [b, []]));
  for (const iv of intervals) byBay.get(iv.bayId)?.push(iv);
  // One bay's intervals do not overlap: sorted by start, their ends are sorted too, so each bay's
  // scan resumes where the previous window left it (a year of a busy shop stays linear).
  const cursor = new Map<string, number>();
  for (const list of byBay.values()) list.sort((x, y) => x.from - y.from);
  const end = (iv: OccupancyInterval) => iv.to ?? range.now;
  for (const [a, b] of windows) {
    const period = periodKey(a, o.period, o.tzOffsetMin);
    for (const [bayId, list] of byBay) {
      let i = cursor.get(bayId) ?? 0;
      while (i < list.length && end(list[i]!) <= a) i++;
      cursor.set(bayId, i);
      let occupied = 0;
      for (let j = i; j < list.length && list[j]!.from < b; j++)
        occupied += Math.max(0, Math.min(b, end(list[j]!)) - Math.max(a, list[j]!.from));
      add(period, o.by === 'all' ? 'all' : bayId || NONE, b - a, occupied);
    }
  }
  return [...rows.values()]
    .map((r) => ({ ...r, utilisation: rate(r.occupiedMinutes, r.openMinutes) }))
    .sort((x, y) => (x.period === y.period ? x.key.localeCompare(y.key) : x.period < y.period ? -1 : 1));
}
