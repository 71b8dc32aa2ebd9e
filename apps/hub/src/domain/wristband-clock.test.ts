import { describe, expect, it } from 'vitest';
import {
  CLOCK_REBASE_MS,
  LIVE_SLACK_MS,
  clockFromStatus,
  clockWithEvent,
  judgeEventTime,
  pairBasis,
} from './wristband-clock.ts';

const MIN = 60_000;
const NOW = 1_800_000_000_000;
const TOL = 30_000;

describe('a band’s clock offset', () => {
  it('starts from the band’s online status and is lowered only by more punctual events', () => {
    // Seven minutes slow; the status took 900 ms to arrive.
    let c = clockFromStatus(NOW - 7 * MIN - 900, NOW);
    expect(c).toEqual({ offsetMs: 7 * MIN + 900, since: NOW });
    c = clockWithEvent(c, NOW + 1000 - 7 * MIN - 40, NOW + 1000);
    expect(c.offsetMs).toBe(7 * MIN + 40);
    // A backlog event, twelve minutes late, leaves the estimate alone.
    c = clockWithEvent(c, NOW + 2000 - 19 * MIN, NOW + 2000);
    expect(c).toEqual({ offsetMs: 7 * MIN + 40, since: NOW });
  });

  it('is learnt again from the next event after half a day without a status', () => {
    const c = clockWithEvent(clockFromStatus(NOW, NOW), NOW + CLOCK_REBASE_MS + 1 - 5 * MIN, NOW + CLOCK_REBASE_MS + 1);
    expect(c.offsetMs).toBe(5 * MIN);
    expect(clockWithEvent(null, NOW - 20, NOW)).toEqual({ offsetMs: 20, since: NOW });
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
