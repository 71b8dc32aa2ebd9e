import { describe, expect, expectTypeOf, it } from 'vitest';
import { BaySensorReading, DeviceStatus, WristbandEvent } from './payloads.ts';
import { maskPlate } from './plate.ts';
import { applyPatch, emptyState, type Patch, type ServerToClientEvents } from './realtime.ts';
import { type SocketEvents } from './realtime.ts';
import type { BayView } from './domain.ts';

describe('payload schemas', () => {
  it('accepts a reading with one observation and refuses one with none', () => {
    expect(BaySensorReading.safeParse({ seq: 1, ts: 1, lift: 'up' }).success).toBe(true);
    const none = BaySensorReading.safeParse({ seq: 1, ts: 1 });
    expect(none.success).toBe(false);
    expect(none.error?.issues[0]?.message).toMatch(/at least one of occupied, lift, door/);
  });

  it('refuses unknown fields, wrong types and negative sequence numbers', () => {
    expect(BaySensorReading.safeParse({ seq: 1, ts: 1, occupied: true, extra: 1 }).success).toBe(false);
    expect(BaySensorReading.safeParse({ seq: -1, ts: 1, occupied: true }).success).toBe(false);
    expect(BaySensorReading.safeParse({ seq: 1.5, ts: 1, occupied: true }).success).toBe(false);
    expect(BaySensorReading.safeParse({ seq: 1, ts: 1, lift: 'sideways' }).success).toBe(false);
    expect(DeviceStatus.safeParse({ online: 'yes' }).success).toBe(false);
    expect(DeviceStatus.safeParse({ online: true, battery: 120 }).success).toBe(false);
  });

  it('requires a wristband event id that can be deduplicated', () => {
    const ok = { id: 'evt-000001', ts: 1, tech: 't1', bay: 'bay-1', step: 'oil-drain', kind: 'end' };
    expect(WristbandEvent.safeParse(ok).success).toBe(true);
    expect(WristbandEvent.safeParse({ ...ok, id: 'x' }).success).toBe(false);
    expect(WristbandEvent.safeParse({ ...ok, id: "evt'; DROP TABLE jobs;--" }).success).toBe(false);
  });
});

describe('maskPlate', () => {
  it('shows region and two characters at each end, never the whole plate', () => {
    expect(maskPlate('粤B12345')).toBe('粤B·1**45');
    expect(maskPlate('粤BD12345')).toBe('粤B·D***45');
    expect(maskPlate('abc 1234')).toBe('AB·C**34');
    expect(maskPlate('AB1')).toBe('A**');
  });
});

describe('realtime contract', () => {
  it('applies upserts and removals', () => {
    const s = emptyState();
    const bay: BayView = {
      id: 'b',
      name: 'B',
      position: 1,
      occupied: true,
      lift: 'up',
      door: null,
      since: 1,
      sensors: [],
    };
    applyPatch(s, { epoch: 'e', rev: 1, collection: 'bays', id: 'b', value: bay });
    expect(s.bays.b).toEqual(bay);
    applyPatch(s, { epoch: 'e', rev: 2, collection: 'bays', id: 'b', value: null });
    expect(s.bays).toEqual({});
  });

  it('ties each event name to its payload type', () => {
    expectTypeOf<ServerToClientEvents[typeof SocketEvents.patches]>().parameter(0).toEqualTypeOf<Patch[]>();
    // A patch's value is typed by its collection.
    expectTypeOf<Extract<Patch, { collection: 'bays' }>['value']>().toEqualTypeOf<BayView | null>();
  });
});
