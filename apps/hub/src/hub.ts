// The composition root: one hub process owns the state. Wires store → services → relay, the broker
// and the hub's MQTT client, and HTTP; returns what tests and the CLI need to talk to it.
import { mkdirSync, readFileSync, existsSync, writeFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fastify, { type FastifyRequest } from 'fastify';
import type { MqttClient } from 'mqtt';
import { SESSION_COOKIE, emptyState, type Audience, type ScreenState } from '@glassbay/protocol';
import type { HubConfig } from './config.ts';
import { HUB_VERSION, registerHttp, registerScreens } from './http/server.ts';
import { createLogger, type Logger } from './logger.ts';
import { counterTotal, createMetrics } from './metrics.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from './mqtt/broker.ts';
import { connectHubClient, publishNotify, type HubLink } from './mqtt/hub-client.ts';
import { createIngest } from './mqtt/ingest.ts';
import { hubSecretFile } from './mqtt/mosquitto.ts';
import { startMedia } from './media/service.ts';
import { startScreens } from './fleet/module.ts';
import { sessionToken } from './staff/staff.routes.ts';
import { createRelay } from './realtime/relay.ts';
import { createBaysService } from './bays/bays.service.ts';
import { createDevicesService } from './devices/devices.service.ts';
import { createStaffService } from './staff/staff.service.ts';
import { startJobs } from './jobs/module.ts';
import { mountJobRoutes } from './jobs/jobs.routes.ts';
import { startWristbands } from './wristbands/module.ts';
import { startQueue } from './queue/module.ts';
import { mintFollowToken } from './jobs/jobs.service.ts';
import { ticketToJob } from './jobs/ticket-to-job.ts';
import { startCheckpointer } from './store/checkpointer.ts';
import { openRepositories } from './store/repositories.ts';
import { createTurn } from './store/turn.ts';
import { toDeviceView } from './devices/devices.repository.ts';

export interface Hub {
  httpUrl: string;
  /** Where devices connect: the embedded broker's TCP URL, or the external broker's. */
  mqttUrl: string;
  config: HubConfig;
  log: Logger;
  /** Stop serving and close the database; safe to call more than once. */
  stop: () => Promise<void>;
}

export async function startHub(config: HubConfig, log: Logger = createLogger(config.logLevel)): Promise<Hub> {
  const started = Date.now();
  mkdirSync(config.dataDir, { recursive: true });
  const dbFile = join(config.dataDir, 'glassbay.db');
  const store = openRepositories(dbFile);
  const { db, bays, devices, deadLetters } = store;
  const checkpointer = startCheckpointer(db, log);
  const turn = createTurn(db, log);
  const staffService = createStaffService({
    db,
    staff: store.staff,
    onSessionsEnded: (userId) => relay.disconnectWhere((d) => d.userId === userId),
  });
  const metrics = createMetrics();

  const app = fastify({ logger: false, bodyLimit: 64 * 1024 });
  const loadState = (): ScreenState => {
    const s = emptyState();
    for (const b of bays.list()) s.bays[b.id] = b;
    for (const d of devices.list()) s.devices[d.id] = toDeviceView(d);
    for (const c of media.cameras()) s.cameras[c.id] = c;
    jobs.service.loadInto(s, Date.now());
    wristbands.loadInto(s, Date.now());
    queue.fill(s);
    return s;
  };
  const relay = createRelay({
    http: app.server,
    loadState,
    // A staff screen proves itself with the console's session cookie; any other socket is public.
    authorize: (socket): Audience => {
      const wanted = (socket.handshake.auth as { audience?: unknown }).audience ?? 'public';
      if (wanted === 'public') return 'public';
      const token = app.parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
      const user = wanted === 'staff' ? staffService.authenticate(token, Date.now()) : undefined;
      if (!user) throw new Error('STAFF_LOGIN_REQUIRED');
      socket.data.userId = user.id;
      socket.data.sessionId = staffService.sessionId(token!);
      return 'staff';
    },
    metrics,
    log,
    atTurnEnd: turn.atEnd,
    socketsPerSource: config.socketsPerSource,
  });

  const jobs = startJobs({ db, bays, relay, followGraceMin: config.followGraceMin, log });
  const queue = startQueue({
    db,
    relay,
    mintToken: mintFollowToken,
    catalogue: () => jobs.service.services(),
    serveTicket: ticketToJob(jobs.service),
  });
  jobs.useQueuedTicketLookup(queue.queuedFollow);
  const baysService = createBaysService({ db, bays, devices, relay, onOccupancy: jobs.service.onOccupancy });
  const devicesService = createDevicesService({ db, devices, bays, relay });
  const wristbands = startWristbands({
    ...{ db, devices, bays, relay, jobs, log },
    notify: (bandId, n) => publishNotify(mqtt, bandId, n, log),
    clockToleranceMs: config.wristbandClockToleranceS * 1000,
  });
  const ingest = createIngest({
    bays: baysService,
    devices: devicesService,
    wristbands: wristbands.engine,
    deadLetters,
    turn,
    metrics,
    log,
  });

  let broker: EmbeddedBroker | undefined;
  let link: HubLink;
  if (config.mqttUrl) {
    const secretFile = hubSecretFile(config.dataDir);
    link = {
      kind: 'external',
      url: config.mqttUrl,
      username: config.mqttUsername ?? 'glassbay-hub',
      password: config.mqttPassword ?? (existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : undefined),
    };
  } else {
    devices.markAllOffline();
    broker = await startEmbeddedBroker({ host: config.host, port: config.mqttPort, devices, ingest, log });
    broker.attachWebSocket(app.server);
    link = { kind: 'embedded', broker };
  }
  let mqtt: MqttClient;
  try {
    mqtt = await connectHubClient(link, ingest, log);
  } catch (err) {
    await broker?.close();
    turn.close();
    await checkpointer.stop();
    db.close();
    throw err;
  }

  const mount = await registerHttp(app, {
    bays,
    metrics,
    staff: staffService,
    scrapeToken: config.metricsToken,
    onLogout: (sessionId) => relay.disconnectWhere((d) => d.sessionId === sessionId),
    health: async () => {
      const dc = devices.counts();
      let dbOk = true;
      try {
        db.prepare('SELECT 1').get();
      } catch {
        dbOk = false;
      }
      return {
        status: dbOk && mqtt.connected ? 'ok' : 'degraded',
        version: HUB_VERSION,
        uptimeSec: Math.round((Date.now() - started) / 1000),
        broker: {
          mode: link.kind,
          connected: mqtt.connected,
          url: link.kind === 'external' ? redact(link.url) : `mqtt://${config.host}:${broker!.port}`,
        },
        database: { ok: dbOk, file: dbFile, migrations: store.migrations },
        counts: {
          bays: bays.count(),
          devices: dc.n,
          devicesOnline: dc.online,
          screens: relay.connected(),
          accepted: await counterTotal(metrics.accepted),
          rejected: await counterTotal(metrics.rejected),
          deadLetters: deadLetters.count(),
        },
      };
    },
  });
  mountJobRoutes(mount, jobs);
  wristbands.mount(mount);
  queue.mount(mount);
  startScreens({ db, app, mount, relay, staff: staffService, config, log });
  await registerScreens(app, config.screensDir);
  const staffOf = (req: FastifyRequest) => staffService.authenticate(sessionToken(req), Date.now());
  const media = startMedia({
    ...{ app, db, config, relay, log, staffOf, mount },
    customers: jobs.customers,
    steps: (jobId) => wristbands.stepsOfJob(jobId),
    followGraceMs: config.followGraceMin * 60_000,
  });
  await app.listen({ host: config.host, port: config.httpPort });
  announceSetup(staffService.issueSetupCode(), config.dataDir, log);

  // The installer's CLI writes to the same file while the hub runs (a new device or bay): notice
  // another connection's commit and send every screen a fresh snapshot.
  let dataVersion = store.dataVersion();
  const watch = setInterval(() => {
    const v = store.dataVersion();
    if (v !== dataVersion) {
      dataVersion = v;
      relay.refreshAll();
    }
  }, 1000);
  watch.unref();

  let stopping: Promise<void> | undefined;
  const shutdown = async () => {
    clearInterval(watch);
    jobs.stop();
    queue.stop();
    await media.stop();
    await mqtt.endAsync(true).catch(() => {});
    await relay.close();
    await app.close();
    await broker?.close();
    turn.close();
    await checkpointer.stop();
    db.close();
    log.info('hub stopped');
  };
  const address = app.server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const hub: Hub = {
    httpUrl: `http://${host}:${address.port}`,
    mqttUrl: link.kind === 'external' ? link.url : `mqtt://${host}:${broker!.port}`,
    config,
    log,
    stop: () => (stopping ??= shutdown()),
  };
  log.info({ http: hub.httpUrl, mqtt: hub.mqttUrl, data: config.dataDir }, 'hub started');
  return hub;
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

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
