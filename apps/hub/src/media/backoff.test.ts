import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffFailure, backoffOnline, freshBackoff, type BackoffState } from './backoff.ts';

/** Drive the policy with a fake clock: each step is a failure or an "online" at a given time. */
function run(steps: { at: number; event: 'fail' | 'online' }[]) {
  let state: BackoffState = freshBackoff();
  const delays: number[] = [];
  for (const { at, event } of steps) {
    if (event === 'online') state = backoffOnline(state, at);
    else {
      const r = backoffFailure(DEFAULT_BACKOFF, state, at);
      state = r.state;
      delays.push(r.delayMs);
    }
  }
  return delays;
}

describe('camera restart back-off', () => {
  it('doubles the wait after each failure in a row and stops at the cap', () => {
    let t = 0;
    const steps = Array.from({ length: 8 }, () => ({ at: (t += 500), event: 'fail' as const }));
    expect(run(steps)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('keeps counting when a camera comes back only briefly before dropping again', () => {
    expect(
      run([
        { at: 0, event: 'fail' },
        { at: 1_000, event: 'fail' },
        { at: 5_000, event: 'online' },
        { at: 10_000, event: 'fail' }, // 5 s of video is not "back for good"
      ]),
    ).toEqual([1000, 2000, 4000]);
  });

  it('starts again from the shortest wait once the camera has run for a while', () => {
    expect(
      run([
        { at: 0, event: 'fail' },
        { at: 1_000, event: 'fail' },
        { at: 3_000, event: 'fail' },
        { at: 10_000, event: 'online' },
        { at: 10_000 + DEFAULT_BACKOFF.resetAfterMs, event: 'fail' },
        { at: 50_000, event: 'fail' },
      ]),
    ).toEqual([1000, 2000, 4000, 1000, 2000]);
  });
});
