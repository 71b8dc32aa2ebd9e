// Stored jobs → the views staff see, with the ETA computed against the workshop as it is now.
import { randomBytes, createHash } from 'node:crypto';
import { holdsBay, type BayView, type JobStepProgress, type JobView, type ServiceDef } from '@glassbay/protocol';
import { estimateReadyAt, isLate, serviceTimeBefore, workOf, type EtaShop } from '../domain/eta.ts';
import type { JobRecord } from './jobs.repository.ts';

/** A follow token: 24 random bytes (192 bits), base64url; only its SHA-256 is stored. */
export function mintFollowToken(): { token: string; tokenHash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, tokenHash: hashFollowToken(token) };
}
export const hashFollowToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Minutes of a service on the menu; an unknown code (removed from the menu since) counts 30. */
export const minutesLookup = (menu: ServiceDef[]) => {
  const byCode = new Map(menu.map((s) => [s.code, s.standardMinutes]));
  return (code: string) => byCode.get(code) ?? 30;
};

const waitingForBay = (j: JobRecord) => j.stage === 'checked-in' || j.stage === 'waiting';

/**
 * The workshop context of each open job's ETA: bays in use (by a job or by a car the sensors see)
 * and how many jobs were checked in earlier and still wait for a bay.
 */
export function shopContext(open: JobRecord[], bays: BayView[]): (job: JobRecord) => EtaShop {
  const used = new Set(open.filter((j) => holdsBay(j.stage)).map((j) => j.bayId));
  const free = bays.filter((b) => !used.has(b.id) && b.occupied !== true).length;
  const queue = open.filter(waitingForBay);
  return (job) => ({
    bays: bays.length,
    freeBays: free,
    waitingAhead: queue.filter((q) => q.createdAt < job.createdAt || (q.createdAt === job.createdAt && +q.id < +job.id))
      .length,
  });
}

/** The staff view: the stored job plus its ETA now, and whether it is past its promise. */
export function toJobView(
  r: JobRecord,
  shop: EtaShop,
  minutesOf: (code: string) => number,
  now: number,
  workDelayMs = 0,
  steps: JobStepProgress | null = null,
): JobView {
  const { work, wash } = workOf(r.services, minutesOf);
  const eta = estimateReadyAt(
    {
      stage: r.stage,
      stageSince: r.stageSince,
      workMinutes: work,
      washMinutes: wash,
      serviceMsBefore: serviceTimeBefore(r.timeline),
      pendingApprovals: r.approvals.filter((a) => a.state === 'pending').length,
      workDelayMs,
    },
    shop,
    now,
  );
  return {
    id: r.id,
    code: r.code,
    vehicle: r.vehicle,
    customer: r.customer,
    services: r.services,
    complaint: r.complaint,
    bayId: r.bayId,
    technician: r.technician,
    stage: r.stage,
    stageSince: r.stageSince,
    createdAt: r.createdAt,
    promisedAt: r.promisedAt,
    eta,
    late: isLate(eta, r.promisedAt),
    timeline: r.timeline,
    approvals: r.approvals,
    rating: r.rating,
    steps,
  };
}
