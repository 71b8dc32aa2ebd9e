import { describe, expect, it } from 'vitest';
import { LIVE_SLACK_MS, OFFSET_WINDOW_MS, addSample, judgeEventTime, offsetOf, pairBasis } from './wristband-clock.ts';

const MIN = 60_000;
const NOW = 1_800_000_000_000;
const TOL = 30_000;

describe('a band’s clock offset', () => {
  it('is the smallest recent lag: delivery delay only ever adds to it', () => {
    let s = addSample([], { lag: 7 * MIN + 900, at: NOW });
    s = addSample(s, { lag: 7 * MIN + 40, at: NOW + 1000 });
    s = addSample(s, { lag: 19 * MIN, at: NOW + 2000 }); // a backlog event
    expect(offsetOf(s)).toBe(7 * MIN + 40);
  });

  it('forgets samples older than its window, so a corrected clock is learnt again', () => {
    let s = addSample([], { lag: -5 * MIN, at: NOW });
    s = addSample(s, { lag: 20, at: NOW + OFFSET_WINDOW_MS + 1 });
    expect(offsetOf(s)).toBe(20);
    expect(offsetOf([])).toBeNull();
  });
});

describe('when an event happened', () => {
  it('trusts a band whose clock agrees with the hub and uses its own timestamp', () => {
    expect(judgeEventTime({ ts: NOW - 80, receivedAt: NOW }, 80, TOL)).toEqual({
      at: NOW - 80,
      basis: 'device',
      trusted: true,
      live: true,
    });
  });

  it('uses the hub’s receive time for a live event from a band whose clock is minutes off', () => {
    const lag = 7 * MIN + 60;
    expect(judgeEventTime({ ts: NOW - lag, receivedAt: NOW }, 7 * MIN + 20, TOL)).toEqual({
      at: NOW,
      basis: 'hub',
      trusted: false,
      live: true,
    });
  });

  it('uses the band’s own time, corrected by its offset, for a backlog sent after an outage', () => {
    // A band 5 minutes fast whose event waited 12 minutes to be sent.
    const offset = -5 * MIN;
    const happened = NOW - 12 * MIN;
    const t = judgeEventTime({ ts: happened + 5 * MIN, receivedAt: NOW }, offset, TOL);
    expect(t).toEqual({ at: happened, basis: 'device', trusted: false, live: false });
    // A right clock's backlog is taken as it is.
    expect(judgeEventTime({ ts: happened, receivedAt: NOW }, 0, TOL)).toMatchObject({ at: happened, live: false });
  });

  it('counts a delay within the slack as live', () => {
    const t = judgeEventTime({ ts: NOW - 7 * MIN - LIVE_SLACK_MS, receivedAt: NOW }, 7 * MIN, TOL);
    expect(t).toMatchObject({ basis: 'hub', live: true });
  });

  it('judges a duration by the hub when either end came from its receive times', () => {
    expect(pairBasis('device', 'device')).toBe('device');
    expect(pairBasis('hub', 'device')).toBe('hub');
    expect(pairBasis('device', 'hub')).toBe('hub');
  });
});
