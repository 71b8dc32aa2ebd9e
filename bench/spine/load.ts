// One measured run against one relay (the hub or the bare relay): connect the screens and the
// sensors, publish at a fixed rate, wait for the screens to drain, and work out latency per
// (screen, message), messages lost, and the relay process's CPU and memory. The hub and the bare
// relay go through this same function, so the comparison is fair.
import { watchProcess } from '../proc.ts';
import { summarize, type Summary } from '../stats.ts';
import { analyse } from './analyse.ts';
import { clockMs } from './clock.ts';
import { connectSensors, publishPaced, type SensorCreds } from './publishers.ts';
import { openScreens, type ScreenCounts, type ScreenPool } from './screens.ts';

export interface LoadOptions {
  rate: number;
  warmupSeconds: number;
  measureSeconds: number;
  screens: number;
  screenWorkers: number;
  qos: 0 | 1;
  /** How long to wait for the last patches after publishing ends. */
  drainMs: number;
  sensors: SensorCreds[];
  /** Seqs of this run start above it: the rounds of one bench run against the same relay go on counting. */
  seqBase: number;
}

export interface LoadTarget {
  name: string;
  http: string;
  mqtt: string;
  pid: number;
}

export interface LoadResult {
  latency: Summary;
  /** Every measured (screen, message) latency, ms, unordered: rounds are pooled from these. */
  latencies: Float64Array;
  /** (screen, message) pairs not received by the end of the drain, over every message published (warm-up included). */
  lost: number;
  published: number;
  acked: number;
  publishErrors: string[];
  rate: number;
  cpuPct: number;
  peakRssMb: number;
  /** RSS with the screens and sensors connected, before the load. */
  idleRssMb: number;
  /** Share of the window in which some task on this machine waited for a CPU (PSI), null if unknown. */
  cpuPressurePct: number | null;
  /** This process (sensors and screens, all threads) over the same window, % of one core. */
  benchCpuPct: number;
  screens: ScreenCounts;
}

export async function runLoad(target: LoadTarget, o: LoadOptions, log: (l: string) => void): Promise<LoadResult> {
  const S = o.sensors.length;
  const warmup = Math.round(o.rate * o.warmupSeconds);
  const total = warmup + Math.round(o.rate * o.measureSeconds);
  const M = Math.ceil(total / S);

  log(`${target.name}: connecting ${o.screens} screens over ${o.screenWorkers} worker threads`);
  const sensors = await connectSensors(target.mqtt, o.sensors);
  let pool: ScreenPool | undefined;
  let counts: ScreenCounts | undefined;
  let watch: ReturnType<typeof watchProcess> | undefined;
  try {
    pool = await openScreens({
      url: target.http,
      screens: o.screens,
      workers: o.screenWorkers,
      sensorIds: o.sensors.map((s) => s.id),
      seqsPerSensor: M,
      seqBase: o.seqBase,
    });
    const w = (watch = watchProcess(target.pid));
    let bench0 = process.cpuUsage();
    let benchT0 = 0;
    log(`${target.name}: ${o.rate} msg/s, QoS ${o.qos}, ${o.warmupSeconds} s warm-up + ${o.measureSeconds} s`);
    const pub = await publishPaced({
      clients: sensors.clients,
      sensors: o.sensors,
      rate: o.rate,
      total,
      warmup,
      seqsPerSensor: M,
      seqBase: o.seqBase,
      qos: o.qos,
      onMeasureStart: () => {
        w.start();
        bench0 = process.cpuUsage();
        benchT0 = clockMs();
      },
    });
    const usage = w.stop();
    const bench = process.cpuUsage(bench0);
    const benchCpuPct = ((bench.user + bench.system) / 1000 / (clockMs() - benchT0)) * 100;
    await drain(pool.received, pub.publishedAt, o.screens, o.drainMs);
    counts = await pool.close();
    const { latencies, lost } = analyse(pool.received, pub.publishedAt, o.screens, S, M, warmup);
    return {
      latency: summarize(latencies),
      latencies,
      lost,
      published: pub.published,
      acked: pub.acked,
      publishErrors: pub.errors,
      rate: pub.rate,
      ...usage,
      benchCpuPct,
      screens: counts,
    };
  } finally {
    watch?.dispose();
    if (pool && !counts) await pool.close();
    await sensors.close();
  }
}

/** Never wait longer than this for a backlog to drain: every load is bounded in time. */
const DRAIN_CAP_MS = 30_000;

/**
 * Wait until every screen has every published message, or nothing new arrived for `quietMs`, or
 * DRAIN_CAP_MS passed (what has not arrived by then counts as lost).
 */
async function drain(received: Float64Array, publishedAt: Float64Array, screens: number, quietMs: number) {
  const began = clockMs();
  const missing = () => {
    let n = 0;
    const stride = publishedAt.length;
    for (let sc = 0; sc < screens; sc++)
      for (let k = 0; k < stride; k++) if (publishedAt[k] !== 0 && received[sc * stride + k] === 0) n++;
    return n;
  };
  let last = missing();
  let since = clockMs();
  while (last > 0 && clockMs() - since < quietMs && clockMs() - began < DRAIN_CAP_MS) {
    await new Promise((r) => setTimeout(r, 100));
    const now = missing();
    if (now < last) since = clockMs();
    last = now;
  }
}
