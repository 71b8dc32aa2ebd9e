import { describe, expect, it } from 'vitest';
import { jobStages, type JobStage } from './domain.ts';
import { FOLLOW_TOKEN_PATTERN, activeStages, canMove, checkStaffMove, followUrl, stageTransitions } from './jobs.ts';

describe('follow links', () => {
  it('open the phone view with the token in ?t=, whatever the base looks like', () => {
    const token = 'A'.repeat(31) + '_';
    expect(followUrl('https://shop.example', token)).toBe(`https://shop.example/follow?t=${token}`);
    expect(followUrl('http://192.168.1.20:8080/', token)).toBe(`http://192.168.1.20:8080/follow?t=${token}`);
    expect(FOLLOW_TOKEN_PATTERN.test(token)).toBe(true);
    expect(FOLLOW_TOKEN_PATTERN.test('short')).toBe(false);
  });
});

describe('stage moves', () => {
  it('refuses jumps and lets nothing leave delivered or cancelled', () => {
    expect(canMove('waiting', 'ready')).toBe(false);
    expect(canMove('checked-in', 'in-service')).toBe(false);
    expect(stageTransitions.delivered).toEqual([]);
    expect(stageTransitions.cancelled).toEqual([]);
  });

  it('can bring every job from check-in to delivery, and never through itself', () => {
    const reachable = new Set<JobStage>(['checked-in']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const from of [...reachable])
        for (const to of stageTransitions[from])
          if (!reachable.has(to)) {
            reachable.add(to);
            grew = true;
          }
    }
    expect([...reachable].sort()).toEqual([...jobStages].sort());
    for (const s of jobStages) expect(stageTransitions[s]).not.toContain(s);
    expect(activeStages).not.toContain('delivered');
  });

  it("judges a staff member's move by the table and by what the table cannot say", () => {
    const job = { stage: 'awaiting-approval' as const, bayId: null, approvals: [{ state: 'pending' as const }] };
    // The customer's answer is what it waits for, before any bay.
    expect(checkStaffMove(job, 'in-service')).toMatchObject({ ok: false, code: 'APPROVAL_PENDING' });
    expect(checkStaffMove(job, 'cancelled')).toEqual({ ok: true });
    expect(checkStaffMove({ ...job, approvals: [] }, 'in-service')).toMatchObject({ code: 'BAY_REQUIRED' });
  });
});
