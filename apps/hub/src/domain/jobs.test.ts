import { describe, expect, it } from 'vitest';
import type { JobView } from '@glassbay/protocol';
import { afterApprovals, checkStaffMove, decideOccupancy, followOpen, toCustomerJob, toPublicJob } from './jobs.ts';

const job = (over: Partial<JobView> = {}): JobView => ({
  id: '7',
  code: 'A012',
  vehicle: { plate: '粤B12345', model: 'Camry', colour: '白色', mileageKm: 42_000 },
  customer: { phone: '13800138000', name: '张先生' },
  services: ['oil-change'],
  complaint: null,
  bayId: 'bay-2',
  technician: '李师傅',
  stage: 'in-service',
  stageSince: 1000,
  createdAt: 0,
  promisedAt: 5000,
  eta: 4000,
  etaRange: { low: 3000, high: 5000 },
  idle: null,
  late: false,
  steps: null,
  timeline: [
    { stage: 'checked-in', at: 0, by: { kind: 'staff', id: 1, name: '王顾问' } },
    { stage: 'waiting', at: 500, by: { kind: 'staff', id: 1, name: '王顾问' } },
    { stage: 'waiting', at: 900, by: { kind: 'sensor', id: 'bay2-s' }, event: 'car-on-bay' },
    { stage: 'in-service', at: 1000, by: { kind: 'sensor', id: 'bay2-s' } },
  ],
  approvals: [],
  rating: null,
  comeback: null,
  ...over,
});

describe('staff stage moves', () => {
  it('refuses a jump (waiting → ready) and says where the job can go', () => {
    const r = checkStaffMove({ stage: 'waiting', bayId: 'bay-1', approvals: [] }, 'ready');
    expect(r).toEqual({
      ok: false,
      code: 'STAGE_MOVE_REFUSED',
      message: 'a job in waiting cannot move to ready; it can move to inspection, in-service, cancelled',
    });
  });

  it('needs a bay for service and a pending approval to wait for one', () => {
    expect(checkStaffMove({ stage: 'waiting', bayId: null, approvals: [] }, 'in-service')).toMatchObject({
      code: 'BAY_REQUIRED',
    });
    expect(checkStaffMove({ stage: 'waiting', bayId: 'bay-1', approvals: [] }, 'in-service')).toEqual({ ok: true });
    expect(checkStaffMove({ stage: 'inspection', bayId: 'bay-1', approvals: [] }, 'awaiting-approval')).toMatchObject({
      code: 'APPROVAL_REQUIRED',
    });
  });

  it('keeps a job waiting for the customer until they answer, but lets it be cancelled', () => {
    const waiting = { stage: 'awaiting-approval' as const, bayId: 'bay-1', approvals: [{ state: 'pending' as const }] };
    expect(checkStaffMove(waiting, 'in-service')).toMatchObject({ code: 'APPROVAL_PENDING' });
    expect(checkStaffMove(waiting, 'cancelled')).toEqual({ ok: true });
    expect(checkStaffMove({ ...waiting, approvals: [{ state: 'declined' }] }, 'in-service')).toEqual({ ok: true });
  });

  it('lets nothing move a delivered job', () => {
    expect(checkStaffMove({ stage: 'delivered', bayId: null, approvals: [] }, 'ready')).toMatchObject({
      message: 'a job in delivered is finished and cannot move',
    });
  });
});

describe('what a bay sensor means for the jobs', () => {
  it('starts service when the car of a waiting job arrives on its bay', () => {
    expect(decideOccupancy(true, [{ id: '1', stage: 'waiting' }])).toEqual({ kind: 'start-service', jobId: '1' });
    expect(decideOccupancy(true, [{ id: '1', stage: 'inspection' }])).toEqual({ kind: 'start-service', jobId: '1' });
  });

  it('only records the arrival when the rules do not allow service yet', () => {
    expect(decideOccupancy(true, [{ id: '1', stage: 'awaiting-approval' }])).toEqual({
      kind: 'record',
      jobId: '1',
      event: 'car-on-bay',
    });
    expect(decideOccupancy(true, [{ id: '1', stage: 'checked-in' }])).toMatchObject({ kind: 'record' });
  });

  it('tells staff about a car on a bay with no job instead of guessing', () => {
    expect(decideOccupancy(true, [])).toEqual({ kind: 'car-without-job' });
    expect(decideOccupancy(true, [{ id: '1', stage: 'delivered' }])).toEqual({ kind: 'car-without-job' });
  });

  it('records the bay freeing after quality check, and flags a car leaving mid-service', () => {
    expect(decideOccupancy(false, [{ id: '1', stage: 'quality-check' }])).toEqual({
      kind: 'record',
      jobId: '1',
      event: 'bay-freed',
    });
    expect(decideOccupancy(false, [{ id: '1', stage: 'in-service' }])).toEqual({
      kind: 'car-left-in-service',
      jobId: '1',
    });
    expect(decideOccupancy(false, [])).toEqual({ kind: 'nothing' });
  });

  it('sends an approved job back to work only when its car is on the bay', () => {
    expect(afterApprovals('bay-1', true)).toBe('in-service');
    expect(afterApprovals('bay-1', false)).toBe('waiting');
    expect(afterApprovals(null, true)).toBe('waiting');
  });
});

describe('follow links', () => {
  it('work while the job is open and for the grace period after it closed', () => {
    expect(followOpen(null, 10_000, 0)).toBe(true);
    expect(followOpen(1000, 1000, 0)).toBe(false);
    expect(followOpen(1000, 1000 + 59_999, 60_000)).toBe(true);
    expect(followOpen(1000, 1000 + 60_000, 60_000)).toBe(false);
  });
});

describe('views', () => {
  it('shows public screens a masked plate and stage changes only, nothing personal', () => {
    const p = toPublicJob(job())!;
    expect(p.plateMasked).toBe('粤B·1**45');
    const text = JSON.stringify(p);
    for (const secret of ['粤B12345', 'A012', '13800138000', '张先生', '李师傅', '王顾问', 'bay2-s'])
      expect(text).not.toContain(secret);
    expect(p.timeline.map((e) => e.stage)).toEqual(['checked-in', 'waiting', 'in-service']);
  });

  it('takes delivered and cancelled jobs off the public boards', () => {
    expect(toPublicJob(job({ stage: 'delivered' }))).toBeUndefined();
    expect(toPublicJob(job({ stage: 'cancelled' }))).toBeUndefined();
    expect(toPublicJob(job({ stage: 'ready' }))).toBeDefined();
  });

  it('offers the customer a rating once the car is ready, and says when the link ends', () => {
    const ready = toCustomerJob(job({ stage: 'ready' }), {
      bayName: '2号工位',
      closedAt: null,
      graceMs: 60_000,
      loungeCode: null,
    });
    expect(ready.canRate).toBe(true);
    expect(ready.followUntil).toBeNull();
    expect(JSON.stringify(ready)).not.toContain('13800138000');
    const delivered = toCustomerJob(job({ stage: 'delivered', rating: { stars: 5, comment: null } }), {
      bayName: null,
      closedAt: 9000,
      graceMs: 60_000,
      loungeCode: null,
    });
    expect(delivered.canRate).toBe(false);
    expect(delivered.followUntil).toBe(69_000);
  });
});
