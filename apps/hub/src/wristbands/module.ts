// The wristbands module as the hub starts it: the SOP library, the step engine on the MQTT edge,
// the alerts on the staff console, and the engine's say in the jobs' stage moves and ETAs.
import type { ScreenState, StepTimingView, WristbandNotify } from '@glassbay/protocol';
import { stepRef } from '../domain/wristband-sop.ts';
import type { Mount } from '../http/api.ts';
import { mountWristbandRoutes } from './wristbands.routes.ts';
import type { Logger } from '../logger.ts';
import { createAlertsRepository } from './alerts.repository.ts';
import type { BaysRepository } from '../bays/bays.repository.ts';
import type { Db } from '../store/db.ts';
import type { DevicesRepository } from '../devices/devices.repository.ts';
import { createJobsRepository, type JobRecord } from '../jobs/jobs.repository.ts';
import { createSopsRepository } from './sops.repository.ts';
import { createWristbandsRepository } from './wristbands.repository.ts';
import { createAlertsService } from './alerts.service.ts';
import { AppError } from '../domain/errors.ts';
import type { JobsModule } from '../jobs/module.ts';
import type { Publisher } from '../domain/outcome.ts';
import { createSopsService } from './sops.service.ts';
import { createWristbandsService, type JobRef, type JobsPort } from './wristbands.service.ts';

/** Stages in which a job holds its bay: the job a technician on that bay is working on. */
const ON_BAY = ['in-service', 'quality-check', 'washing'];

const toRef = (j: JobRecord): JobRef => ({
  id: j.id,
  code: j.code,
  bayId: j.bayId,
  services: j.services,
  startedAt: j.createdAt,
  stage: j.stage,
});

export function startWristbands(deps: {
  db: Db;
  devices: DevicesRepository;
  bays: BaysRepository;
  relay: Publisher;
  jobs: Pick<JobsModule, 'service'>;
  /** Publish a notification to a band; the hub's MQTT client, bound once it is connected. */
  notify: (bandId: string, n: WristbandNotify) => void;
  clockToleranceMs: number;
  log: Logger;
}) {
  const { db } = deps;
  const jobRecords = createJobsRepository(db);
  const wristbands = createWristbandsRepository(db);
  const alertsRepo = createAlertsRepository(db);
  const sops = createSopsService({ db, sops: createSopsRepository(db), services: () => deps.jobs.service.services() });
  const alerts = createAlertsService({ db, alerts: alertsRepo, wristbands, sops, relay: deps.relay });

  const jobsPort: JobsPort = {
    activeJobOnBay(bayId) {
      const open = jobRecords.openOnBay(bayId);
      // The car on the bay first; else the job assigned to the bay that is waiting for it.
      const job = open.find((j) => ON_BAY.includes(j.stage)) ?? open[0];
      return job && toRef(job);
    },
    job(jobId) {
      const job = jobRecords.get(jobId);
      return job && toRef(job);
    },
    etaChanged: (jobId, now) => deps.jobs.service.refreshEta(jobId, now),
  };

  const engine = createWristbandsService({
    db,
    devices: deps.devices,
    bays: deps.bays,
    wristbands,
    alerts: alertsRepo,
    sops,
    jobs: jobsPort,
    publishAlert: (id) => alerts.publish(id),
    notify: deps.notify,
    clockToleranceMs: deps.clockToleranceMs,
    log: deps.log,
  });

  deps.jobs.service.useStageRules({
    checkMove: (jobId, to) => engine.checkMove(jobId, to),
    afterMove: (jobId, to, now) => engine.afterMove(jobId, to, now),
    workDelayMs: (jobId, now) => engine.workDelayMs(jobId, now),
  });

  const module = {
    engine,
    sops,
    alerts,
    /** A job's step timings as staff see them, with each step's name from the standard that judged it. */
    stepsOfJob(jobId: string): StepTimingView[] {
      if (!jobRecords.get(jobId)) throw new AppError(404, 'JOB_NOT_FOUND', `no job ${jobId}`);
      return engine.timingsOfJob(jobId).map((t) => ({
        id: String(t.id),
        jobId: t.jobId,
        bayId: t.bayId,
        tech: t.tech,
        endTech: t.endTech,
        step: stepRef(
          t.serviceCode,
          t.stepCode,
          sops.byId(t.sopVersionId ?? -1)?.steps.find((s) => s.code === t.stepCode) ?? null,
        ),
        status: t.status,
        startedAt: t.startedAt,
        endedAt: t.endedAt,
        durationMs: t.durationMs,
        clock: t.clock,
        backlog: t.backlog,
        verdict: t.verdict,
        minMinutes: t.minMinutes,
        standardMinutes: t.standardMinutes,
      }));
    },
    loadInto: (state: ScreenState, now: number) => alerts.loadInto(state, now),
    mount: (mount: Mount) => mountWristbandRoutes(mount, module),
  };
  return module;
}
export type WristbandsModule = ReturnType<typeof startWristbands>;
