// The wristbands module: the SOP library, the step engine on the MQTT edge, the alerts on the
// staff console. It has its say in the jobs' stage moves and ETAs through the jobs module's ports,
// and hears the bands' own status messages through the devices module's port.
import type { StepTimingView } from '@glassbay/protocol';
import type { BayDirectory } from '../bays/module.ts';
import type { StatusListener } from '../devices/module.ts';
import { AppError } from '../domain/errors.ts';
import { stepProgress } from '../domain/step-progress.ts';
import { stepRef } from '../domain/wristband-sop.ts';
import type { JobsModule } from '../jobs/module.ts';
import type { HubConfig } from '../config.ts';
import type { HubModule, Kernel } from '../module.ts';
import type { Publisher } from '../realtime/publisher.ts';
import type { DevicesRepository } from '../mqtt/devices.repository.ts';
import { createAlertsRepository } from './alerts.repository.ts';
import { createAlertsService } from './alerts.service.ts';
import { createIssuesRepository } from './issues.repository.ts';
import { createIssuesService } from './issues.service.ts';
import { createSopsRepository } from './sops.repository.ts';
import { createStepWindows } from './step-windows.ts';
import { createSopsService } from './sops.service.ts';
import { mountWristbandRoutes } from './wristbands.routes.ts';
import { createWristbandsRepository } from './wristbands.repository.ts';
import { createWristbandsService } from './wristbands.service.ts';
import { createStepHistory } from './step-history.ts';

export function createWristbandsModule(
  k: Pick<Kernel, 'db' | 'log' | 'notifyBand'> & {
    relay: Publisher;
    config: Pick<HubConfig, 'wristbandClockToleranceS'>;
  },
  ports: {
    registry: DevicesRepository;
    bays: BayDirectory;
    onStatus: (listen: StatusListener) => void;
    jobs: Pick<
      JobsModule,
      | 'technicianJobOnBay'
      | 'job'
      | 'refreshEta'
      | 'services'
      | 'addStageGuard'
      | 'addEtaContributor'
      | 'addStandSource'
      | 'addStepSource'
    >;
  },
) {
  const { db } = k;
  const { jobs } = ports;
  const wristbands = createWristbandsRepository(db);
  const alertsRepo = createAlertsRepository(db);
  const sops = createSopsService({ db, sops: createSopsRepository(db), services: jobs.services });
  const issues = createIssuesService({ db, issues: createIssuesRepository(db), devices: ports.registry });
  const steps = createStepWindows({
    alerts: alertsRepo,
    wristbands,
    refOf: (serviceCode, code, versionId) =>
      stepRef(serviceCode, code, sops.byId(versionId ?? -1)?.steps.find((s) => s.code === code) ?? null),
    jobCode: (jobId) => jobs.job(jobId)?.code ?? null,
  });
  const alerts = createAlertsService({
    ...{ db, alerts: alertsRepo, wristbands, sops, relay: k.relay },
    stepOf: (alertId) => steps.ofAlert(alertId),
  });
  const engine = createWristbandsService({
    db,
    devices: ports.registry,
    bays: ports.bays,
    wristbands,
    alerts: alertsRepo,
    sops,
    issues,
    jobs: { technicianJobOnBay: jobs.technicianJobOnBay, job: jobs.job, etaChanged: jobs.refreshEta },
    publishAlert: (id) => alerts.publish(id),
    notify: k.notifyBand,
    clockToleranceMs: k.config.wristbandClockToleranceS * 1000,
    log: k.log,
  });
  jobs.addStageGuard({
    beforeMove: (jobId, to, now) => engine.beforeMove(jobId, to, now),
    checkMove: (jobId, to) => engine.checkMove(jobId, to),
    afterMove: (jobId, to, now) => engine.afterMove(jobId, to, now),
  });
  // The learned ETA: each job's SOP steps, what this shop takes for them, and how far the job is.
  const history = createStepHistory({ db, wristbands, sops });
  jobs.addEtaContributor((job, now) => history.workOf(job, now));
  jobs.addStandSource((now) => history.stands(now));
  // The customers' view of the work: the job's standards and its timings, names and states only.
  jobs.addStepSource((job) => stepProgress(sops.forJob(job.services, job.startedAt), engine.timingsOfJob(job.id)));
  // A band's online status is a punctual sample of its clock, sent before any backlog; not when the
  // broker replays its retained copy to a (re)subscribing hub, long after [GB-3.2.3].
  ports.onStatus((deviceId, status, now, retained) => {
    if (status.online && !retained) engine.observeStatus(deviceId, status.ts, now);
  });

  /** A job's step timings as staff see them, with each step's name from the standard that judged it. */
  function stepsOfJob(jobId: string): StepTimingView[] {
    if (!jobs.job(jobId)) throw new AppError(404, 'JOB_NOT_FOUND', `no job ${jobId}`);
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
  }

  const module: HubModule = {
    name: 'wristbands',
    fill: (state, now) => alerts.loadInto(state, now),
    routes: (mount) => mountWristbandRoutes(mount, { sops, alerts, issues, stepsOfJob }),
    devices: { wristbandEvents: (bandId, event, now) => engine.applyEvent(bandId, event, now) },
  };
  /** The moment of an alert's step or of a job's step on its bay (media opens the bay's recording there). */
  return { module, engine, sops, alerts, issues, stepsOfJob, stepWindows: steps };
}
export type WristbandsModule = ReturnType<typeof createWristbandsModule>;
