// Issue #13's measure: faults caused for real while a device streams readings, each fault several
// rounds: the hub killed with -9 mid-stream (embedded broker; external Mosquitto), Mosquitto killed
// with -9 with the shipped config, the disk filled and then freed (a small tmpfs; root only). The
// device keeps a backlog as the contract asks [GB-3.2.2]: in order, each reading sent again until
// acknowledged. After each round: which acknowledged readings are not in SQLite (`acked_lost`),
// which readings are stored twice (`resent_duplicates_stored`), and how long from the fault's end
// (the new process started, the filler deleted) until the device's readings were acknowledged again.
// Environment: BENCH_FAULTS_ROUNDS (default 5), BENCH_FAULTS_RATE (readings/s, default 100).
import { mkdirSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics } from '@glassbay/protocol';
import { createDevicesService, openDb, openRepositories, silentPublisher, syncMosquitto } from '@glassbay/hub';
import mqtt, { type MqttClient } from 'mqtt';
import { fillDisk as fill, smallDisk as tmpfsDisk } from '../../hardware/src/small-disk.ts';
import { MOSQUITTO, startShippedMosquitto, type ShippedMosquitto } from '../../hardware/src/shipped-mosquitto.ts';
import { startService, type Service } from '../children.ts';
import { target, type BenchGroup, type Figures } from '../figures.ts';
import { HUB_BUNDLE } from '../hub-bundle.ts';
import { percentile, round } from '../stats.ts';

const ROUNDS = Number(process.env.BENCH_FAULTS_ROUNDS ?? 5);
const RATE = Number(process.env.BENCH_FAULTS_RATE ?? 100);
const SENSOR = 'faults-sensor';
const BAY = 'faults-bay';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

interface Round {
  ackedLost: number;
  duplicates: number;
  recoveryS: number;
  sent: number;
}

/** A bay sensor with the contract's backlog: one reading in flight, resent until acknowledged. */
function streamingDevice(url: string, password: string) {
  const client: MqttClient = mqtt.connect(url, {
    clientId: SENSOR,
    username: SENSOR,
    password,
    protocolVersion: 4,
    reconnectPeriod: 200,
    connectTimeout: 2000,
  });
  const acked: number[] = [];
  const ackedAt: number[] = [];
  let seq = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const s = ++seq;
      const payload = JSON.stringify({ seq: s, ts: Date.now(), occupied: s % 2 === 0 });
      for (;;) {
        const ok = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), 2000);
          client.publish(topics.baySensor(BAY, SENSOR), payload, { qos: 1 }, (err) => {
            clearTimeout(timer);
            resolve(!err);
          });
        });
        if (ok) break;
        if (!running) return;
        await sleep(50);
      }
      acked.push(s);
      ackedAt.push(Date.now());
      await sleep(1000 / RATE);
    }
  })();
  return {
    acked,
    /** The first acknowledgement at or after `t`, epoch ms. */
    firstAckAfter: (t: number) => ackedAt.find((a) => a >= t) ?? null,
    sent: () => seq,
    async stop() {
      running = false;
      await loop;
      client.end(true);
    },
  };
}

function storedCounts(dataDir: string): Map<number, number> {
  const { db } = openDb(join(dataDir, 'glassbay.db'));
  try {
    const rows = db
      .prepare('SELECT seq, count(*) AS n FROM sensor_readings WHERE device_id = ? GROUP BY seq')
      .all(SENSOR) as { seq: number; n: number }[];
    return new Map(rows.map((r) => [r.seq, r.n]));
  } finally {
    db.close();
  }
}

/** A fresh data dir with one bay and its sensor; the sensor's secret. */
function provision(dataDir: string, external: boolean): string {
  const store = openRepositories(join(dataDir, 'glassbay.db'));
  try {
    store.bays.add(BAY, 'Bay F', 1, Date.now());
    const { secret } = createDevicesService({ ...store, relay: silentPublisher }).add(
      SENSOR,
      'bay-sensor',
      BAY,
      Date.now(),
    );
    if (external) syncMosquitto(dataDir, store.devices);
    return secret;
  } finally {
    store.db.close();
  }
}

interface Rig {
  dataDir: string;
  env: Record<string, string>;
  hub: Service<{ mqtt: string }> | undefined;
  mosquitto?: ShippedMosquitto;
  deviceUrl: string;
  secret: string;
  startHub: () => Promise<void>;
  cleanup: () => Promise<void>;
}

async function rig(opts: { external: boolean; dataDir?: string }): Promise<Rig> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'glassbay-faults-'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = provision(dataDir, opts.external);
  const mosquitto = opts.external ? await startShippedMosquitto(dataDir) : undefined;
  const mqttPort = await freePort();
  const env: Record<string, string> = {
    GLASSBAY_DATA_DIR: dataDir,
    GLASSBAY_HOST: '127.0.0.1',
    GLASSBAY_HTTP_PORT: String(await freePort()),
    GLASSBAY_MQTT_PORT: String(mqttPort),
    GLASSBAY_LOG_LEVEL: 'info',
    GLASSBAY_DISCOVERY: 'off',
    GLASSBAY_STORAGE_RESERVE_MB: '1',
    GLASSBAY_MEDIA_MIN_FREE_MB: '0',
    ...(mosquitto ? { GLASSBAY_MQTT_URL: mosquitto.url } : {}),
  };
  const r: Rig = {
    dataDir,
    env,
    hub: undefined,
    ...(mosquitto ? { mosquitto } : {}),
    deviceUrl: mosquitto ? mosquitto.url : `mqtt://127.0.0.1:${mqttPort}`,
    secret,
    async startHub() {
      r.hub = await startService<{ mqtt: string }>({ name: 'hub', entry: HUB_BUNDLE, env, readyMsg: 'hub started' });
    },
    async cleanup() {
      await r.hub?.stop().catch(() => {});
      await mosquitto?.stop().catch(() => {});
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return r;
}

/** Run one round: stream, cause the fault, end it, stream on, then count. */
async function runRound(r: Rig, fault: { cause: () => Promise<void>; end: () => Promise<void> }): Promise<Round> {
  const device = streamingDevice(r.deviceUrl, r.secret);
  await sleep(1500);
  await fault.cause();
  await sleep(1500);
  const ended = Date.now();
  await fault.end();
  const deadline = Date.now() + 30_000;
  while (device.firstAckAfter(ended) === null && Date.now() < deadline) await sleep(50);
  const back = device.firstAckAfter(ended);
  await sleep(1500);
  await device.stop();
  // The hub takes what Mosquitto still holds for it: wait for the stored count to settle.
  let counts = storedCounts(r.dataDir);
  for (let i = 0; i < 40; i++) {
    await sleep(250);
    const next = storedCounts(r.dataDir);
    if (next.size === counts.size && next.size >= device.acked.length) break;
    counts = next;
  }
  counts = storedCounts(r.dataDir);
  return {
    ackedLost: device.acked.filter((s) => !counts.has(s)).length,
    duplicates: [...counts.values()].filter((n) => n > 1).length,
    recoveryS: back === null ? Number.NaN : (back - ended) / 1000,
    sent: device.sent(),
  };
}

export const run: BenchGroup = async ({ log }) => {
  const results: Record<string, Round[]> = {
    hub_kill_embedded: [],
    hub_kill_external: [],
    mosquitto_kill: [],
    disk_full: [],
  };
  const kill9 = (r: Rig) => async () => {
    process.kill(r.hub!.pid, 'SIGKILL');
    await sleep(100);
  };
  for (let i = 0; i < ROUNDS; i++) {
    for (const external of [false, ...(MOSQUITTO ? [true] : [])]) {
      const r = await rig({ external });
      try {
        await r.startHub();
        results[external ? 'hub_kill_external' : 'hub_kill_embedded']!.push(
          await runRound(r, { cause: kill9(r), end: () => r.startHub() }),
        );
      } finally {
        await r.cleanup();
      }
    }
    if (MOSQUITTO) {
      const r = await rig({ external: true });
      try {
        await r.startHub();
        results.mosquitto_kill!.push(
          await runRound(r, { cause: () => r.mosquitto!.kill9(), end: () => r.mosquitto!.start() }),
        );
      } finally {
        await r.cleanup();
      }
    }
    const made = tmpfsDisk(48);
    const disk = typeof made === 'string' ? null : made;
    if (disk) {
      const r = await rig({ external: false, dataDir: join(disk.dir, 'data') });
      let filler = '';
      try {
        await r.startHub();
        results.disk_full!.push(
          await runRound(r, {
            cause: async () => void (filler = fill(disk.dir)),
            end: async () => unlinkSync(filler),
          }),
        );
      } finally {
        await r.cleanup();
        disk.release();
      }
    }
    log(
      `round ${i + 1}/${ROUNDS}: ${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.at(-1)])))}`,
    );
  }

  const all = Object.values(results).flat();
  const recovery = all
    .map((x) => x.recoveryS)
    .filter((x) => Number.isFinite(x))
    .sort((a, b) => a - b);
  const figures: Figures = {
    acked_lost: { value: all.reduce((s, x) => s + x.ackedLost, 0), unit: 'readings', target: target('=', 0) },
    resent_duplicates_stored: {
      value: all.reduce((s, x) => s + x.duplicates, 0),
      unit: 'readings',
      target: target('=', 0),
    },
    recovery_p95_s: { value: round(percentile(recovery, 95), 2), unit: 's', target: target('<', 10) },
    recovered_rounds: { value: recovery.length, unit: `of ${all.length}` },
    sent: { value: all.reduce((s, x) => s + x.sent, 0), unit: 'readings' },
  };
  for (const [fault, rounds] of Object.entries(results)) {
    figures[`${fault}.rounds`] = { value: rounds.length, unit: 'rounds' };
    figures[`${fault}.acked_lost`] = { value: rounds.reduce((s, x) => s + x.ackedLost, 0), unit: 'readings' };
    const rec = rounds.map((x) => x.recoveryS).filter((x) => Number.isFinite(x));
    figures[`${fault}.recovery_max_s`] = { value: rec.length ? round(Math.max(...rec), 2) : null, unit: 's' };
  }
  if (!MOSQUITTO) log('Mosquitto is not installed: the external-broker faults were not run');
  if (results.disk_full!.length === 0)
    log('no small tmpfs could be mounted (needs root): the disk-full fault was not run');
  return figures;
};
