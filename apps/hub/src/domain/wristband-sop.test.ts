import type { SopStep } from '@glassbay/protocol';
import { describe, expect, it } from 'vitest';
import { missingSteps, resolveStep, versionInForce, type Standard } from './wristband-sop.ts';

const step = (code: string, skippable = false): SopStep => ({
  code,
  name: { zh: code, en: code },
  minMinutes: 1,
  standardMinutes: 2,
  skippable,
});
const oil = (
  id: number,
  version: number,
  effectiveFrom: number,
  steps = [step('lift-secure'), step('oil-drain')],
): Standard => ({
  id,
  serviceCode: 'oil-change',
  version,
  effectiveFrom,
  steps,
});
const brakes: Standard = {
  id: 9,
  serviceCode: 'brake-pads',
  version: 1,
  effectiveFrom: 0,
  steps: [step('lift-secure'), step('pads-fit'), step('bedding-test', true)],
};
const nothing = () => false;

describe('the version in force', () => {
  it('is the newest version in force when the job was opened', () => {
    const versions = [oil(1, 1, 0), oil(2, 2, 1000), oil(3, 3, 5000)];
    expect(versionInForce(versions, 999)?.version).toBe(1);
    expect(versionInForce(versions, 1000)?.version).toBe(2);
    expect(versionInForce(versions, 9999)?.version).toBe(3);
    expect(versionInForce(versions, -1)).toBeUndefined();
  });
});

describe('resolving a band’s step name', () => {
  it('finds a bare code in the job’s standards, and a qualified one in its service', () => {
    expect(resolveStep('oil-drain', [oil(1, 1, 0), brakes], nothing)).toMatchObject({
      serviceCode: 'oil-change',
      code: 'oil-drain',
    });
    expect(resolveStep('brake-pads/lift-secure', [oil(1, 1, 0), brakes], nothing)).toMatchObject({
      serviceCode: 'brake-pads',
      standard: { id: 9 },
    });
  });

  it('sends a shared step to the first service that has not recorded it yet', () => {
    const recorded = (svc: string, code: string) => svc === 'oil-change' && code === 'lift-secure';
    expect(resolveStep('lift-secure', [oil(1, 1, 0), brakes], recorded).serviceCode).toBe('brake-pads');
    expect(resolveStep('lift-secure', [oil(1, 1, 0), brakes], nothing).serviceCode).toBe('oil-change');
  });

  it('keeps a step in no standard, unjudged', () => {
    expect(resolveStep('wash-hands', [oil(1, 1, 0)], nothing)).toEqual({
      serviceCode: null,
      code: 'wash-hands',
      standard: null,
      step: null,
    });
  });
});

describe('steps never done', () => {
  it('lists required steps with no record, never the skippable ones', () => {
    const recorded = (svc: string, code: string) => code === 'lift-secure' && svc === 'oil-change';
    const missing = missingSteps([oil(1, 1, 0), brakes], recorded).map(
      (m) => `${m.standard.serviceCode}/${m.step.code}`,
    );
    expect(missing).toEqual(['oil-change/oil-drain', 'brake-pads/lift-secure', 'brake-pads/pads-fit']);
  });
});
