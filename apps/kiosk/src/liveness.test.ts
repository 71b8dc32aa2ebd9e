import { describe, expect, it } from 'vitest';
import { initialLiveness, livenessVerdict, PageLiveness, type LivenessPolicy } from './liveness.ts';
import { memoryLog } from './log.ts';
import { manualTimers } from './testing.ts';

const policy: LivenessPolicy = { silentMs: 180_000, disconnectedMs: 180_000 };

describe('liveness verdict', () => {
  it('never judges a page of a hub whose screens do not beat, nor the offline page', () => {
    expect(livenessVerdict({ ...initialLiveness, hubPageSince: 0 }, 10 * 180_000, policy)).toBeNull();
    const offline = { ...initialLiveness, beatsSeen: true, lastBeatAt: 0 };
    expect(livenessVerdict(offline, 10 * 180_000, policy)).toBeNull();
  });

  it('counts silence from the last beat or the load, whichever is later', () => {
    const s = { ...initialLiveness, hubPageSince: 100_000, beatsSeen: true, lastBeatAt: 50_000 };
    expect(livenessVerdict(s, 279_999, policy)).toBeNull();
    expect(livenessVerdict(s, 280_000, policy)).toMatch(/^silent page: no heartbeat for 180 s/);
  });

  it('reloads a page that keeps beating with its hub link down', () => {
    const s = { hubPageSince: 0, beatsSeen: true, lastBeatAt: 200_000, disconnectedSince: 20_000 };
    expect(livenessVerdict(s, 199_999, policy)).toBeNull();
    expect(livenessVerdict(s, 200_000, policy)).toMatch(/lost the hub 180 s ago/);
  });
});

describe('page liveness', () => {
  function setup() {
    const timers = manualTimers(1_000_000);
    const reloads: string[] = [];
    const live = new PageLiveness({ timers, now: timers.now, reload: (r) => reloads.push(r), log: memoryLog() });
    live.start();
    return { timers, reloads, live };
  }

  it('reloads a page that fell silent after a few minutes, once, and judges the new page afresh', () => {
    const { timers, reloads, live } = setup();
    live.loaded(true);
    for (let i = 0; i < 20; i++) {
      live.beat({ path: '/lounge', connected: true });
      timers.advance(15_000);
    }
    expect(reloads).toEqual([]);
    // The page freezes after its last beat, 15 s ago.
    timers.advance(160_000);
    expect(reloads).toEqual([]);
    timers.advance(18_000);
    expect(reloads).toHaveLength(1);
    timers.advance(600_000); // the reload has not finished loading: nothing more to judge
    expect(reloads).toHaveLength(1);
    live.loaded(true);
    live.beat({ path: '/lounge', connected: true });
    timers.advance(100_000);
    expect(reloads).toHaveLength(1);
  });

  it('reloads a page whose socket stays dead while it beats', () => {
    const { timers, reloads, live } = setup();
    live.loaded(true);
    for (let i = 0; i < 14; i++) {
      live.beat({ path: '/queue', connected: false });
      timers.advance(15_000);
    }
    expect(reloads).toHaveLength(1);
    expect(reloads[0]).toMatch(/lost the hub/);
  });

  it('forgets a lost link that came back', () => {
    const { timers, reloads, live } = setup();
    live.loaded(true);
    for (let i = 0; i < 40; i++) {
      live.beat({ path: '/queue', connected: i % 8 !== 0 });
      timers.advance(15_000);
    }
    expect(reloads).toEqual([]);
  });
});
