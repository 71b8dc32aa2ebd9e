import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from './rng.ts';
import { planVisitSteps, type BandAction, type CrewMember } from './wristband-plan.ts';
import { PROCEDURES } from './wristband-procedures.ts';

const MIN = 60_000;
const member = (habit: CrewMember['habit']): CrewMember => ({
  bandId: 'band-01',
  tech: 'li-wei',
  bayId: 'bay-1',
  habit,
  clockSkewMs: 0,
});
const plan = (service: string, habit: CrewMember['habit'], seed = 7) =>
  planVisitSteps({ service, bayId: 'bay-1' }, 10 * MIN, member(habit), createRng(seed), 1).actions;
const steps = (actions: BandAction[]) => actions.filter((a) => a.kind === 'step');

/** Minutes each step took: its end's time less its start's. */
function durations(actions: BandAction[]): Map<string, number> {
  const started = new Map<string, number>();
  const out = new Map<string, number>();
  for (const a of steps(actions)) {
    if (a.event.kind === 'start') started.set(a.event.step, a.at);
    else out.set(a.event.step, (a.at - started.get(a.event.step)!) / MIN);
  }
  return out;
}

describe('a technician’s band through one service', () => {
  it('works an oil change step by step, one at a time, each at least its minimum', () => {
    const actions = plan('oil-change', 'by-the-book');
    const s = steps(actions);
    expect(s).toHaveLength(24);
    expect(s.map((a) => a.n)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(s[0]).toMatchObject({ kind: 'step', event: { step: 'oil-change/prepare', kind: 'start', bay: 'bay-1' } });
    expect(s[0]!.at).toBeGreaterThan(10 * MIN);
    for (const p of PROCEDURES['oil-change']!.steps)
      expect(durations(actions).get(`oil-change/${p.code}`)).toBeGreaterThanOrEqual(p.min);
    // Starts and ends alternate: no step starts before the last one ended.
    expect(s.map((a) => a.event.kind)).toEqual(Array.from({ length: 24 }, (_, i) => (i % 2 ? 'end' : 'start')));
  });

  it('has the hurried technician cut the drain to a few minutes', () => {
    const drain = durations(plan('oil-change', 'cuts-drain-short')).get('oil-change/oil-drain')!;
    expect(drain).toBeGreaterThanOrEqual(5);
    expect(drain).toBeLessThan(7);
    expect(durations(plan('ac-service', 'cuts-drain-short')).get('ac-service/vacuum')).toBeLessThan(9);
  });

  it('redelivers some ends of a double-sending band shortly after, under the same number', () => {
    const actions = plan('brake-pads', 'double-sends');
    const resends = actions.filter((a) => a.kind === 'resend');
    expect(resends.length).toBeGreaterThan(0);
    for (const r of resends) {
      const original = steps(actions).find((a) => a.n === r.n)!;
      expect(original.event.kind).toBe('end');
      expect(r.at - original.at).toBeGreaterThan(0);
      expect(r.at - original.at).toBeLessThan(1000);
    }
  });

  it('takes a band off the network mid-service and brings it back with steps made meanwhile', () => {
    const actions = plan('oil-change', 'drops-offline');
    const off = actions.find((a) => a.kind === 'offline')!;
    const on = actions.find((a) => a.kind === 'online')!;
    expect(on.at - off.at).toBeGreaterThan(10 * MIN);
    expect(steps(actions).some((a) => a.at > off.at && a.at < on.at)).toBe(true);
  });

  it('sends nothing for a service with no procedure', () => {
    expect(plan('diagnosis', 'by-the-book')).toEqual([]);
  });
});

describe('the procedures', () => {
  it('follow the hub’s starting standards, step for step', () => {
    const sql = readFileSync(
      new URL('../../apps/hub/src/store/migrations/0006_wristbands.sql', import.meta.url),
      'utf8',
    );
    const blocks = sql.split('INSERT INTO sop_steps').slice(1);
    const standards = new Map(
      blocks.map((b) => {
        const service = /v\.service_code = '([a-z-]+)'/.exec(b)![1]!;
        const rows = [...b.matchAll(/\(\d+,\s*'([a-z-]+)',\s*'[^']*',\s*'[^']*',\s*([\d.]+),\s*([\d.]+),\s*[01]\)/g)];
        return [service, rows.map((r) => ({ code: r[1], min: Number(r[2]), standard: Number(r[3]) }))];
      }),
    );
    for (const p of Object.values(PROCEDURES)) expect(p.steps).toEqual(standards.get(p.serviceCode));
  });
});
