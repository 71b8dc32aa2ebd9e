// Issue #13's measure: faults caused for real while a device streams readings, each fault several
// rounds: the hub killed with -9 mid-stream (embedded broker; external Mosquitto), Mosquitto killed
// with -9 with the shipped config, the disk filled and then freed (a small tmpfs; root only). The
// device keeps a backlog as the contract asks [GB-3.2.2, GB-3.5]: in order, each reading kept until
// the hub's receipt says it is stored and sent again after a reconnect until then. After each round
// (the device's backlog drained): which readings the device got an acknowledgement for, a PUBACK
// or a receipt, are not in SQLite (`acked_lost`); which readings are stored twice
// (`resent_duplicates_stored`); how long from the fault's end (the new process started, the filler
// deleted) until the hub's receipts said the device's readings were stored again; and, so that the broker's own loss
// stays visible, how many readings a broker acknowledged were stored only from the device's resend
// (`stored_from_resend`, an upper bound: a resend may also overtake the broker's own late copy).
// Environment: BENCH_FAULTS_ROUNDS (default 5), BENCH_FAULTS_RATE (readings/s, default 100).
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceStored, topics } from '@glassbay/protocol';
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
/** BENCH_FAULTS_ONLY=mosquitto_kill,disk_full: run only these faults (a closer look at one). */
const ONLY = process.env.BENCH_FAULTS_ONLY?.split(',');
const want = (fault: string) => !ONLY || ONLY.includes(fault);
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
  /** Readings sent again after a reconnect because no receipt covered them yet. */
  resent: number;
  /** Acknowledged by the broker, yet stored only once the device had sent them again. */
  storedFromResend: number;
  /** Readings still waiting for a receipt when the round gave up on them. */
  unreceipted: number;
}

/**
 * A bay sensor with the contract's backlog [GB-3.5]: readings in order, one in flight, each kept
 * until the hub's receipt covers it; after every reconnect what no receipt covered is sent again,
 * oldest first, before anything new. A PUBACK only moves it on to the next reading.
 */
function streamingDevice(url: string, password: string) {
  const backlog = new Map<number, string>();
  const acked = new Set<number>();
  /** When receipts arrived, epoch ms: the hub storing this device's readings. */
  const receiptAt: number[] = [];
  const receiptSeqs: number[] = [];
  /** When each reading was first sent again after a reconnect, epoch ms. */
  const resentAt = new Map<number, number>();
  let resendDue = false;
  const trace: string[] = [];
  const t0 = Date.now();
  const note = (x: string) => process.env.BENCH_FAULTS_DEBUG && trace.push(`${Date.now() - t0} ${x}`);
  let running = true;
  let closed = false;
  // A new client for every connection: mqtt.js would otherwise send its own in-flight reading again
  // first on a reconnect, ahead of older ones no receipt covered, and the hub would then judge those
  // stale (overtaken) [GB-3.1.3, GB-3.5.2].
  let client: MqttClient;
  const connect = () => {
    const c = mqtt.connect(url, {
      clientId: SENSOR,
      username: SENSOR,
      password,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 2000,
    });
    client = c;
    c.on('connect', () => {
      note('connect');
      resendDue = true;
      c.subscribe(topics.deviceStored(SENSOR), { qos: 0 });
    });
    c.on('message', onReceipt);
    c.on('error', () => {});
    c.once('close', () => {
      note('close');
      c.end(true);
      if (!closed) setTimeout(connect, 200);
    });
  };
  const onReceipt = (_topic: string, payload: Buffer) => {
    const r = DeviceStored.safeParse(JSON.parse(payload.toString()));
    if (!r.success || r.data.seq === undefined) return;
    note(`receipt ${r.data.seq}`);
    receiptAt.push(Date.now());
    receiptSeqs.push(r.data.seq);
    for (const s of backlog.keys()) {
      if (s > r.data.seq) break;
      backlog.delete(s);
      acked.add(s);
    }
  };
  connect();
  /** One QoS 1 publish; true once the broker acknowledged it (PUBACK). */
  const publish = (s: number, body: string) =>
    new Promise<boolean>((resolve) => {
      // Offline: nothing is queued in the client; the next connection's resend sends it in order.
      if (!client.connected) return resolve(false);
      note(`publish ${s}`);
      const timer = setTimeout(() => (note(`timeout ${s}`), resolve(false)), 2000);
      client.publish(topics.baySensor(BAY, SENSOR), body, { qos: 1 }, (err) => {
        note(`puback ${s} ${err ? err.message : 'ok'}`);
        clearTimeout(timer);
        if (!err) acked.add(s);
        resolve(!err);
      });
    });
  let seq = 0;
  /**
   * Send again what no receipt covered; false if the connection went before the end. Until it has
   * gone through, nothing new is sent: a newer reading stored first would overtake the older ones,
   * and a receipt's `seq` covers overtaken readings, which the hub never stores [GB-3.5].
   */
  const resend = async () => {
    resendDue = false;
    for (const [s, body] of [...backlog]) {
      if (!backlog.has(s)) continue;
      if (!resentAt.has(s)) resentAt.set(s, Date.now());
      if (!(await publish(s, body))) return !(resendDue = true);
    }
    return true;
  };
  const loop = (async () => {
    while (running) {
      if (resendDue) {
        if (!(await resend())) await sleep(50);
        continue;
      }
      const s = ++seq;
      const body = JSON.stringify({ seq: s, ts: Date.now(), occupied: s % 2 === 0 });
      backlog.set(s, body);
      // Not taken: after a reconnect the resend sends it (and all before it not yet receipted). Sent
      // only while nothing older waits to be sent again (checked first: a reconnect sets it).
      while (running && !resendDue && !(await publish(s, body))) await sleep(50);
      await sleep(1000 / RATE);
    }
  })();
  return {
    acked,
    trace,
    receiptSeqs,
    resentAt,
    backlog,
    /** The first receipt at or after `t`, epoch ms: the hub stores again (a PUBACK from Mosquitto is not that). */
    firstStoredAfter: (t: number) => receiptAt.find((a) => a >= t) ?? null,
    sent: () => seq,
    /** Make no new readings; wait (bounded) until the hub has receipted every one. */
    async stop() {
      running = false;
      await loop;
      const start = Date.now();
      while (backlog.size > 0 && Date.now() < start + 15_000) {
        // A last reading whose publish timed out on a live connection: send the rest once more.
        if (Date.now() > start + 3000) resendDue = true;
        if (resendDue) await resend();
        await sleep(100);
      }
      closed = true;
      client.end(true);
    },
  };
}

/** Wait (up to 10 s) until Mosquitto has written its database after `t`. */
async function savedSince(file: string, t: number): Promise<void> {
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    if (existsSync(file) && statSync(file).mtimeMs > t) return;
    await sleep(100);
  }
  throw new Error(`Mosquitto did not save ${file} within 10 s`);
}

/** Stored readings by seq: how many rows, and when the hub first received it. */
function storedCounts(dataDir: string): Map<number, { n: number; at: number }> {
  const { db } = openDb(join(dataDir, 'glassbay.db'));
  try {
    const rows = db
      .prepare(
        'SELECT seq, count(*) AS n, min(received_at) AS at FROM sensor_readings WHERE device_id = ? GROUP BY seq',
      )
      .all(SENSOR) as { seq: number; n: number; at: number }[];
    return new Map(rows.map((r) => [r.seq, { n: r.n, at: r.at }]));
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
  while (device.firstStoredAfter(ended) === null && Date.now() < deadline) await sleep(50);
  const back = device.firstStoredAfter(ended);
  if (back === null) {
    // Not back within 30 s: say what the hub and the broker logged, for whoever reads the run.
    for (const w of r.hub?.warnings.slice(-8) ?? []) console.error(`  hub: ${w}`);
    for (const l of r.mosquitto?.log().trim().split('\n').slice(-8) ?? []) console.error(`  mosquitto: ${l}`);
  }
  await sleep(1500);
  await device.stop();
  // The hub takes what Mosquitto still holds for it: wait for the stored count to settle.
  let counts = storedCounts(r.dataDir);
  for (let i = 0; i < 40; i++) {
    await sleep(250);
    const next = storedCounts(r.dataDir);
    if (next.size === counts.size && next.size >= device.acked.size) break;
    counts = next;
  }
  counts = storedCounts(r.dataDir);
  const acked = [...device.acked];
  const lost = acked.filter((s) => !counts.has(s));
  if (lost.length && process.env.BENCH_FAULTS_DEBUG)
    console.error(
      JSON.stringify({
        lost: [lost[0], lost.at(-1)],
        resent: [...device.resentAt.keys()],
        receipts: device.receiptSeqs.filter((x) => x >= lost[0]! - 40 && x <= lost.at(-1)! + 40),
      }),
      device.trace
        .filter((l) => !/ (\d+)/.test(l) || Math.abs(Number(/ (\d+)/.exec(l)![1]) - lost[0]!) < 15)
        .join('\n'),
      (r.hub?.warnings ?? []).slice(-12).join('\n'),
    );
  return {
    ackedLost: acked.filter((s) => !counts.has(s)).length,
    duplicates: [...counts.values()].filter((c) => c.n > 1).length,
    recoveryS: back === null ? Number.NaN : (back - ended) / 1000,
    sent: device.sent(),
    resent: device.resentAt.size,
    // An upper bound on what the broker lost: the resend may also overtake the broker's own copy.
    storedFromResend: [...device.resentAt].filter(([s, at]) => (counts.get(s)?.at ?? 0) >= at).length,
    unreceipted: device.backlog.size,
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
      if (!want(external ? 'hub_kill_external' : 'hub_kill_embedded')) continue;
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
    if (MOSQUITTO && want('mosquitto_kill')) {
      const r = await rig({ external: true });
      try {
        await r.startHub();
        // The hub's session (its QoS 1 subscriptions) must be in Mosquitto's file before the crash, as
        // it is for any hub that has been connected longer than one save (~2 s). Crashed sooner, the
        // restarted Mosquitto queues nothing for the hub until it subscribes again: what devices send
        // meanwhile is acknowledged and lost, and a later receipt's `seq` covers it (bench/README.md).
        await savedSince(join(r.dataDir, 'broker', 'mosquitto.db'), Date.now());
        results.mosquitto_kill!.push(
          await runRound(r, { cause: () => r.mosquitto!.kill9(), end: () => r.mosquitto!.start() }),
        );
      } finally {
        await r.cleanup();
      }
    }
    const made = want('disk_full') ? tmpfsDisk(48) : 'not asked for';
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
    resent: { value: all.reduce((s, x) => s + x.resent, 0), unit: 'readings' },
    stored_from_resend: { value: all.reduce((s, x) => s + x.storedFromResend, 0), unit: 'readings' },
    unreceipted: { value: all.reduce((s, x) => s + x.unreceipted, 0), unit: 'readings' },
  };
  for (const [fault, rounds] of Object.entries(results)) {
    figures[`${fault}.rounds`] = { value: rounds.length, unit: 'rounds' };
    figures[`${fault}.acked_lost`] = { value: rounds.reduce((s, x) => s + x.ackedLost, 0), unit: 'readings' };
    figures[`${fault}.stored_from_resend`] = {
      value: rounds.reduce((s, x) => s + x.storedFromResend, 0),
      unit: 'readings',
    };
    const rec = rounds.map((x) => x.recoveryS).filter((x) => Number.isFinite(x));
    figures[`${fault}.recovery_max_s`] = { value: rec.length ? round(Math.max(...rec), 2) : null, unit: 's' };
  }
  if (!MOSQUITTO) log('Mosquitto is not installed: the external-broker faults were not run');
  if (results.disk_full!.length === 0)
    log('no small tmpfs could be mounted (needs root): the disk-full fault was not run');
  return figures;
};
