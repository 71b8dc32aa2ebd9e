// Play simulated workshop days against the hub's real jobs and wristbands services on a real SQLite
// file, on a simulated clock (the services take `now`): cars are checked in at the desk, wait for a
// bay, are worked on step by step with each bay's wristband (start and end events through the step
// engine), stand still now and then waiting for parts (staff say so), pass quality check, the wash,
// and are ready. The shown ETA (steady, with its range) is read as a customer would see it, at
// check-in and when half of the job's time has passed, beside today's fixed-allowance estimate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobStage, JobView, WristbandEvent } from '@glassbay/protocol';
import {
  AppError,
  createJobsRepository,
  createJobsService,
  createLogger,
  createWristbandsModule,
  estimateReadyAt,
  minutesLookup,
  openRepositories,
  serviceTimeBefore,
  shopContext,
  workOf,
} from '@glassbay/hub';
import { planDay, shopPace, techPace, type PlannedJob } from './day.ts';

const MIN = 60_000;
const BAYS = ['bay-1', 'bay-2', 'bay-3', 'bay-4'];
const advisor = { kind: 'staff' as const, id: 1, name: 'bench advisor' };

/** What a customer was shown at one moment, and what today's model would have said. */
export interface Seen {
  at: number;
  stage: JobStage;
  eta: number;
  low: number;
  high: number;
  legacy: number;
  /** Minutes the car had stood idle on its bay, as shown (null: not idle). */
  idleMin: number | null;
}
export interface JobOutcome {
  /** It stood waiting for parts at some point (sim plan): the surprise no model sees coming. */
  paused: boolean;
  services: string[];
  checkedInAt: number;
  readyAt: number;
  samples: Seen[];
}

type Agenda = { at: number; seq: number; run: (now: number) => void }[];

export function simulate(days: number, seed: number, log: (line: string) => void): JobOutcome[] {
  const dir = mkdtempSync(join(tmpdir(), 'glassbay-bench-eta-'));
  const store = openRepositories(join(dir, 'eta.db'));
  try {
    const { db } = store;
    const repo = createJobsRepository(db);
    let work: (job: never, now: number) => ReadonlyMap<string, never[]> = () => new Map();
    let stands: (now: number) => readonly number[] = () => [];
    let guard: {
      beforeMove?: (id: string, to: JobStage, at: number) => void;
      checkMove?: (id: string, to: JobStage) => void;
      afterMove?: (id: string, to: JobStage, at: number) => void;
    } = {};
    const jobs = createJobsService({
      ...{ db, jobs: repo, bays: store.bays, relay: { publish: () => {} }, followGraceMs: 0 },
      phone: { push: () => {}, close: () => {}, sweep: () => {} },
      comebackOf: () => null,
      rules: {
        beforeMove: (id, to, at) => guard.beforeMove?.(id, to, at),
        checkMove: (id, to) => guard.checkMove?.(id, to),
        afterMove: (id, to, at) => guard.afterMove?.(id, to, at),
        workOf: (job, at) => work(bayJob(job.id) as never, at),
        stands: (at) => stands(at),
        steps: () => null,
      },
    });
    const bayJob = (id: string) => {
      const j = repo.get(id);
      return (
        j && {
          id: j.id,
          code: j.code,
          bayId: j.bayId,
          services: j.services,
          startedAt: j.createdAt,
          stage: j.stage,
          technician: j.technician,
        }
      );
    };
    const wristbands = createWristbandsModule(
      {
        db,
        relay: { publish: () => {} },
        notifyBand: () => {},
        config: { wristbandClockToleranceS: 30 },
        log: createLogger('silent'),
      },
      {
        registry: store.devices,
        bays: store.bays,
        onStatus: () => {},
        jobs: {
          // The bench times steps, not attribution: each bay's band is issued to its technician below,
          // and the job on the bay is theirs.
          technicianJobOnBay: (bayId: string) => {
            const open = repo.openOnBay(bayId);
            const j = open.find((x) => x.stage === 'in-service') ?? open[0];
            return j && bayJob(j.id);
          },
          job: bayJob,
          refreshEta: (id, at) => jobs.refreshEta(id, at),
          services: () => jobs.services(),
          addStageGuard: (g) => void (guard = g),
          addEtaContributor: (c) => void (work = c as never),
          addStandSource: (source) => void (stands = source),
          addStepSource: () => {},
        },
      },
    );
    BAYS.forEach((bay, i) => {
      store.bays.add(bay, `${i + 1}号工位`, i + 1, 0);
      store.devices.add({ id: `band-${i + 1}`, kind: 'wristband', bayId: null, secretHash: 'unused' }, 0);
      wristbands.issues.issue(`band-${i + 1}`, `tech-${i + 1}`, 24 * 365, 'bench', Date.UTC(2026, 2, 1));
    });
    const pace = shopPace(seed);
    const minutesOf = minutesLookup(jobs.services());
    const outcomes: JobOutcome[] = [];
    let events = 0;

    /** Today's model: fixed stage allowances, the menu's minutes, overrun added as delay. */
    function legacyEta(v: JobView, open: JobView[], now: number): number {
      const ctx = shopContext(open as never, store.bays.list());
      const { work: w, wash } = workOf(v.services, minutesOf);
      const delay = v.stage === 'in-service' ? wristbands.engine.workDelayMs(v.id, now) : 0;
      return estimateReadyAt(
        {
          stage: v.stage,
          stageSince: v.stageSince,
          workMinutes: w,
          washMinutes: wash,
          serviceMsBefore: serviceTimeBefore(v.timeline),
          pendingApprovals: 0,
          workDelayMs: delay,
        },
        ctx(v as never),
        now,
      )!;
    }
    /** Every open job as the screens show it now, each with today's estimate beside it. */
    function look(now: number): Map<string, Seen> {
      const open = jobs.list(now).filter((v) => v.stage !== 'delivered' && v.stage !== 'cancelled');
      const out = new Map<string, Seen>();
      for (const v of open)
        if (v.eta !== null && v.etaRange)
          out.set(v.id, {
            at: now,
            stage: v.stage,
            eta: v.eta,
            low: v.etaRange.low,
            high: v.etaRange.high,
            legacy: legacyEta(v, open, now),
            idleMin: v.idle ? (now - v.idle.since) / MIN : null,
          });
      return out;
    }

    for (let d = 0; d < days; d++) {
      const day = planDay(Date.UTC(2026, 2, 2 + d, 0, 30), seed * 1000 + d);
      const agenda: Agenda = [];
      let seq = 0;
      // The hub stores whole milliseconds.
      const at = (t: number, run: (now: number) => void) => agenda.push({ at: Math.round(t), seq: seq++, run });
      const queue: { id: string; plan: PlannedJob }[] = [];
      const free = new Set(BAYS);
      const live = new Map<string, { plan: PlannedJob; samples: Seen[]; checkedInAt: number }>();

      const move = (id: string, to: JobStage, now: number, then?: () => void) => {
        try {
          jobs.move(id, to, advisor, now);
          then?.();
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          // An alert holds the car back: the manager looks at it and releases it on record.
          for (const a of wristbands.alerts.list('open', 1, now))
            if (a.jobId === id) wristbands.alerts.override(a.id, { id: 2, name: 'bench manager' }, 'checked', now);
          at(now + 2 * MIN, (t) => move(id, to, t, then));
        }
      };

      const assign = (now: number) => {
        while (free.size > 0 && queue.length > 0) {
          const { id, plan } = queue.shift()!;
          const bay = [...free].sort()[0]!;
          free.delete(bay);
          at(now + plan.toBayMin * MIN, (t) => {
            // The advisor puts the car on a bay and assigns it to that bay's technician.
            jobs.update(id, { bayId: bay, technician: `tech-${BAYS.indexOf(bay) + 1}` }, advisor, t);
            move(id, 'in-service', t, () => work1(id, plan, bay, t));
          });
        }
      };

      function work1(id: string, plan: PlannedJob, bay: string, start: number) {
        const b = BAYS.indexOf(bay);
        const band = `band-${b + 1}`;
        const steps = wristbands.sops
          .forJob(plan.services, live.get(id)!.checkedInAt)
          .flatMap((s) => s.steps.map((st) => ({ service: s.serviceCode, ...st })));
        const send = (kind: 'start' | 'end', step: string, now: number) => {
          const ev: WristbandEvent = { id: `e${++events}`, ts: now, tech: `tech-${b + 1}`, bay, step, kind };
          wristbands.engine.applyEvent(band, ev, now);
        };
        let t = start + 1 * MIN;
        steps.forEach((st, i) => {
          const minutes = Math.max(
            st.minMinutes * 1.05,
            st.standardMinutes * pace(st.code) * techPace[b]! * plan.stepNoise[i % 40]!,
          );
          const name = `${st.service}/${st.code}`;
          at(t, (now) => send('start', name, now));
          t += minutes * MIN;
          at(t, (now) => send('end', name, now));
          t += (0.3 + ((i * 7) % 10) / 10) * MIN;
          if (plan.pause?.afterStep === i) {
            // Staff notice the car standing still and say why.
            at(t + 9 * MIN, (now) => jobs.setIdleReason(id, 'waiting-parts', advisor, now));
            t += plan.pause.minutes * MIN;
          }
        });
        at(t, (now) =>
          move(id, 'quality-check', now, () => {
            const washing = plan.services.includes('car-wash');
            at(now + plan.qualityMin * MIN, (t2) => {
              const done = (t3: number) =>
                move(id, 'ready', t3, () => {
                  const j = live.get(id)!;
                  outcomes.push({
                    paused: j.plan.pause !== null,
                    services: j.plan.services,
                    checkedInAt: j.checkedInAt,
                    readyAt: t3,
                    samples: j.samples,
                  });
                  live.delete(id);
                  free.add(bay);
                  jobs.move(id, 'delivered', advisor, t3);
                  assign(t3);
                });
              if (washing) move(id, 'washing', t2, () => at(t2 + plan.washMin * MIN, done));
              else done(t2);
            });
          }),
        );
      }

      for (const plan of day.jobs) {
        at(plan.arriveAt, (now) => {
          const { job } = jobs.createDirect(
            { plate: `粤B${10000 + live.size}`, services: plan.services },
            advisor,
            now,
          );
          live.set(job.id, { plan, samples: [look(now).get(job.id)!], checkedInAt: now });
          at(now + plan.deskMin * MIN, (t) => {
            jobs.move(job.id, 'waiting', advisor, t);
            queue.push({ id: job.id, plan });
            assign(t);
          });
        });
      }
      // The hub's 30 s tick, and what each open job shows each minute (scored afterwards).
      for (let t = day.open; t < day.open + 14 * 60 * MIN; t += MIN)
        at(t, (now) => {
          jobs.tick(now);
          if (live.size === 0) return;
          const views = look(now);
          for (const [id, j] of live) {
            const s = views.get(id);
            if (s) j.samples.push(s);
          }
        });
      while (agenda.length) {
        agenda.sort((x, y) => x.at - y.at || x.seq - y.seq);
        const e = agenda.shift()!;
        if (e.at > day.open + 14 * 60 * MIN && live.size === 0) break;
        e.run(e.at);
      }
      log(`day ${d + 1}: ${day.jobs.length} cars, ${live.size} unfinished`);
    }
    return outcomes;
  } finally {
    store.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
