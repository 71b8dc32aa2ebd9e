// Issue #2's measure of the spine: sensor publish → screen receipt latency at 1,000 messages/s with
// 50 socket.io screens connected, with the hub's CPU and memory; and the same load through a bare
// relay (aedes + socket.io, nothing else) as the floor of this stack.
//
// Both run as child processes (CPU and RSS read from /proc are theirs alone); the sensors and the
// screens live in this process, the screens on worker threads, all timed on one monotonic clock.
// Environment: BENCH_SPINE_SECONDS (measured seconds, default 10), BENCH_SPINE_RATE (msg/s, 1000),
// BENCH_SPINE_SCREENS (50), BENCH_SPINE_QOS (1), BENCH_SPINE_WORKERS (screen threads, 2),
// BENCH_SPINE_PROFILE=<dir> (write V8 CPU profiles of the hub and the bare relay there).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from '../children.ts';
import { defer } from '../cleanup.ts';
import { target, type BenchGroup, type Figures } from '../figures.ts';
import { procAvailable } from '../proc.ts';
import { round } from '../stats.ts';
import { runLoad, type LoadOptions, type LoadResult } from '../spine/load.ts';
import { provisionWorkshop } from '../spine/provision.ts';
import { BARE_READY_MSG, HUB_READY_MSG, type ReadyLine } from '../spine/ready.ts';
import { HUB_BUNDLE } from '../hub-bundle.ts';

const BAYS = 8;
const SENSORS_PER_BAY = 2;

function envNumber(name: string, fallback: number, valid: (n: number) => boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!valid(n))
    throw new Error(`${name}=${JSON.stringify(raw)} is not a valid value; unset it or see bench/README.md`);
  return n;
}

/** With BENCH_SPINE_PROFILE=<dir>, V8 CPU profiles of each service in <dir>/<service>/ (Chrome DevTools). */
function profileArgs(name: string): string[] {
  const dir = process.env.BENCH_SPINE_PROFILE;
  // One directory per service: Node names each thread's profile itself (tsx's loader is a thread too).
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, name)}`] : [];
}

export const run: BenchGroup = async ({ log }) => {
  if (!procAvailable()) throw new Error('the spine bench reads CPU and memory from /proc: run it on Linux');
  const positive = (n: number) => Number.isFinite(n) && n > 0;
  const whole = (n: number) => Number.isInteger(n) && n > 0;
  const qos = envNumber('BENCH_SPINE_QOS', 1, (n) => n === 0 || n === 1) as 0 | 1;
  const base = {
    rate: envNumber('BENCH_SPINE_RATE', 1000, positive),
    warmupSeconds: 2,
    measureSeconds: envNumber('BENCH_SPINE_SECONDS', 10, positive),
    screens: envNumber('BENCH_SPINE_SCREENS', 50, whole),
    screenWorkers: envNumber('BENCH_SPINE_WORKERS', 2, whole),
    qos,
    drainMs: 3000,
  };

  const dataDir = mkdtempSync(join(tmpdir(), 'glassbay-bench-'));
  const removeDir = defer(() => rmSync(dataDir, { recursive: true, force: true }));
  try {
    const env = {
      GLASSBAY_DATA_DIR: dataDir,
      GLASSBAY_HOST: '127.0.0.1',
      GLASSBAY_HTTP_PORT: '0',
      GLASSBAY_MQTT_PORT: '0',
      GLASSBAY_LOG_LEVEL: 'info',
    };
    log(`provisioning ${BAYS} bays and ${BAYS * SENSORS_PER_BAY} sensors with the glassbay CLI`);
    const sensors = await provisionWorkshop(env, BAYS, SENSORS_PER_BAY);
    const opts: LoadOptions = { ...base, sensors };

    const hub = await startService<ReadyLine>({
      name: 'hub',
      entry: HUB_BUNDLE,
      env,
      readyMsg: HUB_READY_MSG,
      nodeArgs: profileArgs('hub'),
    });
    let onHub: LoadResult;
    try {
      onHub = await runLoad({ name: 'hub', pid: hub.pid, ...hub.ready }, opts, log);
      await reportHubCounters(hub.ready.http, log);
    } finally {
      await hub.stop();
    }
    for (const w of hub.warnings.slice(0, 5)) log(`hub warned: ${w}`);

    const bare = await startService<ReadyLine>({
      name: 'bare relay',
      entry: 'bench/bare-relay.ts',
      env: {},
      readyMsg: BARE_READY_MSG,
      nodeArgs: profileArgs('bare'),
    });
    let onBare: LoadResult;
    try {
      onBare = await runLoad({ name: 'bare relay', pid: bare.pid, ...bare.ready }, opts, log);
    } finally {
      await bare.stop();
    }
    for (const r of [onHub, onBare]) {
      if (r.publishErrors.length) log(`publish errors: ${r.publishErrors.join('; ')}`);
      if (r.acked < r.published)
        log(`${r.published - r.acked} of ${r.published} QoS 1 publishes were not acknowledged`);
    }
    return figures(onHub, onBare, base.rate, base.screens, qos, base.measureSeconds);
  } finally {
    await removeDir();
  }
};

const batching = (r: LoadResult) => (r.screens.messages ? round(r.screens.patches / r.screens.messages, 2) : null);

function figures(hub: LoadResult, bare: LoadResult, rate: number, screens: number, qos: number, seconds: number) {
  const ms = (v: number) => round(v, 2);
  const pressure = (v: number | null) => (v === null ? null : round(v, 1));
  return {
    p50_ms: { value: ms(hub.latency.p50), unit: 'ms', target: target('<', 3) },
    p99_ms: { value: ms(hub.latency.p99), unit: 'ms', target: target('<', 15) },
    p999_ms: { value: ms(hub.latency.p999), unit: 'ms' },
    max_ms: { value: ms(hub.latency.max), unit: 'ms' },
    bare_p50_ms: { value: ms(bare.latency.p50), unit: 'ms' },
    bare_p99_ms: { value: ms(bare.latency.p99), unit: 'ms' },
    bare_p999_ms: { value: ms(bare.latency.p999), unit: 'ms' },
    p99_vs_bare: { value: round(hub.latency.p99 / bare.latency.p99, 2), unit: 'x', target: target('<=', 1.5) },
    hub_cpu_pct: { value: round(hub.cpuPct, 1), unit: '% of a core', target: target('<', 100) },
    hub_rss_mb: { value: round(hub.peakRssMb, 1), unit: 'MiB', target: target('<', 150) },
    hub_idle_rss_mb: { value: round(hub.idleRssMb, 1), unit: 'MiB' },
    bare_cpu_pct: { value: round(bare.cpuPct, 1), unit: '% of a core' },
    bare_rss_mb: { value: round(bare.peakRssMb, 1), unit: 'MiB' },
    bare_idle_rss_mb: { value: round(bare.idleRssMb, 1), unit: 'MiB' },
    lost: { value: hub.lost, unit: 'msg×screen', target: target('=', 0) },
    bare_lost: { value: bare.lost, unit: 'msg×screen' },
    unacked: { value: hub.published - hub.acked, unit: 'msg' },
    // Below 99% of the asked rate the bench itself could not keep up and the latencies understate.
    rate_msg_s: { value: round(hub.rate, 1), unit: 'msg/s', target: target('>=', rate * 0.99) },
    bare_rate_msg_s: { value: round(bare.rate, 1), unit: 'msg/s' },
    // Near 100% per core the bench, not the relay, is the bottleneck and latencies include its queue.
    bench_cpu_pct: { value: round(hub.benchCpuPct, 1), unit: '% of a core' },
    // Share of the window in which some task on the machine waited for a CPU: well above 0 means
    // other work competed with the run, and the latencies include that wait.
    cpu_pressure_pct: { value: pressure(hub.cpuPressurePct), unit: '% of time' },
    bare_cpu_pressure_pct: { value: pressure(bare.cpuPressurePct), unit: '% of time' },
    // Patches per socket.io message a screen received: how much the per-turn batching coalesced.
    patches_per_message: { value: batching(hub), unit: 'patches' },
    bare_patches_per_message: { value: batching(bare), unit: 'patches' },
    screens: { value: screens, unit: 'screens' },
    samples: { value: hub.latency.count, unit: 'receipts' },
    qos: { value: qos, unit: 'MQTT QoS' },
    measured_s: { value: seconds, unit: 's' },
  } satisfies Figures;
}

/** What the hub itself counted: accepted, ignored and rejected messages (explains any loss). */
async function reportHubCounters(httpUrl: string, log: (l: string) => void) {
  try {
    const text = await (await fetch(`${httpUrl}/metrics`)).text();
    const sum = (name: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith(name))
        .reduce((s, l) => s + Number(l.split(' ').at(-1)), 0);
    log(
      `hub counted: accepted ${sum('glassbay_mqtt_messages_accepted_total')}, ` +
        `ignored ${sum('glassbay_mqtt_messages_ignored_total')}, rejected ${sum('glassbay_mqtt_messages_rejected_total')}`,
    );
  } catch (err) {
    log(`could not read the hub's /metrics: ${(err as Error).message}`);
  }
}
