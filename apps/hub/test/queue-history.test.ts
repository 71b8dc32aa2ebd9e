// The wait told at the kiosk learns each lane's desk time from the days before (#17's queue target):
// a hub started on a store whose desk served yesterday's maintenance customers in about 20 minutes
// each tells the second customer of a new morning a wait of that size, where a hub without that
// history falls back to the lane's standard 6 minutes.
import { afterEach, describe, expect, it } from 'vitest';
import { CheckInRequestSchema, type CheckInReceipt } from '@glassbay/protocol';
import type { Hub } from '../src/hub.ts';
import { localDayStart } from '../src/domain/desk-breaks.ts';
import { addStaff, signIn, startTestHub, tempDataDir } from '../src/testing.ts';
import { openRepositories, queueOnStore } from '../src/tools.ts';
import { checkIn, desk, walkIn } from './queue-helpers.ts';

const MIN = 60_000;

/** Yesterday from noon: `count` maintenance customers, each `deskMin` minutes at desk 1. */
function servedYesterday(dataDir: string, count: number, deskMin: number) {
  const store = openRepositories(`${dataDir}/glassbay.db`);
  try {
    const { service, checkin } = queueOnStore(store.db);
    const id = store.staff.insert({ username: 'yesterday', displayName: 'Y', role: 'advisor', passwordHash: 'x' }, 0);
    const advisor = { id, username: 'yesterday', displayName: 'Y', role: 'advisor', active: true } as const;
    let t = localDayStart(Date.now()) - 12 * 60 * MIN;
    service.openDesk('desk-1', advisor, t);
    for (let i = 0; i < count; i++) {
      const req = CheckInRequestSchema.parse(walkIn({ plate: `粤B${String(20000 + i)}` }));
      checkin.checkIn(req, 'test', t);
      service.callNext('desk-1', advisor, t + 30_000);
      t += 30_000 + deskMin * MIN;
      service.serve('desk-1', advisor, t);
      t += 30_000;
    }
    service.closeDesk('desk-1', advisor, t);
  } finally {
    store.db.close();
  }
}

/** Open desk 1 on a fresh morning, check in two maintenance customers: the second one's told wait. */
async function secondCustomersWait(dataDir: string) {
  await addStaff(dataDir, 'li.advisor', 'advisor', 'advisor password 1');
  hub = await startTestHub({ dataDir });
  const li = await signIn(hub.httpUrl, 'li.advisor', 'advisor password 1');
  expect((await desk(hub.httpUrl, li, 'desk-1', 'open')).status).toBe(200);
  const first = await checkIn(hub.httpUrl, walkIn({ plate: '粤B30001' }));
  expect(first.status).toBe(200);
  const second = await checkIn(hub.httpUrl, walkIn({ plate: '粤B30002' }));
  expect(second.status).toBe(200);
  return (second.body as CheckInReceipt).ticket.wait;
}

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
});

describe("the kiosk's wait learns the lanes' desk times from the days before", () => {
  it("tells the second customer of the morning yesterday's 20-minute desk time, not the standard 6", async () => {
    const dataDir = tempDataDir();
    servedYesterday(dataDir, 12, 20);
    const wait = await secondCustomersWait(dataDir);
    // One desk, one customer ahead taking ~20 min (plus the hand-over): a range around 20 minutes.
    expect(wait).toMatchObject({ kind: 'range', basis: 'recent' });
    if (wait?.kind !== 'range') throw new Error('expected a range');
    expect(wait.lowMin).toBeGreaterThanOrEqual(10);
    expect(wait.lowMin).toBeLessThanOrEqual(21);
    expect(wait.highMin).toBeGreaterThanOrEqual(21);
  });

  it('without history says the standard time, with its wide spread', async () => {
    const wait = await secondCustomersWait(tempDataDir());
    expect(wait).toMatchObject({ kind: 'range', basis: 'default' });
    if (wait?.kind !== 'range') throw new Error('expected a range');
    expect(wait.highMin).toBeLessThanOrEqual(15);
  });
});
