// A workshop for the step engine's unit tests: a real SQLite file with the real migrations, the real
// jobs and wristbands services, and a fake clock. Time moves only when a test moves it, and each
// band decides its own clock (right, minutes off, or holding events back while offline).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holdsBay, type CollectionName, type WristbandEvent, type WristbandNotify } from '@glassbay/protocol';
import type { EtaContributor, StageGuard, StandSource, StepSource } from '../jobs/module.ts';
import { createLogger } from '../logger.ts';
import { createJobsRepository } from '../jobs/jobs.repository.ts';
import { openRepositories } from '../tools.ts';
import { createJobsService } from '../jobs/jobs.service.ts';
import type { Outcome } from '../domain/outcome.ts';
import { createWristbandsModule, type WristbandsModule } from './module.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** 09:00 on a workday, Asia/Shanghai. */
export const T0 = Date.UTC(2026, 2, 2, 1, 0, 0);

export function wristbandShop(opts: { clockToleranceMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'glassbay-wristband-'));
  const store = openRepositories(join(dir, 'glassbay.db'));
  const { db } = store;
  let now = T0;
  const published: { collection: CollectionName; id: string; value: unknown }[] = [];
  const relay = {
    publish: (collection: CollectionName, id: string, value: unknown) => published.push({ collection, id, value }),
  };
  // The jobs service with the stage guard and ETA contributor the wristbands module registers, as
  // the jobs module composes them; a restart replaces the module they ask.
  let module: WristbandsModule;
  let guard: StageGuard = {};
  let work: EtaContributor = () => new Map();
  let stands: StandSource = () => [];
  let steps: StepSource = () => null;
  const repository = createJobsRepository(db);
  const noPhone = { push: () => {}, close: () => {}, sweep: () => {} };
  const jobs = createJobsService({
    ...{ db, jobs: repository, bays: store.bays, relay, followGraceMs: 0, phone: noPhone },
    comebackOf: () => null,
    rules: {
      beforeMove: (id, to, at) => guard.beforeMove?.(id, to, at),
      checkMove: (id, to) => guard.checkMove?.(id, to),
      afterMove: (id, to, at) => guard.afterMove?.(id, to, at),
      workOf: (job, at) => work(toBayJob(job), at),
      stands: (at) => stands(at),
      steps: (j) => steps(toBayJob(j)),
    },
  });
  const toBayJob = (j: NonNullable<ReturnType<typeof repository.get>>) => ({
    ...{ id: j.id, code: j.code, bayId: j.bayId, services: j.services, startedAt: j.createdAt, stage: j.stage },
    technician: j.technician,
  });
  const buzzes: { bandId: string; n: WristbandNotify }[] = [];
  const start = () =>
    createWristbandsModule(
      {
        db,
        relay,
        notifyBand: (bandId, n) => buzzes.push({ bandId, n }),
        config: { wristbandClockToleranceS: (opts.clockToleranceMs ?? 30_000) / 1000 },
        log: createLogger('silent'),
      },
      {
        registry: store.devices,
        bays: store.bays,
        onStatus: () => {},
        jobs: {
          technicianJobOnBay(bayId, technician) {
            const open = repository.openOnBay(bayId).filter((j) => j.technician === technician);
            const job = open.find((j) => holdsBay(j.stage)) ?? open[0];
            return job && toBayJob(job);
          },
          job: (id) => {
            const j = repository.get(id);
            return j && toBayJob(j);
          },
          refreshEta: (id, at) => jobs.refreshEta(id, at),
          services: () => jobs.services(),
          addStageGuard: (g) => {
            guard = g;
          },
          addEtaContributor: (c) => {
            work = c;
          },
          addStandSource: (s) => {
            stands = s;
          },
          addStepSource: (s) => {
            steps = s;
          },
        },
      },
    );
  module = start();
  for (const [i, bay] of ['bay-1', 'bay-2'].entries()) store.bays.add(bay, `${i + 1}号工位`, i + 1, T0);
  const advisor = { kind: 'staff' as const, id: 1, name: '王顾问' };
  let seq = 0;

  const shop = {
    db,
    jobs,
    get module() {
      return module;
    },
    /** The hub restarts: the step engine starts again from what is stored. */
    restart() {
      module = start();
    },
    buzzes,
    published,
    now: () => now,
    /** Move the fake clock on. */
    advance(ms: number) {
      now += ms;
    },
    minutes(m: number) {
      now += m * MIN;
    },
    addBand(id: string) {
      store.devices.add({ id, kind: 'wristband', bayId: null, secretHash: 'unused' }, now);
    },
    addSensor(id: string) {
      store.devices.add({ id, kind: 'bay-sensor', bayId: 'bay-1', secretHash: 'unused' }, now);
    },
    /** A job opened now and put on a bay, in service, assigned to a technician. */
    openJob(services: string[], bayId = 'bay-1', technician = 'li-wei'): string {
      const { job } = jobs.createDirect({ plate: '粤B12345', services, bayId }, advisor, now);
      jobs.update(job.id, { technician }, advisor, now);
      jobs.move(job.id, 'waiting', advisor, now);
      jobs.move(job.id, 'in-service', advisor, now);
      return job.id;
    },
    /** The advisor assigns the job to another technician (a shift change). */
    assign: (jobId: string, technician: string) => jobs.update(jobId, { technician }, advisor, now),
    move: (jobId: string, to: Parameters<typeof jobs.move>[1]) => jobs.move(jobId, to, advisor, now),
    /**
     * A band worn by a technician. `skewMs`: how far its clock is off (negative: behind). Events are
     * received now unless `receivedAt` says later (a backlog).
     */
    band(bandId: string, tech: string, band: { skewMs?: number; bay?: string } = {}) {
      // Issued to the technician for the day's shift (from before the test's first event), or handed
      // over now from whoever held it [GB-3.2.4].
      if (store.devices.get(bandId)?.kind === 'wristband') {
        const holder = module.issues.holderAt(bandId, now);
        if (holder?.tech !== tech)
          module.issues.issue(bandId, tech, 16, '王经理', holder ? now : Math.min(now, T0) - HOUR);
      }
      const send = (kind: 'start' | 'end', step: string, o: { at?: number; receivedAt?: number; id?: string } = {}) => {
        const happened = o.at ?? now;
        const ev: WristbandEvent = {
          id: o.id ?? `${bandId}-${String(++seq).padStart(6, '0')}`,
          ts: happened + (band.skewMs ?? 0),
          tech,
          bay: band.bay ?? 'bay-1',
          step,
          kind,
        };
        return { ev, outcome: module.engine.applyEvent(bandId, ev, o.receivedAt ?? now) as Outcome };
      };
      return {
        start: (step: string, o?: { at?: number; receivedAt?: number; id?: string }) => send('start', step, o),
        end: (step: string, o?: { at?: number; receivedAt?: number; id?: string }) => send('end', step, o),
        /** The same event delivered again (a QoS 1 redelivery). */
        again: (ev: WristbandEvent, receivedAt = now) => module.engine.applyEvent(bandId, ev, receivedAt),
        /** The band comes online and says so, with its clock, before anything else [GB-3.2.3]. */
        online: () => module.engine.observeStatus(bandId, now + (band.skewMs ?? 0), now),
      };
    },
    alerts: () => module.alerts.list('all', 30, now),
    steps: (jobId: string) => module.stepsOfJob(jobId),
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return shop;
}
export type WristbandShop = ReturnType<typeof wristbandShop>;

/** The oil-change standard's steps in order, with the minutes each takes when done by the book. */
export const OIL_CHANGE_BY_THE_BOOK: [string, number][] = [
  ['prepare', 3],
  ['lift-secure', 4],
  ['oil-drain', 18],
  ['filter-replace', 6],
  ['drain-plug', 3],
  ['underbody-check', 5],
  ['lower-car', 2],
  ['oil-refill', 5],
  ['engine-run', 3],
  ['oil-level', 3],
  ['service-reset', 2],
  ['final-check', 3],
];
