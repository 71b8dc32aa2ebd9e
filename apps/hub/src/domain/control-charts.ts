// Shewhart control charts and the Western Electric rules, over plain numbers. The centre line and
// the ±3σ limits come from a baseline (the points the predicate picks), so a shift shows against how
// the shop used to work rather than being absorbed into its own limits. Every point carries the ids
// of the jobs behind it, so a flagged point opens them.

export type ChartKind = 'individuals' | 'xbar' | 'p';
/**
 * Western Electric rules. 1: beyond 3σ. 2: two of three in a row beyond 2σ on one side. 3: four of
 * five in a row beyond 1σ on one side. 4: eight in a row on one side of the centre line.
 */
export type WesternElectricRule = 1 | 2 | 3 | 4;

export interface ChartPoint {
  label: string;
  /** The plotted statistic; null when the subgroup is empty (drawn as a gap, judged by no rule). */
  value: number | null;
  /** Subgroup size (1 on an individuals chart). */
  n: number;
  ucl: number | null;
  lcl: number | null;
  /** Distance from the centre line in the point's own σ. */
  z: number | null;
  rules: WesternElectricRule[];
  jobIds: string[];
}

export interface ControlChart {
  kind: ChartKind;
  /** Centre line and σ of one observation (of the proportion at n = 1 for a p-chart) from the baseline. */
  centre: number | null;
  sigma: number | null;
  baselinePoints: number;
  points: ChartPoint[];
}

type Baseline = (label: string, index: number) => boolean;

/** d2 for subgroups of two: the mean moving range of a normal process is 1.128σ. */
export const D2_N2 = 1.128;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Individuals chart: centre = baseline mean, σ = mean moving range of the baseline / 1.128. */
export function individualsChart(
  points: readonly { label: string; value: number; jobIds: string[] }[],
  isBaseline: Baseline,
): ControlChart {
  const base = points.filter((p, i) => isBaseline(p.label, i)).map((p) => p.value);
  const centre = base.length > 0 ? mean(base) : null;
  const ranges = base.slice(1).map((v, i) => Math.abs(v - base[i]!));
  const sigma = ranges.length > 0 ? mean(ranges) / D2_N2 : null;
  return finish(
    'individuals',
    centre,
    sigma,
    base.length,
    points.map((p) => ({ ...p, n: 1, sd: sigma })),
  );
}

/** A subgroup as counts: what SQL can sum over a year of step timings without sending each row. */
export interface SubgroupMoments {
  label: string;
  n: number;
  sum: number;
  sumSq: number;
  jobIds: string[];
}

export const momentsOf = (s: { label: string; values: readonly number[]; jobIds: string[] }): SubgroupMoments => ({
  label: s.label,
  n: s.values.length,
  sum: s.values.reduce((a, b) => a + b, 0),
  sumSq: s.values.reduce((a, b) => a + b * b, 0),
  jobIds: s.jobIds,
});

/**
 * X-bar chart of subgroup means (a day's lead times). Centre = mean of every baseline observation;
 * σ = pooled within-subgroup standard deviation of the baseline; a point's limits are centre ± 3σ/√n,
 * so a thin day gets wider limits. (No c4 correction: with subgroups of a day's jobs it is below 1%.)
 */
export const xbarChart = (
  subgroups: readonly { label: string; values: readonly number[]; jobIds: string[] }[],
  isBaseline: Baseline,
): ControlChart => xbarChartOfMoments(subgroups.map(momentsOf), isBaseline);

export function xbarChartOfMoments(subgroups: readonly SubgroupMoments[], isBaseline: Baseline): ControlChart {
  const base = subgroups.filter((s, i) => isBaseline(s.label, i) && s.n > 0);
  const total = base.reduce((a, s) => a + s.n, 0);
  const centre = total > 0 ? base.reduce((a, s) => a + s.sum, 0) / total : null;
  // Squares about each subgroup's own mean: Σx² − (Σx)²/n (never below 0 by rounding).
  const ss = base.reduce((a, s) => a + Math.max(0, s.sumSq - (s.sum * s.sum) / s.n), 0);
  const df = total - base.length;
  const sigma = df > 0 ? Math.sqrt(ss / df) : null;
  return finish(
    'xbar',
    centre,
    sigma,
    base.length,
    subgroups.map((s) => ({
      label: s.label,
      value: s.n > 0 ? s.sum / s.n : null,
      n: s.n,
      sd: sigma === null || s.n === 0 ? null : sigma / Math.sqrt(s.n),
      jobIds: s.jobIds,
    })),
  );
}

/**
 * p-chart of a rate (short steps, comebacks, late jobs). Centre p̄ = baseline defects / baseline
 * trials; a point's limits are p̄ ± 3·√(p̄(1−p̄)/n), clipped to [0, 1].
 */
export function pChart(
  subgroups: readonly { label: string; k: number; n: number; jobIds: string[] }[],
  isBaseline: Baseline,
): ControlChart {
  const base = subgroups.filter((s, i) => isBaseline(s.label, i) && s.n > 0);
  const trials = base.reduce((a, s) => a + s.n, 0);
  const centre = trials > 0 ? base.reduce((a, s) => a + s.k, 0) / trials : null;
  const sigma = centre === null ? null : Math.sqrt(centre * (1 - centre));
  const chart = finish(
    'p',
    centre,
    sigma,
    base.length,
    subgroups.map((s) => ({
      label: s.label,
      value: s.n > 0 ? s.k / s.n : null,
      n: s.n,
      sd: sigma === null || s.n === 0 ? null : sigma / Math.sqrt(s.n),
      jobIds: s.jobIds,
    })),
  );
  for (const p of chart.points) {
    if (p.ucl !== null) p.ucl = Math.min(1, p.ucl);
    if (p.lcl !== null) p.lcl = Math.max(0, p.lcl);
  }
  return chart;
}

function finish(
  kind: ChartKind,
  centre: number | null,
  sigma: number | null,
  baselinePoints: number,
  raw: { label: string; value: number | null; n: number; sd: number | null; jobIds: string[] }[],
): ControlChart {
  const points: ChartPoint[] = raw.map((p) => {
    const judged = p.value !== null && centre !== null && p.sd !== null;
    return {
      label: p.label,
      value: p.value,
      n: p.n,
      ucl: judged ? centre + 3 * p.sd! : null,
      lcl: judged ? centre - 3 * p.sd! : null,
      z: judged ? zScore(p.value!, centre, p.sd!) : null,
      rules: [],
      jobIds: p.jobIds,
    };
  });
  const judged = points.filter((p) => p.z !== null);
  const flags = westernElectric(judged.map((p) => p.z!));
  judged.forEach((p, i) => (p.rules = flags[i]!));
  return { kind, centre, sigma, baselinePoints, points };
}

/** With σ = 0 (a baseline of identical values) any difference is infinitely far out. */
const zScore = (x: number, c: number, sd: number) =>
  sd > 0 ? (x - c) / sd : x === c ? 0 : Math.sign(x - c) * Infinity;

/**
 * The rules each point breaks, over a run of z-scores in time order. A point is flagged by the rule
 * whose pattern it completes and is itself part of: for rules 2 and 3 the point must be in the zone
 * (beyond 2σ or 1σ on that side), with enough of the points before it to make the pattern.
 */
export function westernElectric(z: readonly number[]): WesternElectricRule[][] {
  return z.map((zi, i) => {
    const rules: WesternElectricRule[] = [];
    if (Math.abs(zi) > 3) rules.push(1);
    const side = Math.sign(zi);
    const inWindow = (len: number, beyond: number) =>
      z.slice(Math.max(0, i - len + 1), i + 1).filter((v) => side * v > beyond).length;
    if (side !== 0 && side * zi > 2 && inWindow(3, 2) >= 2) rules.push(2);
    if (side !== 0 && side * zi > 1 && inWindow(5, 1) >= 4) rules.push(3);
    if (side !== 0 && i >= 7 && z.slice(i - 7, i + 1).every((v) => side * v > 0)) rules.push(4);
    return rules;
  });
}
