// Operation standards as plain data: which version judges a job, which step of which service a
// band's step name means, and which steps a job never recorded. No clock, no I/O.
import { parseStepName, type SopStep, type StepRef } from '@glassbay/protocol';

/** One stored version of one service's standard. */
export interface Standard {
  id: number;
  serviceCode: string;
  version: number;
  effectiveFrom: number;
  steps: SopStep[];
}

/**
 * The version that judges work started at `at`: the newest one in force by then. A job is judged by
 * the version in force when it was opened, so an edit mid-job changes nothing for that job.
 */
export function versionInForce<S extends Standard>(versions: readonly S[], at: number): S | undefined {
  let best: S | undefined;
  // Versions are numbered in the order they took effect: the highest in force is the newest.
  for (const v of versions) if (v.effectiveFrom <= at && (!best || v.version > best.version)) best = v;
  return best;
}

/** What a band's step name resolved to. `standard`/`step` are null for a step in no standard. */
export interface ResolvedStep {
  serviceCode: string | null;
  code: string;
  standard: Standard | null;
  step: SopStep | null;
}

/**
 * Resolve a band's step name against the standards of the job on the bay (in the job's order).
 * `oil-change/oil-drain` names its service; a bare `lift-secure` shared by two services goes to the
 * first whose step is not yet recorded, so a brake job after an oil change times both lifts.
 */
export function resolveStep(
  name: string,
  standards: readonly Standard[],
  recorded: (serviceCode: string, code: string) => boolean,
): ResolvedStep {
  const { serviceCode, code } = parseStepName(name);
  const candidates = standards.filter((s) => serviceCode === null || s.serviceCode === serviceCode);
  const having = candidates.filter((s) => s.steps.some((st) => st.code === code));
  const chosen = having.find((s) => !recorded(s.serviceCode, code)) ?? having[0];
  if (!chosen) return { serviceCode, code, standard: null, step: null };
  return { serviceCode: chosen.serviceCode, code, standard: chosen, step: chosen.steps.find((s) => s.code === code)! };
}

/** A reference to a step for the screens, with its name (the code when it is in no standard). */
export function stepRef(serviceCode: string | null, code: string, step: SopStep | null): StepRef {
  return { serviceCode, code, name: step ? step.name : { zh: code, en: code } };
}

/**
 * Steps the job's standards require that have no record at all (not started, not ended): flagged
 * when the job reaches quality check. Skippable steps are never missing.
 */
export function missingSteps(
  standards: readonly Standard[],
  recorded: (serviceCode: string, code: string) => boolean,
): { standard: Standard; step: SopStep }[] {
  const out: { standard: Standard; step: SopStep }[] = [];
  for (const standard of standards)
    for (const step of standard.steps)
      if (!step.skippable && !recorded(standard.serviceCode, step.code)) out.push({ standard, step });
  return out;
}
