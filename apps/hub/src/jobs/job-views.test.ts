import { FOLLOW_TOKEN_PATTERN, type Approval } from '@glassbay/protocol';
import { describe, expect, it } from 'vitest';
import { estimateByStep } from '../domain/eta-steps.ts';
import type { JobRecord } from './jobs.repository.ts';
import { hashFollowToken, mintFollowToken, toStepEtaJob } from './job-views.ts';

describe('follow tokens', () => {
  it('are 192 random bits that fit the link, stored only as their SHA-256', () => {
    const a = mintFollowToken();
    const b = mintFollowToken();
    expect(a.token).toMatch(FOLLOW_TOKEN_PATTERN);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(24);
    expect(a.token).not.toBe(b.token);
    expect(a.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.tokenHash).toBe(hashFollowToken(a.token));
    expect(a.tokenHash).not.toContain(a.token);
  });
});

describe('approved extra work in the ETA', () => {
  const MIN = 60_000;
  const T0 = Date.UTC(2026, 11, 7, 1, 30);
  const minutes: Record<string, number> = { 'oil-change': 30, 'brake-pads': 45 };
  const brakes = (state: Approval['state']): Approval => ({
    id: 1,
    description: '前刹车片磨损，建议更换',
    priceCents: 68_000,
    services: ['brake-pads'],
    state,
    requestedAt: T0,
    decidedAt: state === 'pending' ? null : T0 + MIN,
  });
  const eta = (approvals: Approval[]) => {
    const job = {
      id: '1',
      stage: 'in-service',
      stageSince: T0,
      createdAt: T0 - 20 * MIN,
      services: ['oil-change'],
      approvals,
      timeline: [],
    } as unknown as JobRecord;
    return estimateByStep(
      toStepEtaJob(job, (c) => minutes[c] ?? 0, new Map()),
      T0 + 2 * MIN,
    ).eta;
  };

  it("adds the extra service's menu time once the customer approves it, not before, not if declined", () => {
    const before = eta([]);
    expect(eta([brakes('pending')])).toBe(before);
    expect(eta([brakes('declined')])).toBe(before);
    // The ETA is rounded to 5 minutes: 45 more minutes of work moves it by 45 ± 5.
    const added = (eta([brakes('approved')]) - before) / MIN;
    expect(added).toBeGreaterThanOrEqual(40);
    expect(added).toBeLessThanOrEqual(50);
  });
});
