// `pnpm demo`: a whole workshop on one machine. Starts the hub in this process with its embedded
// broker, makes sure the demo's 8 bays and their sensors exist, plays a simulated workshop day into
// them and prints the screens to open. GLASSBAY_* variables apply as for `pnpm hub`; the data dir
// defaults to .data/demo so the demo never touches a real installation's data.
import { existsSync, mkdirSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  createBaysService,
  createCamerasRepository,
  createDevicesService,
  createLogger,
  type Hub,
  type HubConfig,
  loadConfig,
  openRepositories,
  silentPublisher,
  startHub,
  syncMosquitto,
  verifySecret,
} from '@glassbay/hub';
import { startDemoCameras, type DemoCamera } from '../hardware/src/demo/cameras.ts';
import {
  ensureDemoBands,
  ensureDemoFleet,
  startDemoWorkshop,
  type DemoBand,
  type DemoBay,
  type DemoProvisioner,
} from '../hardware/src/index.ts';

const DEMO_BAYS = 8;
const say = (line = '') => process.stdout.write(line + '\n');
const fail = (message: string, code = 1): never => {
  process.stderr.write(`glassbay demo: ${message}\n`);
  process.exit(code);
};

const USAGE = 'usage: pnpm demo [--speed 60] [--seed 1] [--from 10:00]';

function options() {
  let values: { speed: string; seed: string; from: string };
  try {
    ({ values } = parseArgs({
      // `pnpm demo -- --speed 300` hands the script the `--` too.
      args: process.argv.slice(2).filter((a) => a !== '--'),
      options: {
        speed: { type: 'string', default: '60' },
        seed: { type: 'string', default: '1' },
        from: { type: 'string', default: '10:00' },
      },
    }));
  } catch (err) {
    return fail(`${(err as Error).message}\n${USAGE}`, 64);
  }
  const speed = Number(values.speed);
  const seed = Number(values.seed);
  const from = /^(\d{1,2}):(\d{2})$/.exec(values.from);
  const startAtMinutes = from ? Number(from[1]) * 60 + Number(from[2]) - 8.5 * 60 : NaN;
  if (!(speed > 0 && speed <= 3600)) fail('--speed must be a number from 1 to 3600 (simulated seconds per second)', 64);
  if (!Number.isInteger(seed)) fail('--seed must be a whole number', 64);
  if (!(startAtMinutes >= 0 && startAtMinutes < 480)) fail('--from must be a time from 08:30 to 16:29, e.g. 10:00', 64);
  return { speed, seed, startAtMinutes };
}

/** Bays and sensors through the hub's own services, before the hub starts (it then loads them). */
async function provision(config: HubConfig): Promise<{ bays: DemoBay[]; bands: DemoBand[] }> {
  mkdirSync(config.dataDir, { recursive: true });
  const store = openRepositories(join(config.dataDir, 'glassbay.db'));
  try {
    const now = () => Date.now();
    const bays = createBaysService({ ...store, relay: silentPublisher });
    const devices = createDevicesService({ ...store, relay: silentPublisher });
    const hub: DemoProvisioner = {
      hasBay: (id) => store.bays.get(id) !== undefined,
      addBay: (id, name, position) => bays.addBay(id, name, position, now()),
      hasDevice: (id) => store.devices.get(id) !== undefined,
      secretMatches: (id, secret) => verifySecret(secret, store.devices.get(id)?.secretHash ?? ''),
      addSensor: (id, bayId) => devices.add(id, 'bay-sensor', bayId, now()).secret,
      removeDevice: (id) => devices.remove(id),
    };
    const secretsFile = join(config.dataDir, 'demo-devices.json');
    const fleet = await ensureDemoFleet(hub, { bays: DEMO_BAYS, secretsFile });
    const crew = await ensureDemoBands(
      { ...hub, addWristband: (id) => devices.add(id, 'wristband', null, now()).secret },
      { bays: fleet.bays, secretsFile },
    );
    if (config.mqttUrl && (fleet.changed || crew.changed)) {
      const { dir } = syncMosquitto(config.dataDir, store.devices);
      say(`New demo sensors written to ${dir}: reload Mosquitto (SIGHUP) before they can log in.`);
    }
    return { bays: fleet.bays, bands: crew.bands };
  } finally {
    store.db.close();
  }
}

/** Point each demo bay's camera at its simulated camera (a new loopback port on every run). */
function addDemoCameras(config: HubConfig, cameras: DemoCamera[]): void {
  const store = openRepositories(join(config.dataDir, 'glassbay.db'));
  try {
    const repo = createCamerasRepository(store.db);
    for (const c of cameras) {
      const had = repo.get(c.cameraId);
      if (had?.inputUrl === c.url) continue;
      if (had) repo.remove(c.cameraId);
      const createdAt = had?.createdAt ?? Date.now();
      repo.add({ id: c.cameraId, bayId: c.bayId, name: c.name, inputUrl: c.url, enabled: true, createdAt });
    }
  } finally {
    store.db.close();
  }
}

async function start(config: HubConfig): Promise<Hub> {
  try {
    return await startHub(config, createLogger(config.logLevel));
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { port?: number };
    if (e.code !== 'EADDRINUSE') throw err;
    const which = e.port === config.mqttPort ? 'GLASSBAY_MQTT_PORT' : 'GLASSBAY_HTTP_PORT';
    return fail(
      `port ${e.port ?? '?'} is already in use (another hub, demo or MQTT broker?). Stop it, or pick ` +
        `another port: ${which}=${(e.port ?? 0) + 1} pnpm demo`,
    );
  }
}

/** The screens the screens app has today, from its route table (the one list of them). */
async function screenPaths(): Promise<string[]> {
  try {
    const { screenRoutes } = await import('../apps/screens/src/routes.ts');
    return screenRoutes.map((r) => r.path);
  } catch {
    return [];
  }
}

function lanAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

async function main(): Promise<void> {
  const opts = options();
  let config: HubConfig;
  try {
    config = loadConfig({
      GLASSBAY_DATA_DIR: '.data/demo',
      GLASSBAY_LOG_LEVEL: 'warn',
      // The demo's wristbands keep simulated time, which runs ahead of the wall clock: trust them.
      GLASSBAY_WRISTBAND_CLOCK_TOLERANCE_S: String(365 * 24 * 3600),
      ...process.env,
    });
  } catch (err) {
    return fail((err as Error).message, err instanceof ConfigError ? 2 : 1);
  }
  const { bays, bands } = await provision(config);
  const cameras = await startDemoCameras(bays);
  addDemoCameras(config, cameras.cameras);
  const hub = await start(config);
  const workshop = await startDemoWorkshop({
    mqttUrl: hub.mqttUrl,
    bays,
    bands,
    ...opts,
    log: (l) => say(`  ${l}`),
  }).catch(async (err: Error) => {
    await hub.stop();
    await cameras.stop();
    return fail(`the simulated sensors or wristbands could not connect: ${err.message}`);
  });

  const port = new URL(hub.httpUrl).port;
  const lan = config.host === '0.0.0.0' ? lanAddress() : undefined;
  say();
  say(`Glassbay demo: ${bays.length} bays, one simulated day after another at ${opts.speed}x (seed ${opts.seed}).`);
  for (const path of await screenPaths()) {
    say(`  ${hub.httpUrl}${path}${lan ? `    (on the shop network: http://${lan}:${port}${path})` : ''}`);
  }
  if (!existsSync(join(config.screensDir, 'index.html')))
    say('  (the screens are not built yet: pnpm --filter @glassbay/screens build)');
  say(`  devices: ${hub.mqttUrl}   health: ${hub.httpUrl}/healthz   data: ${config.dataDir}`);
  say(`  cameras: ${cameras.cameras.length} simulated, one per bay: the console's cameras section plays them`);
  const hurried = bands.find((b) => b.habit === 'cuts-drain-short');
  if (hurried)
    say(`  wristbands: ${bands.length}; ${hurried.tech} (${hurried.bandId}) cuts corners: watch the console's alerts`);
  say('Ctrl-C stops the demo.');
  say();

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) process.exit(code || 1); // a second Ctrl-C: leave now
    stopping = true;
    say('\nStopping: sensors sign off, then the hub.');
    await workshop.stop().catch(() => {});
    await hub.stop();
    await cameras.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  void workshop.failed.then((err) => {
    process.stderr.write(`glassbay demo: the simulation stopped: ${err.message}\n`);
    void stop(1);
  });
}

await main();
