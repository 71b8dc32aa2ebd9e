import { describe, expect, it } from 'vitest';
import { applyReading, unknownBayState } from './bays.ts';
import { applyStatus } from './devices.ts';

describe('applyReading', () => {
  const t0 = 1_700_000_000_000;

  it('marks a bay occupied from when the hub saw it, not the device clock', () => {
    const d = applyReading(unknownBayState(), null, { seq: 1, ts: 5, occupied: true }, t0);
    expect(d).toEqual({
      accepted: true,
      occupancyChanged: true,
      stateChanged: true,
      state: { occupied: true, lift: null, door: null, since: t0 },
    });
  });

  it('keeps `since` when only the lift moves', () => {
    const s1 = applyReading(unknownBayState(), null, { seq: 1, ts: 0, occupied: true }, t0);
    if (!s1.accepted) throw new Error('expected accepted');
    const s2 = applyReading(s1.state, 1, { seq: 2, ts: 0, lift: 'up' }, t0 + 60_000);
    expect(s2).toMatchObject({
      accepted: true,
      occupancyChanged: false,
      stateChanged: true,
      state: { occupied: true, lift: 'up', since: t0 },
    });
  });

  it('tells a reading that repeats the state (a periodic report) from one that changes it', () => {
    const s = { occupied: true, lift: 'up' as const, door: 'closed' as const, since: t0 };
    const repeat = applyReading(s, 1, { seq: 2, ts: 0, occupied: true, lift: 'up' }, t0 + 5_000);
    expect(repeat).toEqual({ accepted: true, occupancyChanged: false, stateChanged: false, state: s });
    expect(applyReading(s, 1, { seq: 2, ts: 0, door: 'open' }, t0 + 5_000)).toMatchObject({ stateChanged: true });
    // A bay never reported: its first reading starts the clock even when it says nothing new.
    expect(applyReading(unknownBayState(), null, { seq: 1, ts: 0 }, t0)).toMatchObject({
      stateChanged: true,
      state: { since: t0 },
    });
  });

  it('ignores a redelivered or overtaken reading', () => {
    const s = { occupied: true, lift: 'up' as const, door: null, since: t0 };
    expect(applyReading(s, 7, { seq: 7, ts: 0, occupied: false }, t0)).toEqual({ accepted: false, reason: 'stale' });
    expect(applyReading(s, 7, { seq: 3, ts: 0, occupied: false }, t0)).toEqual({ accepted: false, reason: 'stale' });
  });
});

describe('applyStatus', () => {
  const p = { online: false, battery: 80, firmware: '1.0.0', lastSeen: 1, lastSeq: 41 };

  it('resets the sequence window when a device comes back online', () => {
    expect(applyStatus(p, { online: true }, 10)).toEqual({ ...p, online: true, lastSeen: 10, lastSeq: null });
  });

  it('resets it too when a device rebooted before the broker saw it go', () => {
    const on = { ...p, online: true };
    expect(applyStatus(on, { online: true, firmware: '1.0.1' }, 30)).toMatchObject({
      lastSeq: null,
      firmware: '1.0.1',
    });
  });

  it('keeps battery and firmware when the last will arrives', () => {
    const on = { ...p, online: true };
    expect(applyStatus(on, { online: false }, 20)).toEqual({ ...on, online: false, lastSeen: 20 });
  });
});
