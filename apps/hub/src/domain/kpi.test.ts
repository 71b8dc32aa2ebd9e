import { describe, expect, it } from 'vitest';
import {
  bookingNoShowRate,
  deskTime,
  leadTimes,
  noShowRate,
  onTime,
  satisfaction,
  walkInWait,
  type KpiBooking,
  type KpiJob,
  type KpiTicket,
} from './kpi.ts';

// Shop time UTC+8; day 0 is Monday 2 March 2026. at(d, h, m) is local h:m on day d.
const TZ = 480;
const at = (d: number, h: number, m = 0) => Date.UTC(2026, 2, 2 + d, h - 8, m);
const day = (o: { by?: 'all' | 'lane' } = {}) => ({ period: 'day' as const, by: o.by ?? 'all', tzOffsetMin: TZ });

const ticket = (id: string, over: Partial<KpiTicket>): KpiTicket => ({
  id,
  laneId: 'maintenance',
  walkIn: true,
  createdAt: at(0, 9),
  firstCalledAt: null,
  lastCalledAt: null,
  status: 'waiting',
  closedAt: null,
  ...over,
});
const tickets: KpiTicket[] = [
  // t1 recalled once: first call 09:10, answered the recall at 09:12, served 09:20.
  ticket('t1', { firstCalledAt: at(0, 9, 10), lastCalledAt: at(0, 9, 12), status: 'served', closedAt: at(0, 9, 20) }),
  ticket('t2', {
    createdAt: at(0, 9, 5),
    firstCalledAt: at(0, 9, 25),
    lastCalledAt: at(0, 9, 25),
    status: 'served',
    closedAt: at(0, 9, 31),
  }),
  ticket('t3', {
    createdAt: at(0, 9, 30),
    firstCalledAt: at(0, 10),
    lastCalledAt: at(0, 10),
    status: 'no-show',
    closedAt: at(0, 10, 5),
  }),
  ticket('t4', {
    laneId: 'repair',
    firstCalledAt: at(0, 9, 45),
    lastCalledAt: at(0, 9, 45),
    status: 'served',
    closedAt: at(0, 10),
  }),
  // t5 came with a booking: no walk-in wait, but its time at the desk counts.
  ticket('t5', {
    walkIn: false,
    firstCalledAt: at(0, 9, 2),
    lastCalledAt: at(0, 9, 2),
    status: 'served',
    closedAt: at(0, 9, 10),
  }),
  ticket('t6', {}),
  ticket('t7', {
    createdAt: at(1, 9),
    firstCalledAt: at(1, 9, 6),
    lastCalledAt: at(1, 9, 6),
    status: 'served',
    closedAt: at(1, 9, 11),
  }),
];

describe('queue KPIs', () => {
  it('walk-in wait is ticket → first call, walk-ins only, per day and lane', () => {
    const all = walkInWait(tickets, day());
    // Day 0 walk-ins called: t1 10, t2 20, t3 30, t4 45 min. Mean 105/4 = 26.25; median (20+30)/2 = 25;
    // p90 = the ⌈0.9·4⌉ = 4th value = 45.
    expect(all[0]).toMatchObject({ period: '2026-03-02', key: 'all', n: 4, mean: 26.25, median: 25, p90: 45, max: 45 });
    expect(all[0]!.ids).toEqual(['t1', 't2', 't3', 't4']);
    // Day 1: t7 6 min.
    expect(all[1]).toMatchObject({ period: '2026-03-03', n: 1, mean: 6 });
    const lanes = walkInWait(tickets, day({ by: 'lane' }));
    // maintenance: 10, 20, 30 → mean 20, p90 = 3rd value = 30; repair: 45.
    expect(lanes.map((r) => [r.period, r.key, r.mean, r.p90])).toEqual([
      ['2026-03-02', 'maintenance', 20, 30],
      ['2026-03-02', 'repair', 45, 45],
      ['2026-03-03', 'maintenance', 6, 6],
    ]);
  });

  it('time at the desk runs from the call the customer answered to served', () => {
    const [d0] = deskTime(tickets, day());
    // t1 09:12→09:20 = 8, t2 6, t4 15, t5 8 (t3 was a no-show). Mean 37/4 = 9.25; median (8+8)/2 = 8.
    expect(d0).toMatchObject({ n: 4, mean: 9.25, median: 8, p90: 15 });
  });

  it('no-show rate counts called tickets that never came, out of those closed at a desk', () => {
    const [d0] = noShowRate(tickets, day());
    // Served t1 t2 t4 t5, no-show t3: 1/5 = 0.2. Waiting t6 is not judged.
    expect(d0).toMatchObject({ n: 5, k: 1, rate: 0.2, ids: ['t3'] });
  });

  it('booking no-show rate judges only bookings past their grace hour', () => {
    const bookings: KpiBooking[] = [
      { id: 'b1', laneId: 'repair', bookedAt: at(0, 9), status: 'arrived' },
      { id: 'b2', laneId: 'repair', bookedAt: at(0, 10), status: 'booked' }, // due by 11:00, never came
      { id: 'b3', laneId: 'repair', bookedAt: at(0, 11, 30), status: 'booked' }, // still has until 12:30
      { id: 'b4', laneId: 'repair', bookedAt: at(0, 9), status: 'cancelled' },
    ];
    // At 12:00: b1 arrived, b2 no-show → 1/2.
    expect(bookingNoShowRate(bookings, at(0, 12), day())).toEqual([
      { period: '2026-03-02', by: 'all', key: 'all', n: 2, k: 1, rate: 0.5, ids: ['b2'] },
    ]);
  });
});

const job = (id: string, over: Partial<KpiJob>): KpiJob => ({
  id,
  plate: id,
  services: ['oil-change'],
  laneId: 'maintenance',
  bayId: 'bay-1',
  technician: 'Wang',
  createdAt: at(0, 9),
  promisedAt: null,
  readyAt: null,
  deliveredAt: null,
  cancelled: false,
  rating: null,
  ...over,
});
const jobs: KpiJob[] = [
  // j1: ready 80 min after check-in, 10 min before the promise; collected 40 min later; 5 stars.
  job('j1', {
    promisedAt: at(0, 10, 30),
    readyAt: at(0, 10, 20),
    deliveredAt: at(0, 11),
    rating: { stars: 5, comment: null, at: at(0, 11, 5) },
  }),
  // j2: 140 min, 20 min late; collected 40 min later; 2 stars with a comment.
  job('j2', {
    services: ['brake-pads'],
    laneId: 'repair',
    bayId: 'bay-2',
    technician: 'Li',
    createdAt: at(0, 9, 30),
    promisedAt: at(0, 11, 30),
    readyAt: at(0, 11, 50),
    deliveredAt: at(0, 12, 30),
    rating: { stars: 2, comment: 'waited too long', at: at(0, 12, 40) },
  }),
  // j3: 70 min, 10 min late (inside ±15), not collected yet.
  job('j3', {
    services: ['tyre-rotation', 'oil-change'],
    laneId: 'tyres',
    createdAt: at(0, 10),
    promisedAt: at(0, 11),
    readyAt: at(0, 11, 10),
  }),
  // j4 cancelled: counts nowhere.
  job('j4', { createdAt: at(0, 10), promisedAt: at(0, 11), readyAt: at(0, 12), cancelled: true }),
  // j5: 60 min, no promise at check-in (no ETA then); collected 30 min later; 4 stars.
  job('j5', {
    services: ['ac-service'],
    bayId: 'bay-3',
    technician: 'Li',
    createdAt: at(0, 13),
    readyAt: at(0, 14),
    deliveredAt: at(0, 14, 30),
    rating: { stars: 4, comment: null, at: at(0, 14, 40) },
  }),
];

describe('job KPIs', () => {
  it('lead times: check-in → ready and ready → delivered', () => {
    const [d0] = leadTimes(jobs, { period: 'day', by: 'all', tzOffsetMin: TZ });
    // check-in → ready: 80, 140, 70, 60 → mean 350/4 = 87.5, median (70+80)/2 = 75, p90 140.
    expect(d0!.checkinToReady).toEqual({ n: 4, mean: 87.5, median: 75, p90: 140, max: 140 });
    // ready → delivered: 40, 40, 30 (j3 still waiting) → mean 110/3, median 40.
    expect(d0!.readyToDelivered.n).toBe(3);
    expect(d0!.readyToDelivered.mean).toBeCloseTo(110 / 3, 10);
    expect(d0!.readyToDelivered.median).toBe(40);
  });

  it('slices lead times by technician and by each service of a job', () => {
    const tech = leadTimes(jobs, { period: 'day', by: 'technician', tzOffsetMin: TZ });
    // Li: j2 140, j5 60 → 100; Wang: j1 80, j3 70 → 75.
    expect(tech.map((r) => [r.key, r.checkinToReady.mean])).toEqual([
      ['Li', 100],
      ['Wang', 75],
    ]);
    const svc = leadTimes(jobs, { period: 'week', by: 'service', tzOffsetMin: TZ });
    // j3 counts under both its services: oil-change j1 80, j3 70 → 75; tyre-rotation j3 70.
    expect(svc.map((r) => [r.period, r.key, r.checkinToReady.mean])).toEqual([
      ['2026-W10', 'ac-service', 60],
      ['2026-W10', 'brake-pads', 140],
      ['2026-W10', 'oil-change', 75],
      ['2026-W10', 'tyre-rotation', 70],
    ]);
  });

  it('on-time rate, the ±15 min share and the ETA error, against the check-in promise', () => {
    const [d0] = onTime(jobs, { period: 'day', by: 'all', tzOffsetMin: TZ });
    // Judged: j1 (−10), j2 (+20), j3 (+10); j5 had no promise. On time: j1 only → 1/3.
    // Within ±15: j1, j3 → 2/3. Mean error (−10+20+10)/3 = 20/3; mean |error| (10+20+10)/3 = 40/3.
    expect(d0).toMatchObject({ n: 3, onTime: 1, withinWindow: 2, ids: ['j2', 'j3'] });
    expect(d0!.onTimeRate).toBeCloseTo(1 / 3, 10);
    expect(d0!.withinWindowRate).toBeCloseTo(2 / 3, 10);
    expect(d0!.etaErrorMean).toBeCloseTo(20 / 3, 10);
    expect(d0!.etaErrorMeanAbs).toBeCloseTo(40 / 3, 10);
  });

  it('satisfaction: mean, distribution and the low ratings with their comments', () => {
    const [d0] = satisfaction(jobs, { period: 'day', by: 'all', tzOffsetMin: TZ });
    // 5, 2, 4 → mean 11/3; one each of 2, 4 and 5 stars; j2 is low (≤ 2).
    expect(d0!.n).toBe(3);
    expect(d0!.mean).toBeCloseTo(11 / 3, 10);
    expect(d0!.distribution).toEqual([0, 1, 0, 1, 1]);
    expect(d0!.low).toEqual([{ jobId: 'j2', stars: 2, comment: 'waited too long' }]);
  });
});
