// The console's figures from finished steps: per technician, how often their steps run short or
// long; per step, how often it runs short and its median time against the standard. Pure.
import type { SopStep, StepFigures } from '@glassbay/protocol';
import { median, type Verdict } from './wristband-pairing.ts';
import { stepRef } from './wristband-sop.ts';

const MIN = 60_000;

export interface FinishedStep {
  /** Who ended it (the technician concerned). */
  tech: string;
  serviceCode: string | null;
  stepCode: string;
  durationMs: number;
  verdict: Verdict;
}

const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000);
const oneDecimal = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** Technicians with the highest share of short steps first (what a manager looks at first). */
export function techFigures(
  rows: readonly FinishedStep[],
  answered: ReadonlyMap<string, number>,
): StepFigures['technicians'] {
  const by = new Map<string, { steps: number; short: number; overrun: number }>();
  for (const r of rows) {
    const f = by.get(r.tech) ?? { steps: 0, short: 0, overrun: 0 };
    f.steps++;
    if (r.verdict === 'short') f.short++;
    if (r.verdict === 'overrun') f.overrun++;
    by.set(r.tech, f);
  }
  return [...by]
    .map(([tech, f]) => ({ tech, ...f, shortRate: rate(f.short, f.steps), answered: answered.get(tech) ?? 0 }))
    .sort((a, b) => b.shortRate - a.shortRate || b.steps - a.steps || a.tech.localeCompare(b.tech));
}

/** Steps in standard order of appearance, each with its median against the current standard. */
export function stepFigures(
  rows: readonly FinishedStep[],
  standardOf: (serviceCode: string | null, code: string) => SopStep | null,
): StepFigures['steps'] {
  const by = new Map<string, { serviceCode: string | null; code: string; durations: number[]; short: number }>();
  for (const r of rows) {
    const key = `${r.serviceCode ?? ''}/${r.stepCode}`;
    const f = by.get(key) ?? { serviceCode: r.serviceCode, code: r.stepCode, durations: [], short: 0 };
    f.durations.push(r.durationMs);
    if (r.verdict === 'short') f.short++;
    by.set(key, f);
  }
  return [...by.values()]
    .map((f) => {
      const step = standardOf(f.serviceCode, f.code);
      const mid = median(f.durations);
      return {
        step: stepRef(f.serviceCode, f.code, step),
        runs: f.durations.length,
        short: f.short,
        shortRate: rate(f.short, f.durations.length),
        medianMinutes: oneDecimal(mid === null ? null : mid / MIN),
        minMinutes: step?.minMinutes ?? null,
        standardMinutes: step?.standardMinutes ?? null,
      };
    })
    .sort((a, b) => b.shortRate - a.shortRate || b.runs - a.runs);
}
