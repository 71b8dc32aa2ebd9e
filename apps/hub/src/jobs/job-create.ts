// Opening a job: from a served ticket (the queue module calls `createFromTicket`) or at the desk for
// a booked customer. Checks the services against the menu, stores the job with its first timeline
// entry and the promise (the first honest estimate, rounded up), and keeps the follow token's hash.
import type { JobView, ServiceDef, StageActor, Vehicle } from '@glassbay/protocol';
import { promiseFrom } from '../domain/eta.ts';
import type { BayDirectory } from '../bays/module.ts';
import type { Db } from '../store/db.ts';
import type { JobRecord, JobsRepository, NewJob } from './jobs.repository.ts';
import { AppError } from '../domain/errors.ts';
import { mintFollowToken } from './job-views.ts';
import type { ComebackCheck } from './comebacks.ts';

export interface CreateFromTicketInput {
  code: string;
  vehicle: Vehicle;
  customer: { phone: string | null; name: string | null };
  services: string[];
  complaint: string | null;
  customerRef?: { ticketId?: number | null; customerId?: number | null; vehicleId?: number | null };
  /** The hash of the follow token printed on the ticket (see the top of this file). */
  followTokenHash?: string;
  bayId?: string | null;
}
export interface CreatedJob {
  job: JobView;
  /** The customer's follow token, shown once; null when the ticket already carries one. */
  followToken: string | null;
}

export function createJobFactory(deps: {
  db: Db;
  jobs: JobsRepository;
  bays: BayDirectory;
  menu: () => ServiceDef[];
  viewsOf: (records: JobRecord[], now: number) => Map<string, { record: JobRecord; view: JobView }>;
  publishAfter: (changedId: string | null, now: number) => JobView | undefined;
  /** Whether this visit is a comeback (the KPI's rule): the job is then tagged for quality review. */
  comebackOf: ComebackCheck;
}) {
  const { db, jobs, bays, menu, viewsOf, publishAfter } = deps;

  function create(input: CreateFromTicketInput, by: StageActor, now: number): CreatedJob {
    const known = new Set(
      menu()
        .filter((s) => s.active)
        .map((s) => s.code),
    );
    const unknown = input.services.filter((c) => !known.has(c));
    if (unknown.length > 0)
      throw new AppError(400, 'SERVICE_UNKNOWN', `not on the service menu: ${unknown.join(', ')}`);
    if (input.bayId && !bays.get(input.bayId)) throw new AppError(400, 'BAY_NOT_FOUND', `no bay "${input.bayId}"`);
    const minted = input.followTokenHash ? undefined : mintFollowToken();
    const services = [...new Set(input.services)];
    const row: NewJob = {
      code: input.code,
      plate: input.vehicle.plate,
      model: input.vehicle.model,
      colour: input.vehicle.colour,
      mileageKm: input.vehicle.mileageKm,
      phone: input.customer.phone,
      name: input.customer.name,
      services,
      complaint: input.complaint,
      bayId: input.bayId ?? null,
      stage: 'checked-in',
      createdAt: now,
      promisedAt: null,
      followTokenHash: input.followTokenHash ?? minted!.tokenHash,
      ticketId: input.customerRef?.ticketId ?? null,
      customerId: input.customerRef?.customerId ?? null,
      vehicleId: input.customerRef?.vehicleId ?? null,
      // Judged at the job's own check-in time, which is what the KPI's comeback figure measures.
      comeback: deps.comebackOf(input.vehicle.plate, services, now),
    };
    const id = db.transaction(() => {
      const id = jobs.insert(row);
      jobs.addEvent(id, { stage: 'checked-in', at: now, by });
      // The promise is the first honest estimate, rounded up: what the advisor tells the customer,
      // kept apart from later revisions as the one the on-time rate judges (migration 0012).
      const first = viewsOf([...jobs.open()], now).get(id)!.view;
      jobs.setCheckinPromise(id, first.eta === null ? null : promiseFrom(first.eta));
      return id;
    })();
    const job = publishAfter(id, now)!;
    return { job, followToken: minted?.token ?? null };
  }

  /** Desk-made jobs are numbered J001, J002… per day (ticket codes come from the queue). */
  function nextDeskCode(now: number): string {
    const midnight = new Date(now);
    midnight.setHours(0, 0, 0, 0);
    const used = jobs.codesSince('J%', midnight.getTime()).map((c) => Number(c.slice(1)) || 0);
    return `J${String(Math.max(0, ...used) + 1).padStart(3, '0')}`;
  }

  /** A job opened at the desk (a booked customer); `by` is the advisor. */
  function createDirect(
    body: {
      code?: string | undefined;
      plate: string;
      model?: string | null | undefined;
      colour?: string | null | undefined;
      mileageKm?: number | null | undefined;
      phone?: string | null | undefined;
      name?: string | null | undefined;
      services: string[];
      complaint?: string | null | undefined;
      bayId?: string | null | undefined;
    },
    by: StageActor,
    now: number,
  ): CreatedJob & { followToken: string } {
    const created = create(
      {
        code: body.code ?? nextDeskCode(now),
        vehicle: {
          plate: body.plate,
          model: body.model ?? null,
          colour: body.colour ?? null,
          mileageKm: body.mileageKm ?? null,
        },
        customer: { phone: body.phone ?? null, name: body.name ?? null },
        services: body.services,
        complaint: body.complaint ?? null,
        bayId: body.bayId ?? null,
      },
      by,
      now,
    );
    return { job: created.job, followToken: created.followToken! };
  }

  return { create, createDirect };
}
