// Issue #5's measure of the step engine: 200 wristbands working through an oil change at once, each
// step ended far short of its minimum, so every judged end raises a short-operation alert. Measured:
// the time from a band publishing the end to the alert reaching a signed-in managers' console
// (socket.io, staff audience) and to the buzz reaching the band (its notify topic); and the events
// lost (published and acknowledged by the broker, but not stored by the hub).
//
// The hub runs as a child process (its CPU is its own) with its real configuration: bands stamp
// events with the real clock, steps last 150–350 ms, so every step with a minimum is short.
// Environment: BENCH_WRISTBAND_BANDS (200), BENCH_WRISTBAND_BAYS (20), BENCH_WRISTBAND_ROUNDS (1).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Socket as NetSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { io } from 'socket.io-client';
import {
  jobRoutes,
  SocketEvents,
  staffRoutes,
  topics,
  wristbandRoutes,
  type Patch,
  type ServerToClientEvents,
} from '@glassbay/protocol';
import { createBaysService, createDevicesService, openDb, openRepositories, silentPublisher } from '@glassbay/hub';
import { PROCEDURES } from '../../hardware/src/wristband-procedures.ts';
import { startService } from '../children.ts';
import { defer } from '../cleanup.ts';
import { target, type BenchGroup, type Figures } from '../figures.ts';
import { procAvailable, watchProcess } from '../proc.ts';
import { clockMs } from '../spine/clock.ts';
import { HUB_READY_MSG, type ReadyLine } from '../spine/ready.ts';
import { round, summarize } from '../stats.ts';
import { HUB_BUNDLE } from '../hub-bundle.ts';

/** The hub's /metrics wants staff or this scrape token (GLASSBAY_METRICS_TOKEN). */
const SCRAPE_TOKEN = 'bench-scrape-token-not-a-secret';

const OIL = PROCEDURES['oil-change']!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (a: number, b: number) => a + Math.random() * (b - a);

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${JSON.stringify(raw)} must be a whole number above 0`);
  return n;
}

interface Band {
  id: string;
  secret: string;
  bayId: string;
}

/** Bays and wristbands through the hub's own services, into its data dir before it starts. */
function provision(dataDir: string, bays: number, bands: number): Band[] {
  const store = openRepositories(join(dataDir, 'glassbay.db'));
  try {
    const baysService = createBaysService({ ...store, relay: silentPublisher });
    const devices = createDevicesService({ ...store, relay: silentPublisher });
    for (let b = 1; b <= bays; b++) baysService.addBay(`bay-${b}`, `Bay ${b}`, b, Date.now());
    return Array.from({ length: bands }, (_, i) => {
      const id = `band-${String(i + 1).padStart(3, '0')}`;
      return { id, bayId: `bay-${(i % bays) + 1}`, secret: devices.add(id, 'wristband', null, Date.now()).secret };
    });
  } finally {
    store.db.close();
  }
}

export const run: BenchGroup = async ({ log }) => {
  if (!procAvailable()) throw new Error('the wristband bench reads CPU from /proc: run it on Linux');
  const nBands = envInt('BENCH_WRISTBAND_BANDS', 200);
  const nBays = envInt('BENCH_WRISTBAND_BAYS', 20);
  const rounds = envInt('BENCH_WRISTBAND_ROUNDS', 1);
  const dataDir = mkdtempSync(join(tmpdir(), 'glassbay-bench-wristband-'));
  const removeDir = defer(() => rmSync(dataDir, { recursive: true, force: true }));
  try {
    log(`provisioning ${nBays} bays and ${nBands} wristbands`);
    const bands = provision(dataDir, nBays, nBands);
    const env = {
      GLASSBAY_DATA_DIR: dataDir,
      GLASSBAY_HOST: '127.0.0.1',
      GLASSBAY_HTTP_PORT: '0',
      GLASSBAY_MQTT_PORT: '0',
      GLASSBAY_LOG_LEVEL: 'info',
      GLASSBAY_METRICS_TOKEN: SCRAPE_TOKEN,
    };
    const hub = await startService<ReadyLine>({
      name: 'hub',
      entry: HUB_BUNDLE,
      env,
      readyMsg: HUB_READY_MSG,
    });
    let result: Awaited<ReturnType<typeof load>>;
    try {
      result = await load(hub.ready, hub.pid, dataDir, bands, rounds, log);
    } finally {
      await hub.stop();
    }
    for (const w of hub.warnings.slice(0, 5)) log(`hub warned: ${w}`);
    // Stored after the hub stopped: every event the broker acknowledged should be in its database.
    const { db } = openDb(join(dataDir, 'glassbay.db'));
    const stored = (db.prepare('SELECT COUNT(*) AS n FROM wristband_events').get() as { n: number }).n;
    const alerts = (
      db.prepare(`SELECT COUNT(*) AS n FROM wristband_alerts WHERE kind = 'short-operation'`).get() as { n: number }
    ).n;
    db.close();
    return figures(result, stored, alerts, nBands);
  } finally {
    await removeDir();
  }
};

async function load(
  ready: ReadyLine,
  pid: number,
  dataDir: string,
  bands: Band[],
  rounds: number,
  log: (l: string) => void,
) {
  // A manager's console: the staff audience, signed in with the first admin's session.
  const setupCode = readFileSync(join(dataDir, 'setup-code.txt'), 'utf8').trim();
  const res = await fetch(`${ready.http}${staffRoutes.setup.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ setupCode, username: 'bench', displayName: 'Bench', password: 'bench password 1' }),
  });
  if (!res.ok) throw new Error(`could not create the bench's manager: ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  // Each band works a job of its own technician, and the manager issued it to them: the hub counts a
  // band's steps only so [GB-3.2.4].
  log(`opening ${bands.length} jobs and issuing their bands`);
  const call = async (method: string, path: string, body: unknown) => {
    const r = await fetch(`${ready.http}${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<unknown>;
  };
  for (const [i, b] of bands.entries()) {
    const technician = `tech-${b.id}`;
    const plate = `粤B${String(10_000 + i)}`;
    const { job } = (await call(jobRoutes.createJob.method, jobRoutes.createJob.path, {
      plate,
      services: ['oil-change'],
      bayId: b.bayId,
    })) as { job: { id: string } };
    await call(jobRoutes.updateJob.method, jobRoutes.updateJob.path.replace(':jobId', job.id), { technician });
    await call(wristbandRoutes.issueBand.method, wristbandRoutes.issueBand.path.replace(':bandId', b.id), {
      technician,
    });
  }

  const consoleSocket = io(ready.http, {
    transports: ['websocket'],
    auth: { audience: 'staff' },
    extraHeaders: { cookie },
  });
  const closeConsole = defer(async () => void consoleSocket.close());
  await new Promise<void>((resolve, reject) => {
    consoleSocket.once(SocketEvents.snapshot, () => resolve());
    consoleSocket.once('connect_error', reject);
  });

  // Each judged end waits for its alert (console) and its buzz (band), keyed by band and step.
  const pendingAlert = new Map<string, number[]>();
  const pendingBuzz = new Map<string, number[]>();
  const alertMs: number[] = [];
  const buzzMs: number[] = [];
  let lastReceipt = clockMs();
  const seen = new Set<string>();
  consoleSocket.on(SocketEvents.patches, ((batch: Patch[]) => {
    const at = clockMs();
    for (const p of batch) {
      if (p.collection !== 'alerts' || !p.value || seen.has(p.id) || p.value.kind !== 'short-operation') continue;
      seen.add(p.id);
      const sent = pendingAlert.get(`${p.value.bandId}/${p.value.step?.code}`)?.shift();
      if (sent !== undefined) alertMs.push(at - sent);
      lastReceipt = at;
    }
  }) as ServerToClientEvents[typeof SocketEvents.patches]);

  const clients: MqttClient[] = [];
  const closeBands = defer(async () => void (await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})))));
  log(`connecting ${bands.length} bands`);
  for (const b of bands) {
    const c = await mqtt.connectAsync(ready.mqtt, {
      clientId: b.id,
      username: b.id,
      password: b.secret,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    (c.stream as Partial<NetSocket>).setNoDelay?.(true);
    await c.publishAsync(topics.deviceStatus(b.id), JSON.stringify({ online: true, ts: Date.now() }), {
      qos: 1,
      retain: true,
    });
    await c.subscribeAsync(topics.wristbandNotify(b.id), { qos: 1 });
    c.on('message', () => {
      const sent = pendingBuzz.get(b.id)?.shift();
      if (sent !== undefined) buzzMs.push(clockMs() - sent);
      lastReceipt = clockMs();
    });
    clients.push(c);
  }

  const watch = watchProcess(pid);
  let published = 0;
  let acked = 0;
  let expected = 0;
  const errors: string[] = [];
  const bayOf = new Map(bands.map((b) => [b.id, b.bayId]));
  const send = async (c: MqttClient, bandId: string, n: number, step: string, kind: 'start' | 'end') => {
    const id = `${bandId}-bench-${String(n).padStart(5, '0')}`;
    const ev = { id, ts: Date.now(), bay: bayOf.get(bandId)!, step, kind };
    published++;
    const sentAt = clockMs();
    const judged = kind === 'end' && OIL.steps.find((s) => `oil-change/${s.code}` === step)!.min > 0;
    if (judged) {
      expected++;
      const code = step.split('/')[1]!;
      pendingAlert.set(`${bandId}/${code}`, [...(pendingAlert.get(`${bandId}/${code}`) ?? []), sentAt]);
      pendingBuzz.set(bandId, [...(pendingBuzz.get(bandId) ?? []), sentAt]);
    }
    try {
      await c.publishAsync(topics.wristbandEvents(bandId), JSON.stringify(ev), { qos: 1 });
      acked++;
    } catch (err) {
      errors.push((err as Error).message);
    }
  };
  log(`${bands.length} bands, ${rounds} oil change(s) each, all at once`);
  watch.start();
  const bench0 = process.cpuUsage();
  const t0 = clockMs();
  await Promise.all(
    bands.map(async (b, i) => {
      let n = 0;
      for (let r = 0; r < rounds; r++)
        for (const s of OIL.steps) {
          await send(clients[i]!, b.id, ++n, `oil-change/${s.code}`, 'start');
          await sleep(between(150, 350));
          await send(clients[i]!, b.id, ++n, `oil-change/${s.code}`, 'end');
          await sleep(between(50, 150));
        }
    }),
  );
  const sendSeconds = (clockMs() - t0) / 1000;
  // Drain: until every alert and buzz arrived, or 3 s without any.
  while ((alertMs.length < expected || buzzMs.length < expected) && clockMs() - lastReceipt < 3000) await sleep(50);
  const proc = watch.stop();
  const benchCpu = process.cpuUsage(bench0);
  const benchCpuPct = ((benchCpu.user + benchCpu.system) / 1000 / (clockMs() - t0)) * 100;
  const handled = await handleTimes(ready.http);
  await closeBands();
  await closeConsole();
  return { alertMs, buzzMs, published, acked, expected, errors, sendSeconds, proc, handled, benchCpuPct };
}

/**
 * The hub's own time per message, from its histogram (`glassbay_relay_latency_seconds`: receipt to
 * the alert published and the buzz sent, all inside one handling): the bucket bounds holding the
 * median and the 99th percentile, ms. What the hub adds, apart from waiting for a CPU.
 */
async function handleTimes(http: string): Promise<{ p50: number | null; p99: number | null }> {
  const text = await (await fetch(`${http}/metrics`, { headers: { authorization: `Bearer ${SCRAPE_TOKEN}` } })).text();
  const buckets = [...text.matchAll(/^glassbay_relay_latency_seconds_bucket\{le="([^"]+)"\} (\d+)/gm)].map((m) => ({
    le: m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]) * 1000,
    n: Number(m[2]),
  }));
  const total = buckets.at(-1)?.n ?? 0;
  // Past the histogram's last bound (100 ms) there is no figure to give: null, and the note says so.
  const at = (q: number) => {
    const le = buckets.find((b) => b.n >= q * total)?.le;
    return le === undefined || !Number.isFinite(le) ? null : le;
  };
  return { p50: total ? at(0.5) : null, p99: total ? at(0.99) : null };
}

function figures(r: Awaited<ReturnType<typeof load>>, stored: number, alertsStored: number, bands: number): Figures {
  const alert = summarize(r.alertMs);
  const buzz = summarize(r.buzzMs);
  const ms = (v: number) => round(v, 2);
  return {
    alert_p50_ms: { value: ms(alert.p50), unit: 'ms' },
    alert_p99_ms: { value: ms(alert.p99), unit: 'ms', target: target('<', 50) },
    alert_max_ms: { value: ms(alert.max), unit: 'ms' },
    buzz_p50_ms: { value: ms(buzz.p50), unit: 'ms' },
    buzz_p99_ms: { value: ms(buzz.p99), unit: 'ms' },
    hub_handle_p50_ms: {
      value: r.handled.p50,
      unit: 'ms (≤)',
      note: 'histogram bucket bound of the hub handling one message (null: above 100 ms)',
    },
    hub_handle_p99_ms: { value: r.handled.p99, unit: 'ms (≤)' },
    lost: {
      value: r.acked - stored,
      unit: 'events',
      target: target('=', 0),
      note: `${r.published} published, ${r.acked} acknowledged by the broker, ${stored} stored by the hub${r.errors.length ? `; errors: ${r.errors.slice(0, 3).join('; ')}` : ''}`,
    },
    alerts_missing: { value: r.expected - alert.count, unit: 'alerts', target: target('=', 0) },
    buzzes_missing: { value: r.expected - buzz.count, unit: 'buzzes', target: target('=', 0) },
    alerts_stored: { value: alertsStored, unit: 'alerts' },
    events_per_s: { value: round(r.published / r.sendSeconds, 1), unit: 'events/s' },
    hub_cpu_pct: { value: round(r.proc.cpuPct, 1), unit: '% of a core' },
    hub_rss_mb: { value: round(r.proc.peakRssMb, 1), unit: 'MiB' },
    // Near 100%, the bands and the console in this process are the bottleneck, not the hub.
    bench_cpu_pct: { value: round(r.benchCpuPct, 1), unit: '% of a core' },
    cpu_pressure_pct: {
      value: r.proc.cpuPressurePct === null ? null : round(r.proc.cpuPressurePct, 1),
      unit: '% of time',
    },
    bands: { value: bands, unit: 'bands' },
    judged_ends: { value: r.expected, unit: 'ends' },
  };
}
