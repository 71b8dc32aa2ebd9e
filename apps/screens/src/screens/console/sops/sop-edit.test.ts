import type { SopStep } from '@glassbay/protocol';
import { describe, expect, it } from 'vitest';
import { blankStep, changedFrom, fromDraft, moveStep, toDraft } from './sop-edit.ts';

const drain: SopStep = {
  code: 'oil-drain',
  name: { zh: '排放旧机油', en: 'Drain the old oil' },
  customerName: { zh: '排放旧机油', en: 'Draining the old oil' },
  minMinutes: 15,
  standardMinutes: 18,
  skippable: false,
};
const plug: SopStep = {
  ...drain,
  code: 'drain-plug',
  name: { zh: '装回放油螺塞', en: 'Refit the plug' },
  customerName: null,
  minMinutes: 1.5,
  standardMinutes: 3,
};

describe('editing a standard', () => {
  it('round-trips a version through the draft unchanged', () => {
    const draft = toDraft([drain, plug]);
    expect(fromDraft(draft)).toEqual({ ok: true, steps: [drain, plug] });
    expect(changedFrom(draft, [drain, plug])).toBe(false);
  });

  it('moves steps within the list and notices the change', () => {
    const draft = moveStep(toDraft([drain, plug]), 1, -1);
    expect(draft.map((d) => d.code)).toEqual(['drain-plug', 'oil-drain']);
    expect(moveStep(draft, 0, -1).map((d) => d.code)).toEqual(['drain-plug', 'oil-drain']);
    expect(changedFrom(draft, [drain, plug])).toBe(true);
  });

  it('reads minutes typed with a decimal comma', () => {
    const [d] = toDraft([drain]);
    const check = fromDraft([{ ...d!, min: '12,5' }]);
    expect(check.ok && check.steps[0]!.minMinutes).toBe(12.5);
  });

  it('says which step is wrong and why', () => {
    const [a, b] = toDraft([drain, plug]);
    const check = fromDraft([
      { ...a!, min: '20' },
      { ...b!, code: 'oil-drain' },
      { ...blankStep(), code: 'Bad Code' },
    ]);
    expect(check).toEqual({
      ok: false,
      problems: [
        { index: 0, problem: 'minAboveStandard' },
        { index: 1, problem: 'codeDuplicate' },
        { index: 2, problem: 'codeInvalid' },
        { index: 2, problem: 'nameMissing' },
      ],
    });
    expect(fromDraft([])).toEqual({ ok: false, problems: [{ index: -1, problem: 'empty' }] });
  });

  it('keeps a customer name in both languages or neither, short enough for the lounge board', () => {
    const [d] = toDraft([drain]);
    expect(d).toMatchObject({ customerZh: '排放旧机油', customerEn: 'Draining the old oil' });
    const half = fromDraft([{ ...d!, customerEn: ' ' }]);
    expect(half.ok ? [] : half.problems.map((p) => p.problem)).toEqual(['customerNameHalf']);
    const long = fromDraft([{ ...d!, customerEn: 'Draining the old engine oil slowly' }]);
    expect(long.ok ? [] : long.problems.map((p) => p.problem)).toEqual(['customerNameLong']);
    const none = fromDraft([{ ...d!, customerZh: '', customerEn: '' }]);
    expect(none.ok && none.steps[0]!.customerName).toBeNull();
    // A version saved before customer names existed reads as "none", not as a change.
    const { customerName: _, ...old } = plug;
    expect(changedFrom(toDraft([old]), [old])).toBe(false);
    expect(changedFrom(toDraft([drain]), [{ ...drain, customerName: null }])).toBe(true);
  });
});
