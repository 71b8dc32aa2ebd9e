// What a benchmark group reports: named figures with a unit and, where an issue sets one, a target.
// Targets are reported as met or missed; a missed target never fails the run (speed is measured,
// not asserted).

export type Comparison = '<' | '<=' | '>' | '>=' | '=';

export interface Target {
  op: Comparison;
  value: number;
}

export interface Figure {
  /** null when the figure cannot be measured here (say why in `note`). */
  value: number | null;
  unit: string;
  target?: Target;
  note?: string;
}

/** A group's figures by short name ("p50_ms"); the runner prefixes the group ("spine.p50_ms"). */
export type Figures = Record<string, Figure>;

export interface GroupContext {
  /** Progress for the person running the bench (stderr, so stdout stays the table). */
  log: (line: string) => void;
}

/** Every bench/groups/<name>.ts exports `run` of this type. */
export type BenchGroup = (ctx: GroupContext) => Promise<Figures>;

export const target = (op: Comparison, value: number): Target => ({ op, value });

/** true / false, or null when there is no target or no value to judge. */
export function targetMet(f: Figure): boolean | null {
  if (!f.target || f.value === null || Number.isNaN(f.value)) return null;
  const { op, value } = f.target;
  switch (op) {
    case '<':
      return f.value < value;
    case '<=':
      return f.value <= value;
    case '>':
      return f.value > value;
    case '>=':
      return f.value >= value;
    case '=':
      return f.value === value;
  }
}

export const describeTarget = (t: Target | undefined): string => (t ? `${t.op} ${t.value}` : '');
