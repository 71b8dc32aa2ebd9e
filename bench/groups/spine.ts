// Issue #2's measure of the spine: sensor publish → screen receipt latency at 1,000 messages/s with
// 50 socket.io screens connected, with the hub's CPU and memory; and the same load through a bare
// relay (aedes + socket.io, nothing else) as the floor of this stack.
//
// One run is several rounds, and each round loads the hub and the bare relay in turn, the order
// alternating (hub, bare; bare, hub; …): a single 10 s window on a 2-core machine shared with the
// load generator gives a p99 that swings by 2x from run to run, and what the machine does meanwhile
// (another tenant, frequency, caches) would otherwise fall on one relay only. The percentiles are
// taken over the pooled receipts of all rounds; each round's own figures are printed too.
//
// Both run as child processes (CPU and RSS read from /proc are theirs alone); the sensors and the
// screens live in this process, the screens on worker threads, all timed on one monotonic clock.
// Environment: BENCH_SPINE_ROUNDS (default 3), BENCH_SPINE_SECONDS (measured seconds per round and
// relay, default 10), BENCH_SPINE_RATE (msg/s, 1000), BENCH_SPINE_SCREENS (50), BENCH_SPINE_QOS (1),
// BENCH_SPINE_WORKERS (screen threads, 2), BENCH_SPINE_PROFILE=<dir> (write V8 CPU profiles of the
// hub and the bare relay there).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from '../children.ts';
import { defer } from '../cleanup.ts';
import { target, type BenchGroup, type Figures } from '../figures.ts';
import { procAvailable } from '../proc.ts';
import { round, summarize, type Summary } from '../stats.ts';
import { runLoad, type LoadOptions, type LoadResult } from '../spine/load.ts';
import { provisionWorkshop } from '../spine/provision.ts';
import { BARE_READY_MSG, HUB_READY_MSG, type ReadyLine } from '../spine/ready.ts';
import { HUB_BUNDLE } from '../hub-bundle.ts';
import { openRepositories, syncMosquitto } from '@glassbay/hub';
import { freePort, startShippedMosquitto } from '../../hardware/src/shipped-mosquitto.ts';

/** The hub's /metrics wants staff or this scrape token (GLASSBAY_METRICS_TOKEN). */
const SCRAPE_TOKEN = 'bench-scrape-token-not-a-secret';

const BAYS = 8;
const SENSORS_PER_BAY = 2;
/** Round r publishes seqs above r × this: far more than a round publishes, so rounds never overlap. */
const SEQS_PER_ROUND = 10_000_000;

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

/** The hub's broker: its embedded one, or the shipped Mosquitto config in front (spine-mosquitto.ts). */
export type SpineBroker = 'embedded' | 'mosquitto';

export const run: BenchGroup = (ctx) => runSpine(ctx, 'embedded');

export async function runSpine({ log }: Parameters<BenchGroup>[0], broker: SpineBroker): Promise<Figures> {
  if (!procAvailable()) throw new Error('the spine bench reads CPU and memory from /proc: run it on Linux');
  const positive = (n: number) => Number.isFinite(n) && n > 0;
  const whole = (n: number) => Number.isInteger(n) && n > 0;
  const qos = envNumber('BENCH_SPINE_QOS', 1, (n) => n === 0 || n === 1) as 0 | 1;
  const rounds = envNumber('BENCH_SPINE_ROUNDS', 3, (n) => whole(n) && n <= 10);
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
  const releaseLater: (() => Promise<void>)[] = [];
  try {
    const mosquittoPort = broker === 'mosquitto' ? await freePort() : undefined;
    const env = {
      GLASSBAY_DATA_DIR: dataDir,
      GLASSBAY_HOST: '127.0.0.1',
      GLASSBAY_HTTP_PORT: '0',
      GLASSBAY_MQTT_PORT: '0',
      GLASSBAY_LOG_LEVEL: 'info',
      GLASSBAY_METRICS_TOKEN: SCRAPE_TOKEN,
      // With the URL set, the CLI also writes Mosquitto's password file and ACL.
      ...(mosquittoPort ? { GLASSBAY_MQTT_URL: `mqtt://127.0.0.1:${mosquittoPort}` } : {}),
    };
    log(`provisioning ${BAYS} bays and ${BAYS * SENSORS_PER_BAY} sensors with the glassbay CLI`);
    const sensors = await provisionWorkshop(env, BAYS, SENSORS_PER_BAY);
    if (mosquittoPort) {
      // The CLI calls ran side by side, each writing Mosquitto's files from the devices it saw:
      // write them once more from the whole list.
      const store = openRepositories(join(dataDir, 'glassbay.db'));
      syncMosquitto(dataDir, store.devices);
      store.db.close();
      // The shipped config as it is: persistence on, a save every second, the hub's persistent session.
      log('starting Mosquitto with the shipped config (hardware/mosquitto/mosquitto.conf)');
      const mosquitto = await startShippedMosquitto(dataDir, mosquittoPort);
      releaseLater.push(() => mosquitto.stop());
    }

    const hub = await startService<ReadyLine>({
      name: 'hub',
      entry: HUB_BUNDLE,
      env,
      readyMsg: HUB_READY_MSG,
      nodeArgs: profileArgs('hub'),
    });
    const onHub: LoadResult[] = [];
    const onBare: LoadResult[] = [];
    try {
      const bare = await startService<ReadyLine>({
        name: 'bare relay',
        entry: 'bench/bare-relay.ts',
        env: {},
        readyMsg: BARE_READY_MSG,
        nodeArgs: profileArgs('bare'),
      });
      try {
        for (let r = 0; r < rounds; r++) {
          const opts: LoadOptions = { ...base, sensors, seqBase: r * SEQS_PER_ROUND };
          const loadHub = async () =>
            onHub.push(await runLoad({ ...hub.ready, name: `hub (round ${r + 1})`, pid: hub.pid }, opts, log));
          const loadBare = async () =>
            onBare.push(
              await runLoad({ ...bare.ready, name: `bare relay (round ${r + 1})`, pid: bare.pid }, opts, log),
            );
          if (r % 2 === 0) {
            await loadHub();
            await loadBare();
          } else {
            await loadBare();
            await loadHub();
          }
          const h = onHub.at(-1)!.latency;
          const b = onBare.at(-1)!.latency;
          log(
            `round ${r + 1}: p99 hub ${round(h.p99)} ms, bare ${round(b.p99)} ms (${round(h.p99 / b.p99)}x); ` +
              `p50 hub ${round(h.p50)} ms, bare ${round(b.p50)} ms`,
          );
        }
        await reportHubCounters(hub.ready.http, log);
      } finally {
        await bare.stop();
      }
    } finally {
      await hub.stop();
    }
    for (const w of hub.warnings.slice(0, 5)) log(`hub warned: ${w}`);
    for (const r of [...onHub, ...onBare]) {
      if (r.publishErrors.length) log(`publish errors: ${r.publishErrors.join('; ')}`);
      if (r.acked < r.published)
        log(`${r.published - r.acked} of ${r.published} QoS 1 publishes were not acknowledged`);
    }
    log(
      broker === 'mosquitto'
        ? 'the hub behind the shipped Mosquitto config; the bare relay is aedes as in `spine`'
        : 'the hub with its embedded broker',
    );
    return figures(pool(onHub), pool(onBare), {
      rate: base.rate,
      screens: base.screens,
      qos,
      seconds: base.measureSeconds,
      rounds,
    });
  } finally {
    for (const release of releaseLater) await release().catch(() => {});
    await removeDir();
  }
}

/**
 * One relay's rounds as one: percentiles over all receipts, losses summed, CPU and pressure the
 * rounds' mean, memory their peak, the rate the lowest any round achieved.
 */
interface Pooled extends Pick<
  LoadResult,
  'lost' | 'rate' | 'cpuPct' | 'peakRssMb' | 'idleRssMb' | 'cpuPressurePct' | 'benchCpuPct'
> {
  latency: Summary;
  /** Each round's p99, in round order. */
  roundP99: number[];
  unacked: number;
  patchesPerMessage: number | null;
}

function pool(results: LoadResult[]): Pooled {
  const all = new Float64Array(results.reduce((n, r) => n + r.latencies.length, 0));
  let at = 0;
  for (const r of results) {
    all.set(r.latencies, at);
    at += r.latencies.length;
  }
  const mean = (f: (r: LoadResult) => number) => results.reduce((s, r) => s + f(r), 0) / results.length;
  const sum = (f: (r: LoadResult) => number) => results.reduce((s, r) => s + f(r), 0);
  const pressures = results.map((r) => r.cpuPressurePct);
  const patches = sum((r) => r.screens.patches);
  const messages = sum((r) => r.screens.messages);
  return {
    latency: summarize(all),
    roundP99: results.map((r) => r.latency.p99),
    lost: sum((r) => r.lost),
    unacked: sum((r) => r.published - r.acked),
    rate: Math.min(...results.map((r) => r.rate)),
    cpuPct: mean((r) => r.cpuPct),
    peakRssMb: Math.max(...results.map((r) => r.peakRssMb)),
    idleRssMb: Math.max(...results.map((r) => r.idleRssMb)),
    cpuPressurePct: pressures.every((p) => p !== null) ? mean((r) => r.cpuPressurePct!) : null,
    benchCpuPct: mean((r) => r.benchCpuPct),
    patchesPerMessage: messages ? round(patches / messages, 2) : null,
  };
}

function figures(
  hub: Pooled,
  bare: Pooled,
  run: { rate: number; screens: number; qos: number; seconds: number; rounds: number },
) {
  const { rate, screens, qos, seconds, rounds } = run;
  const ratios = hub.roundP99.map((p, i) => p / bare.roundP99[i]!);
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
    // The same ratio within each round (hub and bare measured back to back): how much it swings.
    p99_vs_bare_best_round: { value: round(Math.min(...ratios), 2), unit: 'x' },
    p99_vs_bare_worst_round: { value: round(Math.max(...ratios), 2), unit: 'x' },
    hub_cpu_pct: { value: round(hub.cpuPct, 1), unit: '% of a core', target: target('<', 100) },
    hub_rss_mb: { value: round(hub.peakRssMb, 1), unit: 'MiB', target: target('<', 150) },
    hub_idle_rss_mb: { value: round(hub.idleRssMb, 1), unit: 'MiB' },
    bare_cpu_pct: { value: round(bare.cpuPct, 1), unit: '% of a core' },
    bare_rss_mb: { value: round(bare.peakRssMb, 1), unit: 'MiB' },
    bare_idle_rss_mb: { value: round(bare.idleRssMb, 1), unit: 'MiB' },
    lost: { value: hub.lost, unit: 'msg×screen', target: target('=', 0) },
    bare_lost: { value: bare.lost, unit: 'msg×screen' },
    unacked: { value: hub.unacked, unit: 'msg' },
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
    patches_per_message: { value: hub.patchesPerMessage, unit: 'patches' },
    bare_patches_per_message: { value: bare.patchesPerMessage, unit: 'patches' },
    screens: { value: screens, unit: 'screens' },
    samples: { value: hub.latency.count, unit: 'receipts' },
    qos: { value: qos, unit: 'MQTT QoS' },
    rounds: { value: rounds, unit: 'rounds' },
    measured_s: { value: seconds * rounds, unit: 's per relay' },
  } satisfies Figures;
}

/** What the hub itself counted: accepted, ignored and rejected messages (explains any loss). */
async function reportHubCounters(httpUrl: string, log: (l: string) => void) {
  try {
    const text = await (
      await fetch(`${httpUrl}/metrics`, { headers: { authorization: `Bearer ${SCRAPE_TOKEN}` } })
    ).text();
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
