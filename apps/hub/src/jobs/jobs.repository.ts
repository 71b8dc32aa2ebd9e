// Jobs, their timeline and approvals, the service menu, and bay notices. Statements are prepared
// once; the service wraps every multi-row change in one transaction.
import type {
  Approval,
  ApprovalState,
  ComebackTag,
  BayNotice,
  BayNoticeKind,
  JobStage,
  JobView,
  ServiceDef,
  ServiceCategory,
  StageActor,
  TimelineEntry,
  TimelineEvent,
} from '@glassbay/protocol';
import type { Db } from '../store/db.ts';

/** A job as stored: everything staff see except what is computed live (ETA, late). */
export interface JobRecord extends Omit<JobView, 'eta' | 'etaRange' | 'idle' | 'late' | 'steps'> {
  closedAt: number | null;
  /** Never leaves the hub: views pick their fields one by one. */
  followTokenHash: string | null;
  /** The time promised at check-in, kept apart from later revisions (on-time figures, delay messages). */
  checkinPromisedAt: number | null;
}

export interface NewJob {
  code: string;
  plate: string;
  model: string | null;
  colour: string | null;
  mileageKm: number | null;
  phone: string | null;
  name: string | null;
  services: string[];
  complaint: string | null;
  bayId: string | null;
  stage: JobStage;
  createdAt: number;
  promisedAt: number | null;
  followTokenHash: string;
  ticketId: number | null;
  customerId: number | null;
  vehicleId: number | null;
  comeback: ComebackTag | null;
}

interface JobRow {
  id: number;
  code: string;
  plate: string;
  model: string | null;
  colour: string | null;
  mileage_km: number | null;
  customer_phone: string | null;
  customer_name: string | null;
  services: string;
  complaint: string | null;
  bay_id: string | null;
  technician: string | null;
  stage: JobStage;
  stage_since: number;
  created_at: number;
  promised_at: number | null;
  rating_stars: number | null;
  rating_comment: string | null;
  closed_at: number | null;
  follow_token_hash: string | null;
  comeback: string | null;
  checkin_promised_at: number | null;
}
interface EventRow {
  job_id: number;
  at: number;
  stage: JobStage;
  event: TimelineEvent | null;
  actor_kind: StageActor['kind'];
  actor_id: string | null;
  actor_name: string | null;
  note: string | null;
}
interface ApprovalRow {
  id: number;
  job_id: number;
  description: string;
  price_cents: number;
  services: string;
  state: ApprovalState;
  requested_at: number;
  decided_at: number | null;
}
interface NoticeRow {
  id: number;
  bay_id: string;
  kind: BayNoticeKind;
  job_id: number | null;
  opened_at: number;
  resolved_at: number | null;
  resolved_by: string | null;
  note: string | null;
}
interface ServiceRow {
  code: string;
  category: ServiceCategory;
  name_zh: string;
  name_en: string;
  standard_minutes: number;
  active: number;
}

const toActor = (r: EventRow): StageActor => {
  switch (r.actor_kind) {
    case 'staff':
      return { kind: 'staff', id: Number(r.actor_id), name: r.actor_name ?? '' };
    case 'sensor':
      return { kind: 'sensor', id: r.actor_id ?? '' };
    case 'customer':
      return { kind: 'customer' };
    default:
      return { kind: 'system', reason: r.note ?? '' };
  }
};
const toEntry = (r: EventRow): TimelineEntry => ({
  stage: r.stage,
  at: r.at,
  by: toActor(r),
  ...(r.note !== null && r.actor_kind !== 'system' ? { note: r.note } : {}),
  ...(r.event ? { event: r.event } : {}),
});
const toApproval = (r: ApprovalRow): Approval => ({
  id: r.id,
  description: r.description,
  priceCents: r.price_cents,
  services: JSON.parse(r.services) as string[],
  state: r.state,
  requestedAt: r.requested_at,
  decidedAt: r.decided_at,
});
export const toNotice = (r: NoticeRow): BayNotice => ({
  id: String(r.id),
  bayId: r.bay_id,
  kind: r.kind,
  jobId: r.job_id === null ? null : String(r.job_id),
  openedAt: r.opened_at,
  resolvedAt: r.resolved_at,
  resolvedBy: r.resolved_by,
  note: r.note,
});

const OPEN = `closed_at IS NULL`;

export function createJobsRepository(db: Db) {
  const q = {
    services: db.prepare<[], ServiceRow>('SELECT * FROM services ORDER BY position, code'),
    insert: db.prepare(
      `INSERT INTO jobs (code, plate, model, colour, mileage_km, customer_phone, customer_name, services, complaint,
         bay_id, stage, stage_since, created_at, promised_at, follow_token_hash, ticket_id, customer_id, vehicle_id, comeback)
       VALUES (@code, @plate, @model, @colour, @mileageKm, @phone, @name, @services, @complaint,
         @bayId, @stage, @createdAt, @createdAt, @promisedAt, @followTokenHash, @ticketId, @customerId, @vehicleId, @comeback)`,
    ),
    one: db.prepare<[number], JobRow>('SELECT * FROM jobs WHERE id = ?'),
    byToken: db.prepare<[string], { id: number }>('SELECT id FROM jobs WHERE follow_token_hash = ?'),
    visible: db.prepare<[number], JobRow>(`SELECT * FROM jobs WHERE ${OPEN} OR closed_at >= ? ORDER BY created_at, id`),
    open: db.prepare<[], JobRow>(`SELECT * FROM jobs WHERE ${OPEN} ORDER BY created_at, id`),
    openOnBay: db.prepare<[string], JobRow>(`SELECT * FROM jobs WHERE ${OPEN} AND bay_id = ? ORDER BY created_at, id`),
    codesSince: db.prepare<[string, number], { code: string }>(
      `SELECT code FROM jobs WHERE code LIKE ? AND created_at >= ?`,
    ),
    events: db.prepare<[number], EventRow>('SELECT * FROM job_events WHERE job_id = ? ORDER BY id'),
    approvals: db.prepare<[number], ApprovalRow>('SELECT * FROM job_approvals WHERE job_id = ? ORDER BY id'),
    addEvent: db.prepare(
      // The job's bay at this moment goes with the event (its bay history, migration 0008).
      `INSERT INTO job_events (job_id, at, stage, event, actor_kind, actor_id, actor_name, note, bay_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT bay_id FROM jobs WHERE id = ?))`,
    ),
    setStage: db.prepare('UPDATE jobs SET stage = ?, stage_since = ?, closed_at = ? WHERE id = ?'),
    setBay: db.prepare('UPDATE jobs SET bay_id = ? WHERE id = ?'),
    setTechnician: db.prepare('UPDATE jobs SET technician = ? WHERE id = ?'),
    setPromise: db.prepare('UPDATE jobs SET promised_at = ? WHERE id = ?'),
    setCheckinPromise: db.prepare('UPDATE jobs SET promised_at = @at, checkin_promised_at = @at WHERE id = @id'),
    setToken: db.prepare('UPDATE jobs SET follow_token_hash = ? WHERE id = ?'),
    setRating: db.prepare('UPDATE jobs SET rating_stars = ?, rating_comment = ?, rated_at = ? WHERE id = ?'),
    addApproval: db.prepare(
      `INSERT INTO job_approvals (job_id, description, price_cents, services, requested_at, requested_by)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    decide: db.prepare(`UPDATE job_approvals SET state = ?, decided_at = ? WHERE id = ? AND state = 'pending'`),
    noticeInsert: db.prepare(
      'INSERT INTO bay_notices (bay_id, kind, job_id, opened_at) VALUES (?, ?, ?, ?) RETURNING *',
    ),
    noticeOne: db.prepare<[number], NoticeRow>('SELECT * FROM bay_notices WHERE id = ?'),
    noticesOpen: db.prepare<[], NoticeRow>('SELECT * FROM bay_notices WHERE resolved_at IS NULL ORDER BY id'),
    noticesOpenOnBay: db.prepare<[string], NoticeRow>(
      'SELECT * FROM bay_notices WHERE resolved_at IS NULL AND bay_id = ? ORDER BY id',
    ),
    noticeResolve: db.prepare(
      'UPDATE bay_notices SET resolved_at = ?, resolved_by = ?, note = ? WHERE id = ? AND resolved_at IS NULL',
    ),
  };

  const toRecord = (r: JobRow): JobRecord => ({
    id: String(r.id),
    code: r.code,
    vehicle: { plate: r.plate, model: r.model, colour: r.colour, mileageKm: r.mileage_km },
    customer: { phone: r.customer_phone, name: r.customer_name },
    services: JSON.parse(r.services) as string[],
    complaint: r.complaint,
    bayId: r.bay_id,
    technician: r.technician,
    stage: r.stage,
    stageSince: r.stage_since,
    createdAt: r.created_at,
    promisedAt: r.promised_at,
    timeline: q.events.all(r.id).map(toEntry),
    approvals: q.approvals.all(r.id).map(toApproval),
    rating: r.rating_stars === null ? null : { stars: r.rating_stars, comment: r.rating_comment },
    comeback: r.comeback === null ? null : (JSON.parse(r.comeback) as ComebackTag),
    closedAt: r.closed_at,
    followTokenHash: r.follow_token_hash,
    checkinPromisedAt: r.checkin_promised_at,
  });
  const one = (id: string | number) => {
    const r = q.one.get(Number(id));
    return r && toRecord(r);
  };

  return {
    services: (): ServiceDef[] =>
      q.services.all().map((s) => ({
        code: s.code,
        category: s.category,
        name: { zh: s.name_zh, en: s.name_en },
        standardMinutes: s.standard_minutes,
        active: s.active === 1,
      })),
    insert(j: NewJob): string {
      const comeback = j.comeback && JSON.stringify(j.comeback);
      return String(q.insert.run({ ...j, services: JSON.stringify(j.services), comeback }).lastInsertRowid);
    },
    get: one,
    byTokenHash(hash: string): JobRecord | undefined {
      const r = q.byToken.get(hash);
      return r && one(r.id);
    },
    /** Open jobs, and those closed since `closedSince` (the console's view of the day). */
    visible: (closedSince: number) => q.visible.all(closedSince).map(toRecord),
    open: () => q.open.all().map(toRecord),
    openOnBay: (bayId: string) => q.openOnBay.all(bayId).map(toRecord),
    /** Codes like `J%` used since a moment, to number the next desk-made job. */
    codesSince: (pattern: string, since: number) => q.codesSince.all(pattern, since).map((r) => r.code),
    addEvent(jobId: string, e: TimelineEntry): void {
      const by = e.by;
      q.addEvent.run(
        Number(jobId),
        e.at,
        e.stage,
        e.event ?? null,
        by.kind,
        by.kind === 'staff' ? String(by.id) : by.kind === 'sensor' ? by.id : null,
        by.kind === 'staff' ? by.name : null,
        by.kind === 'system' ? by.reason : (e.note ?? null),
        Number(jobId),
      );
    },
    setStage: (jobId: string, stage: JobStage, since: number, closedAt: number | null) =>
      q.setStage.run(stage, since, closedAt, Number(jobId)),
    setBay: (jobId: string, bayId: string | null) => q.setBay.run(bayId, Number(jobId)),
    setTechnician: (jobId: string, name: string | null) => q.setTechnician.run(name, Number(jobId)),
    setPromise: (jobId: string, at: number | null) => q.setPromise.run(at, Number(jobId)),
    /** The promise made at check-in: also kept apart from later revisions, for the on-time rate. */
    setCheckinPromise: (jobId: string, at: number | null) => q.setCheckinPromise.run({ at, id: Number(jobId) }),
    setTokenHash: (jobId: string, hash: string) => q.setToken.run(hash, Number(jobId)),
    setRating: (jobId: string, stars: number, comment: string | null, now: number) =>
      q.setRating.run(stars, comment, now, Number(jobId)),
    addApproval: (
      jobId: string,
      description: string,
      priceCents: number,
      services: string[],
      now: number,
      by: string,
    ) =>
      Number(
        q.addApproval.run(Number(jobId), description, priceCents, JSON.stringify(services), now, by).lastInsertRowid,
      ),
    /** True when the approval was still pending (a second answer changes nothing). */
    decideApproval: (approvalId: number, state: 'approved' | 'declined', now: number) =>
      q.decide.run(state, now, approvalId).changes > 0,
    openNotice(bayId: string, kind: BayNoticeKind, jobId: string | null, now: number): BayNotice {
      return toNotice(q.noticeInsert.get(bayId, kind, jobId === null ? null : Number(jobId), now) as NoticeRow);
    },
    notice(id: string): BayNotice | undefined {
      const r = q.noticeOne.get(Number(id));
      return r && toNotice(r);
    },
    openNotices: () => q.noticesOpen.all().map(toNotice),
    openNoticesOnBay: (bayId: string) => q.noticesOpenOnBay.all(bayId).map(toNotice),
    resolveNotice: (id: string, by: string, note: string, now: number) =>
      q.noticeResolve.run(now, by, note, Number(id)).changes > 0,
  };
}
export type JobsRepository = ReturnType<typeof createJobsRepository>;
