import type { BayView } from '@glassbay/protocol';
import { describe, expect, it } from 'vitest';
import { describeBay, gridShape, orderBays, summarise } from './bay-status.ts';

const T0 = 1_700_000_000_000;
const bay = (over: Partial<BayView> = {}): BayView => ({
  id: 'bay-1',
  name: '1号工位',
  position: 1,
  occupied: true,
  lift: 'up',
  door: null,
  since: T0,
  sensors: [{ id: 's1', online: true, lastSeen: T0, seq: 3 }],
  ...over,
});

describe('describeBay', () => {
  it('shows an occupied bay with the whole minutes since it changed', () => {
    expect(describeBay(bay(), T0 + 12 * 60_000 + 59_000)).toMatchObject({
      occupancy: 'occupied',
      lift: 'up',
      sensor: 'online',
      minutes: 12,
      lastKnown: false,
    });
  });

  it('says "no data" for a bay that has never reported, without a duration', () => {
    const d = describeBay(bay({ occupied: null, lift: null, since: null }), T0);
    expect(d.occupancy).toBe('unknown');
    expect(d.minutes).toBeNull();
  });

  it('marks the sensor offline when any sensor of the bay is, and the state as last known', () => {
    const d = describeBay(
      bay({
        sensors: [
          { id: 's1', online: true, lastSeen: T0, seq: 1 },
          { id: 's2', online: false, lastSeen: T0, seq: 1 },
        ],
      }),
      T0,
    );
    expect(d.sensor).toBe('offline');
    expect(d.lastKnown).toBe(true);
  });

  it('tells a bay without a sensor apart from one whose sensor is offline', () => {
    expect(describeBay(bay({ sensors: [] }), T0).sensor).toBe('none');
  });

  it('never shows negative minutes when the screen clock is behind the hub', () => {
    expect(describeBay(bay(), T0 - 90_000).minutes).toBe(0);
  });
});

describe('orderBays and summarise', () => {
  it('orders by position, then id', () => {
    const bays = {
      c: bay({ id: 'c', position: 2 }),
      b: bay({ id: 'b', position: 1 }),
      a: bay({ id: 'a', position: 2 }),
    };
    expect(orderBays(bays).map((b) => b.id)).toEqual(['b', 'a', 'c']);
  });

  it('counts free, occupied and bays with a sensor offline', () => {
    const s = summarise([
      bay({ occupied: true }),
      bay({ occupied: false }),
      bay({ occupied: null, sensors: [{ id: 'x', online: false, lastSeen: null, seq: null }] }),
    ]);
    expect(s).toEqual({ free: 1, occupied: 1, offline: 1 });
  });
});

describe('gridShape', () => {
  it('puts eight bays on a 1080p TV in four columns and two rows', () => {
    expect(gridShape(8, 1864, 924)).toEqual({ cols: 4, rows: 2 });
  });

  it('uses the width for few bays and adds rows as bays are added', () => {
    expect(gridShape(3, 1864, 924)).toEqual({ cols: 3, rows: 1 });
    expect(gridShape(6, 1864, 924)).toEqual({ cols: 3, rows: 2 });
  });

  it('never makes cards larger when a bay is added', () => {
    const side = (n: number) => {
      const { cols, rows } = gridShape(n, 1864, 924);
      return Math.min(1864 / cols, 924 / rows);
    };
    for (let n = 2; n <= 40; n++) expect(side(n)).toBeLessThanOrEqual(side(n - 1));
  });

  it('stacks bays on a portrait screen', () => {
    expect(gridShape(3, 1000, 1800)).toEqual({ cols: 1, rows: 3 });
  });

  it('always fits every bay', () => {
    for (let n = 1; n <= 40; n++) {
      const { cols, rows } = gridShape(n, 1864, 924);
      expect(cols * rows).toBeGreaterThanOrEqual(n);
    }
  });
});
