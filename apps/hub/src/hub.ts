// The composition root: one hub process owns the state. It opens the kernel (SQLite, the turn,
// metrics, HTTP, the relay), then builds the features in order, each from the kernel and the ports
// of the features before it, then starts the MQTT edge and listens. module.ts has the contract.
import { rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fastify from 'fastify';
import { emptyState, type HubNotice } from '@glassbay/protocol';
import { createBaysModule } from './bays/module.ts';
import type { HubConfig } from './config.ts';
import { createDevicesModule } from './devices/module.ts';
import { createFleetModule } from './fleet/module.ts';
import { healthOf } from './http/health.ts';
import { prepareHttp, registerHttp, registerScreens } from './http/server.ts';
import { loadOrCreateTls, type HubTls } from './http/tls.ts';
import { createJobsModule } from './jobs/module.ts';
import { createKpiModule } from './kpi/module.ts';
import { createEvidenceModule } from './evidence/module.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMediaModule } from './media/module.ts';
import { createMetrics } from './metrics.ts';
import { createNotifyModule } from './notify/module.ts';
import { deviceHandlers, fillState, type HubModule, type Kernel } from './module.ts';
import { createDevicesRepository } from './mqtt/devices.repository.ts';
import { startMqttEdge } from './mqtt/edge.ts';
import { createDeviceSender } from './mqtt/hub-client.ts';
import { createIngest } from './mqtt/ingest.ts';
import { createReceipts } from './mqtt/receipts.ts';
import { createQueueModule } from './queue/module.ts';
import { createRelay } from './realtime/relay.ts';
import { HTTP_CLOSE_GRACE_MS, closeInOrder } from './shutdown.ts';
import { createStaffModule } from './staff/module.ts';
import { startCheckpointer } from './store/checkpointer.ts';
import { createDeadLettersRepository } from './store/dead-letters.repository.ts';
import { openDb } from './store/db.ts';
import { createStorageHealth, type StorageHealth, type StorageStatus } from './store/storage.ts';
import { securePrivateData } from './store/private-files.ts';
import { startRetention } from './store/retention.ts';
import { createTurn } from './store/turn.ts';
import { createWristbandsModule } from './wristbands/module.ts';

export interface Hub {
  httpUrl: string;
  /** Where devices connect: the embedded broker's TCP URL, or the external broker's. */
  mqttUrl: string;
  config: HubConfig;
  log: Logger;
  /** The certificate's SHA-256 fingerprint when the hub serves HTTPS (GLASSBAY_TLS=on). */
  tlsFingerprint256: string | undefined;
  /** Stop serving and close the database; safe to call more than once. */
  stop: () => Promise<void>;
}

export async function startHub(config: HubConfig, log: Logger = createLogger(config.logLevel)): Promise<Hub> {
  const started = Date.now();
  securePrivateData(config.dataDir);
  const dbFile = join(config.dataDir, 'glassbay.db');

  // The kernel.
  const { db, migrations } = openDb(dbFile);
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  const checkpointer = startCheckpointer(db, log);
  const storage = createStorageHealth({ db, dataDir: config.dataDir, reserveBytes: config.storageReserveMb * MB, log });
  const turn = createTurn(db, log, { onFailed: storage.writeFailed });
  const retention = startRetention({ db, policy: config.retention, log, write: turn.write });
  const metrics = createMetrics();
  const tls = config.tls ? await loadOrCreateTls(config.dataDir) : undefined;
  const app = createApp(tls);
  await prepareHttp(app, { onStorageError: storage.writeFailed });
  const registry = createDevicesRepository(db);
  const deadLetters = createDeadLettersRepository(db);
  const toDevices = createDeviceSender(log);
  const staff = createStaffModule({ db, app });
  const modules: HubModule[] = [hubNotices(storage), staff.module];
  const relay = createRelay({
    http: app.server,
    loadState: () => fillState(modules, emptyState(), Date.now()),
    authorize: staff.audienceOf,
    metrics,
    log,
    atTurnEnd: turn.atEnd,
    socketsPerSource: config.socketsPerSource,
  });
  staff.onSessionsEnded((match) => relay.disconnectWhere(match));
  storage.onChange((s) => relay.publish('hubNotices', 'storage', storageNotice(s)));
  // A buzz is an effect of the turn that decided it: it leaves only once that turn is stored.
  const notifyBand: Kernel['notifyBand'] = (bandId, n) =>
    turn.atEnd((committed) => committed && toDevices.notify(bandId, n));
  const kernel: Kernel = { config, log, db, turn, metrics, relay, app, notifyBand };

  // The features, in order: each takes the ports of those before it.
  const bays = createBaysModule(kernel, { registry });
  const devices = createDevicesModule(kernel, { registry, bays: bays.directory });
  const jobs = createJobsModule(kernel, { bays: bays.directory, onOccupancy: bays.onOccupancy });
  const queue = createQueueModule(kernel, jobs);
  const wristbands = createWristbandsModule(kernel, {
    ...{ registry, bays: bays.directory, onStatus: devices.onStatus, jobs },
  });
  const media = createMediaModule(kernel, {
    ...{ staffOf: staff.staffOf, jobs, steps: wristbands.stepsOfJob },
    stepSources: wristbands.stepWindows,
  });
  const fleet = createFleetModule(kernel, { staffFromCookie: staff.fromCookie });
  const notify = createNotifyModule(kernel, { queue, jobs });
  // A read model over the others' records: it comes last and offers nothing to the rest.
  const kpi = createKpiModule(kernel, { comebackDays: config.comebackDays });
  const evidence = createEvidenceModule(kernel, { clips: media.media.clips });
  modules.push(bays.module, devices.module, jobs.module, queue.module, wristbands.module, media.module, fleet.module);
  modules.push(notify.module, kpi.module, evidence.module);

  // The MQTT edge: every device message goes through ingest to the module that handles its kind.
  const ingest = createIngest({
    ...{ handlers: deviceHandlers(modules), deadLetters, turn, metrics, log },
    accepting: storage.accepting,
    receipts: createReceipts(turn, toDevices.stored),
  });
  const edge = await startMqttEdge({ config, registry, ingest, http: app.server, log }).catch(async (err: unknown) => {
    await Promise.all(modules.map((m) => m.stop?.()));
    storage.stop();
    await retention.stop();
    turn.close();
    await checkpointer.stop();
    db.close();
    throw err;
  });
  toDevices.attach(edge.client);

  const health = healthOf({
    started,
    storage,
    host: config.host,
    dbFile,
    migrations,
    db,
    edge,
    registry,
    deadLetters,
    metrics,
    relay,
    bays: bays.directory,
    tlsFingerprint256: tls?.fingerprint256 ?? null,
  });
  const mount = await registerHttp(app, {
    ...{ metrics, health, staffOf: staff.staffOf, turn, scrapeToken: config.metricsToken },
    accepting: storage.accepting,
  });
  for (const m of modules) m.routes?.(mount);
  await registerScreens(app, config.screensDir);
  await app.listen({ host: config.host, port: config.httpPort });
  announceSetup(staff.service.issueSetupCode(), config.dataDir, log);

  // The installer's CLI writes to the same file while the hub runs (a new device or bay): notice
  // another connection's commit and send every screen a fresh snapshot.
  let seenVersion = dataVersion.get() as number;
  const watch = setInterval(() => {
    const v = dataVersion.get() as number;
    if (v !== seenVersion) {
      seenVersion = v;
      relay.refreshAll();
    }
  }, 1000);
  watch.unref();

  let stopping: Promise<void> | undefined;
  const shutdown = async () => {
    const t0 = Date.now();
    const failed = await closeInOrder(
      [
        ['watch', () => clearInterval(watch)],
        // Features first, in reverse order (media's ffmpeg children end here), then the kernel.
        ...[...modules].reverse().map((m) => [`module ${m.name}`, () => m.stop?.()] as const),
        ['mqtt client', () => edge.client.endAsync(true)],
        // socket.io closes the HTTP server with it: the grace for requests under way starts here.
        ['screens and http', () => closeHttp(app.server, () => relay.close().then(() => app.close()))],
        ['broker', () => edge.broker?.close()],
        ['retention', () => retention.stop()],
        ['storage', () => storage.stop()],
        ['turn', () => turn.close()],
        ['checkpointer', () => checkpointer.stop()],
        // PASSIVE never waits on another connection (the CLI): a stop must not hang on a lock.
        ['database', () => (db.pragma('wal_checkpoint(PASSIVE)'), db.close())],
      ],
      log,
    );
    log.info({ ms: Date.now() - t0, ...(failed.length > 0 ? { failed } : {}) }, 'hub stopped');
  };
  const address = app.server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const hub: Hub = {
    httpUrl: `${tls ? 'https' : 'http'}://${host}:${address.port}`,
    mqttUrl: edge.link.kind === 'external' ? edge.link.url : `mqtt://${host}:${edge.broker!.port}`,
    config,
    log,
    tlsFingerprint256: tls?.fingerprint256,
    stop: () => (stopping ??= shutdown()),
  };
  log.info({ http: hub.httpUrl, mqtt: hub.mqttUrl, data: config.dataDir }, 'hub started');
  if (tls) {
    log.info(
      { fingerprint256: tls.fingerprint256, created: tls.created },
      'TLS on: pin this SHA-256 certificate fingerprint on every screen',
    );
  }
  return hub;
}

/**
 * The one fastify app, over HTTPS when TLS is on. Every part (socket.io, MQTT over WebSocket) hangs
 * on its server and needs only its request/upgrade events, which an https.Server has too.
 */
function createApp(tls: HubTls | undefined) {
  const options = { logger: false, bodyLimit: 64 * 1024 } as const;
  if (!tls) return fastify(options);
  return fastify({ ...options, https: { key: tls.key, cert: tls.cert } }) as unknown as ReturnType<typeof fastify>;
}

/**
 * First start: no staff account exists yet. The installer reads the one-time setup code from the
 * log (or the data dir) and creates the first admin in the console; the file is removed once used.
 */
function announceSetup(code: string | undefined, dataDir: string, log: Logger): void {
  const file = join(dataDir, 'setup-code.txt');
  if (!code) {
    rmSync(file, { force: true });
    return;
  }
  writeFileSync(file, `${code}\n`, { mode: 0o600 });
  log.warn(
    { setupCode: code, file },
    'no staff account yet: open /console and create the first admin with this setup code',
  );
}

/** Let requests under way finish, then cut the connections still open (a client that never sends its body). */
async function closeHttp(server: { closeAllConnections: () => void }, close: () => Promise<unknown>): Promise<void> {
  const cut = setTimeout(() => server.closeAllConnections(), HTTP_CLOSE_GRACE_MS);
  try {
    await close();
  } finally {
    clearTimeout(cut);
  }
}

const MB = 1024 * 1024;

/** The console's notice of storage trouble (null: none). */
function storageNotice(s: StorageStatus): HubNotice | null {
  if (s.ok) return null;
  const free = s.freeBytes === null ? 'unknown' : `${Math.round(s.freeBytes / MB)} MB`;
  return {
    id: 'storage',
    code: `storage_${s.reason}`,
    since: s.since,
    detail: `free ${free}, reserve ${Math.round(s.reserveBytes / MB)} MB${s.detail ? `; ${s.detail}` : ''}`,
  };
}

/** The kernel's own collection in every snapshot: the hub's notices to staff. */
function hubNotices(storage: StorageHealth): HubModule {
  return {
    name: 'hub',
    fill(state) {
      const notice = storageNotice(storage.status());
      if (notice) state.hubNotices[notice.id] = notice;
    },
  };
}
