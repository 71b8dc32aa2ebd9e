// The ETA the screens are sent, through the real jobs service on a real SQLite file and a fake clock
// (the 30 s tick driven by hand): a car rolling over a free bay for under a minute used to send every
// waiting job +60 minutes and back, "late" flipping with it; now nothing is sent. A bay that stays
// busy is a real change and reaches the screens once it has lasted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CollectionName, JobView } from '@glassbay/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STEADY } from '../domain/eta-steady.ts';
import { openRepositories } from '../tools.ts';
import { createJobsRepository } from './jobs.repository.ts';
import { createJobsService, type JobsService } from './jobs.service.ts';

const MIN = 60_000;
const TICK = 30_000;
const T0 = Date.UTC(2026, 11, 5, 1, 0, 0);
const advisor = { kind: 'staff' as const, id: 1, name: '王顾问' };

let dir: string;
let store: ReturnType<typeof openRepositories>;
let jobs: JobsService;
let sent: { collection: CollectionName; id: string; value: unknown }[];
let now: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'glassbay-eta-'));
  store = openRepositories(join(dir, 'glassbay.db'));
  sent = [];
  const relay = {
    publish: (collection: CollectionName, id: string, value: unknown) => sent.push({ collection, id, value }),
  };
  // No other feature has a say here: the ETA is the jobs' own, and no phone follows.
  jobs = createJobsService({
    ...{ db: store.db, jobs: createJobsRepository(store.db), bays: store.bays, relay, followGraceMs: 0 },
    phone: { push: () => {}, close: () => {}, sweep: () => {} },
    rules: { checkMove: () => {}, afterMove: () => {}, workOf: () => new Map(), steps: () => null },
    comebackOf: () => null,
  });
  now = T0;
  for (const [i, bay] of ['bay-1', 'bay-2'].entries()) store.bays.add(bay, `${i + 1}号工位`, i + 1, T0);
});
afterEach(() => {
  store.db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The bay-2 sensor sees a car come or go, as bays.service reports it to the jobs. */
function bay2(occupied: boolean) {
  store.bays.saveState('bay-2', { occupied, lift: 'down', door: 'open', since: now }, now);
  jobs.onOccupancy('bay-2', occupied, now, 'bay-2-sensor');
}

/** A job in service on bay 1, and one waiting for a bay behind it; returns the waiting one. */
function twoJobs(): string {
  const a = jobs.createDirect({ plate: '粤B12345', services: ['oil-change'], bayId: 'bay-1' }, advisor, now).job;
  jobs.move(a.id, 'waiting', advisor, now);
  jobs.move(a.id, 'in-service', advisor, now);
  const b = jobs.createDirect({ plate: '粤B67890', services: ['oil-change'] }, advisor, now).job;
  jobs.move(b.id, 'waiting', advisor, now);
  return b.id;
}

const sentOf = (id: string) =>
  sent.filter((p) => p.collection === 'jobs' && p.id === id).map((p) => p.value as JobView);

describe('the ETA sent to the screens', () => {
  it('does not move when a car crosses a free bay for under a minute', () => {
    const waiting = twoJobs();
    const before = jobs.get(waiting, now);
    expect(before.late).toBe(false);
    sent.length = 0;
    for (let t = 0; t < 6; t++) {
      now += TICK;
      if (t === 1) bay2(true); // a car rolls onto bay 2 (no job: a bay notice for staff)
      if (t === 2) bay2(false); // and leaves 30 s later
      jobs.tick(now);
    }
    // The bay's flicker reached the screens as bay notices; no job's ETA or lateness moved.
    expect(sentOf(waiting)).toEqual([]);
    expect(jobs.get(waiting, now)).toMatchObject({ eta: before.eta, late: false });
  });

  it('moves once a busy bay has lasted, by the real change', () => {
    const waiting = twoJobs();
    const before = jobs.get(waiting, now).eta!;
    bay2(true);
    const busySince = now;
    let changedAt: number | null = null;
    for (let t = 0; t < 8 && changedAt === null; t++) {
      now += TICK;
      jobs.tick(now);
      if (jobs.get(waiting, now).eta !== before) changedAt = now;
    }
    expect(changedAt).not.toBeNull();
    // Not before the change had lasted, and sent to the screens as it was shown.
    expect(changedAt! - busySince).toBeGreaterThanOrEqual(STEADY.holdMs);
    const shown = sentOf(waiting).at(-1)!;
    expect(shown.eta! - before).toBeGreaterThanOrEqual(55 * MIN);
    expect(shown.eta).toBe(jobs.get(waiting, now).eta);
  });

  it('moves at once when the job itself moves', () => {
    const waiting = twoJobs();
    const before = jobs.get(waiting, now).eta!;
    now += MIN;
    store.bays.saveState('bay-2', { occupied: false, lift: 'down', door: 'closed', since: now }, now);
    jobs.update(waiting, { bayId: 'bay-2' }, advisor, now);
    const started = jobs.move(waiting, 'in-service', advisor, now);
    expect(started.eta).not.toBe(before);
    expect(sentOf(waiting).at(-1)!.eta).toBe(started.eta);
  });
});
