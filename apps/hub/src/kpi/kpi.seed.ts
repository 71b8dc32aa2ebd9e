// History for the KPIs: days of a shop written straight into the store's tables, as the hub would
// have written them (tickets and their calls, jobs with stage changes, judged step timings under the
// shop's real SOPs, ratings, bay occupancy, bookings). Deterministic for a seed. The benchmark writes
// a busy year with it, the integration test a week; it returns what it wrote, so a test can check
// the KPIs against the truth rather than against the same arithmetic.
import type { ComebackTag } from '@glassbay/protocol';
import type { Db } from '../store/db.ts';
import { dayFromKey } from '../domain/kpi-time.ts';
import { DEFAULT_COMEBACK_DAYS } from '../domain/kpi.ts';

export interface SeedOptions {
  startDay: string;
  days: number;
  tzOffsetMin: number;
  bays: number;
  ticketsPerDay: number;
  jobsPerDay: number;
  technicians: number;
  /** This technician (tech-01 …) cuts corners: a quarter of their steps are short. */
  cornerCutter?: string;
  /** From which day (0-based) they start cutting corners. */
  cornerCutterFrom?: number;
  /** Share of jobs whose car comes back for a related service within three weeks. */
  comebackShare: number;
  /** How many of the SOP services each job takes. */
  servicesPerJob: [number, number];
  seed?: number;
}

export interface SeedTruth {
  tickets: number;
  noShows: number;
  jobs: number;
  steps: number;
  shortSteps: Map<string, number>;
  comebacks: { jobId: string; originalJobId: string }[];
}

const MIN = 60_000;
const DAY = 86_400_000;
const LANES = ['maintenance', 'repair', 'tyres'] as const;
const COMMENTS = ['等太久了', 'Took longer than promised', '还是有异响', 'Nobody told me it was ready'];

/** mulberry32: a small, fast PRNG good enough for test data. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedShop(db: Db, o: SeedOptions): SeedTruth {
  const rnd = prng(o.seed ?? 18);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const sops = db
    .prepare<
      [],
      { service_code: string; version_id: number; code: string; min_minutes: number; standard_minutes: number }
    >(
      `SELECT v.service_code, s.version_id, s.code, s.min_minutes, s.standard_minutes
       FROM sop_steps s JOIN sop_versions v ON v.id = s.version_id ORDER BY v.service_code, s.position`,
    )
    .all();
  const sopServices = [...new Set(sops.map((s) => s.service_code))];
  const techs = Array.from({ length: o.technicians }, (_, i) => `tech-${String(i + 1).padStart(2, '0')}`);
  const bayIds = Array.from({ length: o.bays }, (_, i) => `bay-${i + 1}`);

  const ins = {
    bay: db.prepare('INSERT OR IGNORE INTO bays (id, name, position, created_at) VALUES (?, ?, ?, 0)'),
    ticket: db.prepare(
      `INSERT INTO tickets (attempt_id, follow_token_hash, day, number, lane_id, status, plate, plate_kind, phone, lang,
         mileage_km, categories, services, appointment_id, created_at, desk_id, called_at, closed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'latin', '13800000000', 'zh-CN', 10000, '[]', '[]', ?, ?, 'desk-1', ?, ?)`,
    ),
    qevent: db.prepare(`INSERT INTO queue_events (ticket_id, at, kind, desk_id) VALUES (?, ?, ?, 'desk-1')`),
    booking: db.prepare(
      `INSERT INTO appointments (code, plate, plate_kind, phone, lane_id, booked_at, categories, services, status, created_at)
       VALUES (?, ?, 'latin', '13800000000', ?, ?, '[]', '[]', ?, ?) RETURNING id`,
    ),
    job: db.prepare(
      `INSERT INTO jobs (code, plate, services, bay_id, technician, stage, stage_since, created_at, promised_at,
         checkin_promised_at, ticket_id, rating_stars, rating_comment, rated_at, closed_at)
       VALUES (?, ?, ?, ?, ?, 'delivered', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    jevent: db.prepare(`INSERT INTO job_events (job_id, at, stage, actor_kind, bay_id) VALUES (?, ?, ?, 'system', ?)`),
    step: db.prepare(
      `INSERT INTO step_timings (job_id, bay_id, tech, service_code, step_code, sop_version_id, status, started_at, ended_at,
         duration_ms, clock, verdict, min_minutes, standard_minutes)
       VALUES (?, ?, ?, ?, ?, ?, 'done', ?, ?, ?, 'hub', ?, ?, ?)`,
    ),
    occupancy: db.prepare('INSERT INTO bay_occupancy (bay_id, from_at, to_at) VALUES (?, ?, ?)'),
    tag: db.prepare('UPDATE jobs SET comeback = ? WHERE id = ?'),
  };
  bayIds.forEach((id, i) => ins.bay.run(id, `${i + 1}号工位`, i + 1));

  const truth: SeedTruth = { tickets: 0, noShows: 0, jobs: 0, steps: 0, shortSteps: new Map(), comebacks: [] };
  const returns = new Map<number, Return[]>();
  let plates = 0;
  type Return = {
    plate: string;
    services: string[];
    originalJobId: string;
    /** The original job as the check-in's comeback tag names it (jobs/comebacks.ts). */
    original: { code: string; services: string[]; at: number };
  };
  /** One job on day d from a served ticket (or a car coming back), on the bay free soonest. */
  function writeJob(d: number, bayFree: Map<string, number>, ticketId: number | null, at: number, back?: Return) {
    const [lo, hi] = o.servicesPerJob;
    const count = lo + Math.floor(rnd() * (hi - lo + 1));
    const services = back?.services ?? [...sopServices].sort(() => rnd() - 0.5).slice(0, count);
    const plate = back?.plate ?? `SEED${++plates}`;
    const steps = sops.filter((s) => services.includes(s.service_code));
    const standard = steps.reduce((a, s) => a + s.standard_minutes, 0) + (services.includes('diagnosis') ? 90 : 0);
    const bay = [...bayFree].sort((x, y) => x[1] - y[1])[0]![0];
    const tech = techs[bayIds.indexOf(bay) % techs.length]!;
    const promised = Math.ceil((at + (standard + 45) * MIN) / (15 * MIN)) * 15 * MIN;
    let t = Math.max(at + 10 * MIN, bayFree.get(bay)!);
    const onBay = t;
    const timings: [string, number, number, number, string, number, number, number][] = [];
    const cutting = tech === o.cornerCutter && d >= (o.cornerCutterFrom ?? 0);
    for (const s of steps) {
      const cut = cutting ? rnd() < 0.25 : rnd() < 0.02;
      const factor = 0.7 + 0.35 * rnd() + (rnd() < 0.05 ? 0.5 : 0);
      const ms = Math.round(
        (cut && s.min_minutes > 0 ? s.min_minutes * 0.5 : Math.max(s.min_minutes, s.standard_minutes * factor)) * MIN,
      );
      const verdict = ms < s.min_minutes * MIN ? 'short' : ms > s.standard_minutes * MIN ? 'overrun' : 'ok';
      if (verdict === 'short') truth.shortSteps.set(tech, (truth.shortSteps.get(tech) ?? 0) + 1);
      timings.push([s.service_code, s.version_id, t, t + ms, verdict, s.min_minutes, s.standard_minutes, ms]);
      t += ms;
    }
    if (steps.length === 0) t += standard * MIN;
    const offBay = t + 5 * MIN;
    bayFree.set(bay, offBay);
    const ready = offBay + 10 * MIN;
    const delivered = ready + Math.round(20 + rnd() * 70) * MIN;
    const r = rnd();
    const stars = back ? (r < 0.5 ? 2 : 3) : r < 0.55 ? 5 : r < 0.85 ? 4 : r < 0.93 ? 3 : r < 0.97 ? 2 : 1;
    const rated = rnd() < 0.6;
    const id = String(
      ins.job.run(
        `J${truth.jobs}`,
        plate,
        JSON.stringify(services),
        bay,
        tech,
        delivered,
        at,
        promised,
        promised,
        ticketId,
        rated ? stars : null,
        rated && stars <= 2 ? pick(COMMENTS) : null,
        rated ? delivered + 5 * MIN : null,
        delivered,
      ).lastInsertRowid,
    );
    truth.jobs++;
    if (back) {
      truth.comebacks.push({ jobId: id, originalJobId: back.originalJobId });
      // Tagged for quality review, as the check-in would have done.
      const tag: ComebackTag = {
        originalJobId: back.originalJobId,
        originalCode: back.original.code,
        originalServices: back.original.services,
        originalAt: back.original.at,
        days: Math.floor((at - back.original.at) / DAY),
        windowDays: DEFAULT_COMEBACK_DAYS,
        services,
      };
      ins.tag.run(JSON.stringify(tag), Number(id));
    }
    for (const [stage, when] of [
      ['checked-in', at],
      ['in-service', onBay],
      ['ready', ready],
      ['delivered', delivered],
    ] as const)
      ins.jevent.run(Number(id), when, stage, bay);
    steps.forEach((s, i) => {
      const [svc, version, from, to, verdict, min, std, ms] = timings[i]!;
      ins.step.run(Number(id), bay, tech, svc, s.code, version, from, to, ms, verdict, min, std);
      truth.steps++;
    });
    ins.occupancy.run(bay, onBay, offBay);
    // A comeback: the same car, a related service, 3–20 days later (never the same day).
    const share = cutting ? o.comebackShare * 3 : o.comebackShare;
    if (!back && rnd() < share) {
      const inDays = d + 3 + Math.floor(rnd() * 18);
      const list = returns.get(inDays) ?? [];
      list.push({
        plate,
        services: services.includes('brake-pads') ? ['brake-pads'] : ['diagnosis'],
        originalJobId: id,
        original: { code: `J${truth.jobs - 1}`, services, at: delivered },
      });
      returns.set(inDays, list);
    }
  }

  for (let d = 0; d < o.days; d++) {
    const midnight = dayFromKey(o.startDay, o.tzOffsetMin) + d * DAY;
    const open = midnight + 8.5 * 60 * MIN;
    const dayKey = new Date(midnight + o.tzOffsetMin * MIN).toISOString().slice(0, 10);
    const bayFree = new Map(bayIds.map((b) => [b, open]));
    db.transaction(() => {
      const jobShare = o.jobsPerDay / o.ticketsPerDay;
      const due = returns.get(d) ?? [];
      for (let n = 0; n < o.ticketsPerDay; n++) {
        const lane = pick(LANES);
        const created = open + Math.floor(rnd() * 8.5 * 60) * MIN;
        const wait = Math.round(3 + rnd() * 20 + (rnd() < 0.05 ? 30 : 0)) * MIN;
        const called = created + wait;
        const roll = rnd();
        const status = roll < 0.05 ? 'no-show' : roll < 0.08 ? 'cancelled' : 'served';
        const closed = status === 'cancelled' ? created + wait / 2 : called + Math.round(3 + rnd() * 10) * MIN;
        let appointment: number | null = null;
        if (rnd() < 0.08) {
          const kept = status !== 'no-show';
          appointment = (
            ins.booking.get(`S${d}-${n}`, `P${n}`, lane, created, kept ? 'arrived' : 'booked', midnight) as {
              id: number;
            }
          ).id;
        }
        const num = `${'ABC'[LANES.indexOf(lane)]}${String(n + 1).padStart(3, '0')}`;
        const tid = Number(
          ins.ticket.run(
            `seed-${d}-${n}`,
            `seed-${d}-${n}`,
            dayKey,
            num,
            lane,
            status,
            `T${n}`,
            appointment,
            created,
            status === 'cancelled' ? null : called,
            closed,
          ).lastInsertRowid,
        );
        truth.tickets++;
        if (status === 'cancelled') continue;
        ins.qevent.run(tid, called, 'call');
        if (rnd() < 0.1) ins.qevent.run(tid, called + 2 * MIN, 'recall');
        if (status === 'no-show') {
          ins.qevent.run(tid, closed, 'no-show');
          truth.noShows++;
          continue;
        }
        ins.qevent.run(tid, closed, 'serve');
        const back = due.shift();
        if (!back && rnd() >= jobShare) continue;
        writeJob(d, bayFree, tid, closed, back);
      }
      for (const back of due) writeJob(d, bayFree, null, open + 60 * MIN, back);
    })();
  }
  return truth;
}
