// Editing a service's standard in the console: a draft of text fields (what a person types), moved
// and checked here, turned into the steps the hub validates again. Pure, so it is tested without a
// browser.
import { CUSTOMER_STEP_NAME_MAX, MAX_STEP_MINUTES, STEP_CODE_PATTERN, type SopStep } from '@glassbay/protocol';
import type { SopProblem } from './messages.ts';

export interface DraftStep {
  /** Stable across moves, for the list's keys. */
  key: number;
  code: string;
  zh: string;
  en: string;
  /** The customer-facing name (lounge board, phone); both empty: the name above is shown. */
  customerZh: string;
  customerEn: string;
  min: string;
  standard: string;
  skippable: boolean;
}

let nextKey = 1;

export const toDraft = (steps: readonly SopStep[]): DraftStep[] =>
  steps.map((s) => ({
    key: nextKey++,
    code: s.code,
    zh: s.name.zh,
    en: s.name.en,
    customerZh: s.customerName?.zh ?? '',
    customerEn: s.customerName?.en ?? '',
    min: String(s.minMinutes),
    standard: String(s.standardMinutes),
    skippable: s.skippable,
  }));

export const blankStep = (): DraftStep => ({
  key: nextKey++,
  code: '',
  zh: '',
  en: '',
  customerZh: '',
  customerEn: '',
  min: '0',
  standard: '5',
  skippable: false,
});

/** The draft with step `i` moved by `delta` places (clamped to the list). */
export function moveStep(draft: readonly DraftStep[], i: number, delta: number): DraftStep[] {
  const to = Math.min(draft.length - 1, Math.max(0, i + delta));
  const out = [...draft];
  const [step] = out.splice(i, 1);
  out.splice(to, 0, step!);
  return out;
}

/** "1,5" as typed on a Chinese keyboard is 1.5. */
const number = (s: string) => (s.trim() === '' ? Number.NaN : Number(s.trim().replace(',', '.')));

export type DraftCheck =
  { ok: true; steps: SopStep[] } | { ok: false; problems: { index: number; problem: SopProblem }[] };

/** The steps of a draft, or what is wrong with which step. */
export function fromDraft(draft: readonly DraftStep[]): DraftCheck {
  const problems: { index: number; problem: SopProblem }[] = [];
  if (draft.length === 0) problems.push({ index: -1, problem: 'empty' });
  const seen = new Set<string>();
  const steps = draft.map((d, index) => {
    const code = d.code.trim().toLowerCase();
    const min = number(d.min);
    const standard = number(d.standard);
    if (!STEP_CODE_PATTERN.test(code)) problems.push({ index, problem: 'codeInvalid' });
    else if (seen.has(code)) problems.push({ index, problem: 'codeDuplicate' });
    seen.add(code);
    if (!d.zh.trim() || !d.en.trim()) problems.push({ index, problem: 'nameMissing' });
    const customer = { zh: d.customerZh.trim(), en: d.customerEn.trim() };
    if (!customer.zh !== !customer.en) problems.push({ index, problem: 'customerNameHalf' });
    else if (customer.zh.length > CUSTOMER_STEP_NAME_MAX.zh || customer.en.length > CUSTOMER_STEP_NAME_MAX.en)
      problems.push({ index, problem: 'customerNameLong' });
    if (!(min >= 0 && min <= MAX_STEP_MINUTES && standard > 0 && standard <= MAX_STEP_MINUTES))
      problems.push({ index, problem: 'minutesInvalid' });
    else if (min > standard) problems.push({ index, problem: 'minAboveStandard' });
    return {
      code,
      name: { zh: d.zh.trim(), en: d.en.trim() },
      customerName: customer.zh && customer.en ? customer : null,
      minMinutes: min,
      standardMinutes: standard,
      skippable: d.skippable,
    };
  });
  return problems.length ? { ok: false, problems } : { ok: true, steps };
}

/** A step with its fields in one order and "no customer name" said one way, for comparing. */
const canonical = (s: SopStep): SopStep => ({
  code: s.code,
  name: s.name,
  customerName: s.customerName ?? null,
  minMinutes: s.minMinutes,
  standardMinutes: s.standardMinutes,
  skippable: s.skippable,
});

/** Whether the draft says something other than the version it started from. */
export function changedFrom(draft: readonly DraftStep[], steps: readonly SopStep[]): boolean {
  const check = fromDraft(draft);
  if (!check.ok) return true;
  return JSON.stringify(check.steps.map(canonical)) !== JSON.stringify(steps.map(canonical));
}
