import { describe, expect, it } from 'vitest';
import type { MaintenanceRule } from '@glassbay/protocol';
import { dueItems } from './maintenance.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 2);
const rule = (over: Partial<MaintenanceRule>): MaintenanceRule => ({
  code: 'engine-oil',
  name: { zh: '机油机滤', en: 'Engine oil and filter' },
  serviceCodes: ['oil-change', 'major-service'],
  everyKm: 5000,
  everyMonths: 6,
  active: true,
  ...over,
});

describe('due maintenance', () => {
  it('says "5,400 km since the last oil change" and that it is due', () => {
    const [oil] = dueItems(
      [rule({})],
      [{ at: NOW - 90 * DAY, mileageKm: 40000, services: ['oil-change'] }],
      NOW,
      45400,
    );
    expect(oil).toMatchObject({ status: 'due', kmSince: 5400, monthsSince: 2, lastDoneKm: 40000 });
  });

  it('is due by time alone when the car is driven little', () => {
    const [oil] = dueItems(
      [rule({})],
      [{ at: NOW - 200 * DAY, mileageKm: 40000, services: ['major-service'] }],
      NOW,
      41000,
    );
    expect(oil).toMatchObject({ status: 'due', kmSince: 1000, monthsSince: 6 });
  });

  it('warns "soon" from 90% of the interval and "ok" before', () => {
    const visits = [{ at: NOW - 10 * DAY, mileageKm: 40000, services: ['oil-change'] }];
    expect(dueItems([rule({})], visits, NOW, 44600)[0]!.status).toBe('soon');
    expect(dueItems([rule({})], visits, NOW, 42000)[0]!.status).toBe('ok');
  });

  it('uses the newest visit that did the service, and says "unknown" when none did', () => {
    const visits = [
      { at: NOW - 400 * DAY, mileageKm: 20000, services: ['brake-fluid'] },
      { at: NOW - 30 * DAY, mileageKm: 44000, services: ['tyre-rotation'] },
    ];
    const items = dueItems(
      [rule({}), rule({ code: 'brake-fluid', serviceCodes: ['brake-fluid'], everyKm: null, everyMonths: 24 })],
      visits,
      NOW,
      45000,
    );
    expect(items[0]).toMatchObject({ code: 'engine-oil', status: 'unknown', lastDoneAt: null });
    expect(items[1]).toMatchObject({ code: 'brake-fluid', status: 'ok', monthsSince: 13 });
  });

  it('leaves out rules the shop switched off', () => {
    expect(dueItems([rule({ active: false })], [], NOW, 1000)).toEqual([]);
  });
});
