// `pnpm demo`: a living showroom on one machine. Starts the hub in this process with its embedded
// broker, sets the demo shop up the way an installer would (the hub's CLI: bays, sensors,
// wristbands, cameras, staff accounts), starts a simulated camera per bay, and runs whole shop days
// against the hub's public doors only: walk-ins at the kiosk's check-in route, advisors at the
// desks, bays with their sensors, wristbands and approvals, handovers with the repair clip, ratings.
// GLASSBAY_* variables apply as for `pnpm hub`; the data dir defaults to .data/demo so the demo
// never touches a real installation's data.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  addDays,
  ConfigError,
  createLogger,
  type Hub,
  type HubConfig,
  loadConfig,
  openDb,
  periodKey,
  seedShop,
  startHub,
} from '@glassbay/hub';
import {
  cliProvisioner,
  createCli,
  createHubApi,
  demoBayName,
  ensureCameraInputs,
  ensureDemoBands,
  ensureDemoFleet,
  ensureStaffAccounts,
  signInStaff,
  startDemoCameras,
  startDemoShop,
  type StaffAccount,
} from '../hardware/src/index.ts';

const say = (line = '') => process.stdout.write(line + '\n');
const fail = (message: string, code = 1): never => {
  process.stderr.write(`glassbay demo: ${message}\n`);
  process.exit(code);
};

const USAGE = 'usage: pnpm demo [--speed 30] [--seed 1] [--bays 8]   (or GLASSBAY_DEMO_SPEED=30 pnpm demo)';
const HUB_DIR = fileURLToPath(new URL('../apps/hub/', import.meta.url));
const DESKS = ['desk-1', 'desk-2', 'desk-3'];
const ADVISORS: StaffAccount[] = [
  { username: 'demo-advisor-1', role: 'advisor', name: '李顾问 Li' },
  { username: 'demo-advisor-2', role: 'advisor', name: '王顾问 Wang' },
  { username: 'demo-advisor-3', role: 'advisor', name: '陈顾问 Chen' },
];
const MANAGER: StaffAccount = { username: 'demo-manager', role: 'manager', name: '赵经理 Zhao' };

function options() {
  let values: { speed?: string | undefined; seed: string; bays: string };
  try {
    ({ values } = parseArgs({
      // `pnpm demo -- --speed 300` hands the script the `--` too.
      args: process.argv.slice(2).filter((a) => a !== '--'),
      options: {
        speed: { type: 'string' },
        seed: { type: 'string', default: '1' },
        bays: { type: 'string', default: '8' },
      },
    }));
  } catch (err) {
    return fail(`${(err as Error).message}\n${USAGE}`, 64);
  }
  const speed = Number(values.speed ?? process.env.GLASSBAY_DEMO_SPEED ?? '30');
  const seed = Number(values.seed);
  const bays = Number(values.bays);
  if (!(speed >= 1 && speed <= 600))
    fail('--speed (or GLASSBAY_DEMO_SPEED) must be from 1 to 600 (simulated seconds per second)', 64);
  if (!Number.isInteger(seed)) fail('--seed must be a whole number', 64);
  if (!(Number.isInteger(bays) && bays >= 1 && bays <= 8)) fail('--bays must be a whole number from 1 to 8', 64);
  return { speed, seed, bays };
}

/** Newest change under a folder, ms. */
function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
}

/**
 * The installer's CLI: its bundle (`pnpm demo` builds it) when it is up to date with the source,
 * else the source through tsx, three times slower to start once per command.
 */
function cliCommand(): string[] {
  const bundle = join(HUB_DIR, 'dist/cli.js');
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newest(join(HUB_DIR, 'src'))) return [process.execPath, bundle];
  return [process.execPath, '--import', 'tsx', join(HUB_DIR, 'src/cli/main.ts')];
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

/**
 * Eight weeks of the shop's history before today, written once: the KPI dashboard then has its
 * baseline and sparklines, a technician who starts cutting corners two weeks ago, and a few cars
 * that came back. The live demo days run on top of it.
 */
function seedHistory(config: HubConfig, bays: number): void {
  const { db } = openDb(join(config.dataDir, 'glassbay.db'));
  try {
    if (db.prepare(`SELECT 1 FROM meta WHERE key = 'demo.history'`).get()) return;
    const tz = -new Date().getTimezoneOffset();
    const days = 56;
    seedShop(db, {
      // Ending before yesterday: a seeded job on today's bays would claim their footage from the live jobs.
      startDay: addDays(periodKey(Date.now(), 'day', tz), -(days + 1), tz),
      days,
      tzOffsetMin: tz,
      bays,
      ticketsPerDay: 160,
      jobsPerDay: 30,
      technicians: Math.max(3, bays),
      cornerCutter: 'tech-03',
      cornerCutterFrom: days - 14,
      comebackShare: 0.04,
      servicesPerJob: [2, 3],
    });
    db.prepare(`INSERT INTO meta (key, value) VALUES ('demo.history', ?)`).run(new Date().toISOString());
    say(`Wrote ${days} days of history for the KPI dashboard (/console/kpi) and the /performance board.`);
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const began = Date.now();
  const opts = options();
  let config: HubConfig;
  const env = { GLASSBAY_DATA_DIR: '.data/demo', GLASSBAY_LOG_LEVEL: 'warn', ...process.env };
  try {
    config = loadConfig(env);
  } catch (err) {
    return fail((err as Error).message, err instanceof ConfigError ? 2 : 1);
  }
  mkdirSync(config.dataDir, { recursive: true });
  const secretsFile = join(config.dataDir, 'demo-devices.json');
  const cli = createCli(cliCommand(), { ...env, GLASSBAY_DATA_DIR: config.dataDir });

  // Before the hub's first start: the database exists (migrated once), and the staff accounts too,
  // so the hub never asks for a first admin the demo creates anyway.
  await cli.run(['bay', 'list']);
  const passwords = await ensureStaffAccounts(cli, [...ADVISORS, MANAGER], secretsFile);
  seedHistory(config, opts.bays);
  const bayNames = Array.from({ length: opts.bays }, (_, i) => ({ bayId: `bay-${i + 1}`, name: demoBayName(i + 1) }));
  const cameras = await startDemoCameras(bayNames, { secretsFile });
  const hub = await start(config);
  const stopAll = async () => {
    await hub.stop();
    await cameras.stop();
  };
  const api = createHubApi(hub.httpUrl);
  let shop: Awaited<ReturnType<typeof startDemoShop>>;
  try {
    const provisioner = await cliProvisioner(cli, hub.mqttUrl);
    const fleet = await ensureDemoFleet(provisioner, { bays: opts.bays, secretsFile });
    // The bays exist now: their cameras and the technicians' bands can be added side by side.
    const [crew] = await Promise.all([
      ensureDemoBands(provisioner, { bays: fleet.bays, secretsFile }),
      ensureCameraInputs(cli, cameras.cameras),
    ]);
    if (config.mqttUrl && (fleet.changed || crew.changed))
      say(
        `New demo devices: run \`pnpm glassbay mosquitto sync\` and reload Mosquitto (SIGHUP) before they can log in.`,
      );
    const staff = async (a: StaffAccount) => signInStaff(api, a, passwords[a.username]!);
    const advisors = await Promise.all(ADVISORS.map(staff));
    shop = await startDemoShop({
      hubUrl: hub.httpUrl,
      mqttUrl: hub.mqttUrl,
      bays: fleet.bays,
      bands: crew.bands,
      desks: DESKS.map((deskId, i) => ({ deskId, advisor: advisors[i]! })),
      manager: await staff(MANAGER),
      speed: opts.speed,
      seed: opts.seed,
      log: (l) => say(`  ${l}`),
    });
  } catch (err) {
    await stopAll();
    return fail(`the demo shop could not start: ${(err as Error).message}`);
  }

  const port = new URL(hub.httpUrl).port;
  const lan = config.host === '0.0.0.0' ? lanAddress() : undefined;
  say();
  say(
    `Glassbay demo: ${opts.bays} bays, 3 desks, one shop day after another at ${opts.speed}x (seed ${opts.seed}); ` +
      `set up in ${((Date.now() - began) / 1000).toFixed(1)} s.`,
  );
  for (const path of await screenPaths()) {
    say(`  ${hub.httpUrl}${path}${lan ? `    (on the shop network: http://${lan}:${port}${path})` : ''}`);
  }
  if (!existsSync(join(config.screensDir, 'index.html')))
    say('  (the screens are not built yet: pnpm --filter @glassbay/screens build)');
  say(`  console sign-in: ${MANAGER.username} / ${passwords[MANAGER.username]}  (kept in ${secretsFile})`);
  say(`  devices: ${hub.mqttUrl}   health: ${hub.httpUrl}/healthz   data: ${config.dataDir}`);
  say(`  cameras: ${cameras.cameras.length} simulated, one per bay; wristbands: band-02 (wang-fang) cuts corners`);
  say('Ctrl-C stops the demo.');
  say();

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) process.exit(code || 1); // a second Ctrl-C: leave now
    stopping = true;
    say('\nStopping: the shop closes, devices sign off, then the hub.');
    await shop.stop().catch(() => {});
    await stopAll();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
}

await main();
