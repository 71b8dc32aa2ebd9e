// The hub package's public entry: what the installer's CLI, the demo and the benchmarks use. Nothing
// outside apps/hub imports a file under src/ directly (lint keeps it so); tests use "./testing".

// Running a hub.
export { ConfigError, loadConfig, type HubConfig } from './config.ts';
export { startHub, type Hub } from './hub.ts';
export { createLogger, type Logger } from './logger.ts';
export { AppError } from './domain/errors.ts';

// The hub's file without a running hub (provisioning, seeding, benchmarks).
export { openRepositories, queueOnStore, type Repositories } from './tools.ts';
export { openDb, type Db } from './store/db.ts';
export { silentPublisher, type Publisher } from './realtime/publisher.ts';
export { createBaysService } from './bays/bays.service.ts';
export { createDevicesService, DeviceError } from './devices/devices.service.ts';
export { createCamerasRepository } from './media/cameras.repository.ts';
export { verifySecret } from './mqtt/credentials.ts';
export { syncMosquitto } from './mqtt/mosquitto.ts';

// The walk-in queue's services on a file (tools.ts queueOnStore), for the queue benchmark's simulated days.
export { midpointMin } from './domain/wait.ts';

// The KPIs over a file: a shop's history written in (the kpi benchmark, the dashboard's
// screenshots) and the module that reads it.
export { seedShop, type SeedOptions, type SeedTruth } from './kpi/kpi.seed.ts';
export { createKpiModule } from './kpi/module.ts';
export { addDays, dayKeys, periodKey } from './domain/kpi-time.ts';

// The jobs and the wristbands on a file, for the ETA benchmark's simulated days (#17), and today's
// fixed-allowance estimate it is compared with.
export { createJobsRepository } from './jobs/jobs.repository.ts';
export { createJobsService, type JobsService } from './jobs/jobs.service.ts';
export { createWristbandsModule } from './wristbands/module.ts';
export { estimateReadyAt, serviceTimeBefore, workOf } from './domain/eta.ts';
export { minutesLookup, shopContext } from './jobs/job-views.ts';
