// Issue #14's measure of the public edges: does anyone outside slow down the people inside? A bay
// sensor publishes a reading (QoS 1) every 20 ms (500 probes a phase, so the p99 is not one sample)
// and a public screen waits for its patch; their PUBACK and patch latencies are measured quiet,
// then while an attacker floods for 10 s each:
//   resync   one anonymous public socket sending `state:resync` as fast as it can;
//   logins   300 concurrent staff sign-ins with wrong passwords, kept in flight;
//   connects unauthenticated MQTT CONNECTs declaring 200 MB, 50 sockets at a time, from 127.0.0.2.
// Each attacker is a process of its own at nice 19 (../abuse-attacker.ts), as a real one is another
// machine. The hub runs as a child process (its memory is its own); its RSS is read settled before
// the first attack and settled after the last, each after the same 30 s of a shop's light traffic (a
// reading every 500 ms): V8 keeps the heap a flood of garbage grew until its memory reducer sees the
// allocation rate fall, and gives it back then, so what is compared is what the hub holds once the
// flood is over, measured the same way before and after. The RSS right after each attack is printed
// too (`hub_rss_peak_growth_mb`). Loopback only; every flood is bounded in time and in concurrency.
// Environment: BENCH_ABUSE_SECONDS (10 per phase), BENCH_ABUSE_SETTLE_SECONDS (30), BENCH_ABUSE_ONLY
// (attacks to run), BENCH_ABUSE_DEBUG (print each PUBACK over 30 ms, or over its value in ms), BENCH_HUB_NODE_OPTIONS (the
// hub's NODE_OPTIONS, e.g. `--require` a profiler).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket as NetSocket } from 'node:net';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import {
  SocketEvents,
  topics,
  type ClientToServerEvents,
  type Patch,
  type ServerToClientEvents,
} from '@glassbay/protocol';
import { createBaysService, createDevicesService, openRepositories, silentPublisher } from '@glassbay/hub';
import { startService } from '../children.ts';
import { defer } from '../cleanup.ts';
import { target, type BenchGroup, type Figures } from '../figures.ts';
import { procAvailable, rssMb } from '../proc.ts';
import { clockMs } from '../spine/clock.ts';
import { HUB_READY_MSG, type ReadyLine } from '../spine/ready.ts';
import { round, summarize } from '../stats.ts';
import { HUB_BUNDLE } from '../hub-bundle.ts';
import type { Attack } from '../abuse-attacker.ts';

const SCRAPE_TOKEN = 'bench-scrape-token-not-a-secret';
const PROBE_EVERY_MS = 20;
/** While the hub settles: a shop's light traffic. */
const SETTLE_PROBE_EVERY_MS = 500;
const SETTLE_MS = Number(process.env.BENCH_ABUSE_SETTLE_SECONDS ?? 30) * 1000;
/** A probe not answered within this counts as a failure of the device or the screen. */
const PROBE_TIMEOUT_MS = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Phase = 'quiet' | Attack;
/** BENCH_ABUSE_ONLY=logins (comma-separated): only these attacks. */
const ATTACKS = (process.env.BENCH_ABUSE_ONLY?.split(',') ?? ['resync', 'logins', 'connects']) as Attack[];
const ATTACKER = new URL('../abuse-attacker.ts', import.meta.url).href;

interface Samples {
  ack: number[];
  patch: number[];
  failures: number;
}

/** One bay and its sensor, provisioned through the hub's own services before it starts. */
function provision(dataDir: string): { id: string; secret: string } {
  const store = openRepositories(join(dataDir, 'glassbay.db'));
  try {
    createBaysService({ ...store, relay: silentPublisher }).addBay('bay-1', 'Bay 1', 1, Date.now());
    const devices = createDevicesService({ ...store, relay: silentPublisher });
    return { id: 'bay1-door', secret: devices.add('bay1-door', 'bay-sensor', 'bay-1', Date.now()).secret };
  } finally {
    store.db.close();
  }
}

/**
 * Runs one attacker in a process of its own, at the lowest CPU priority, until `until` (clock ms);
 * resolves to the number of attack requests it sent. A real attacker's CPU is its own machine's: in
 * the bench's process its sockets and JSON would compete with the probe on the same event loop
 * (measured so, the logins flood put 400–600 ms on the probe's PUBACK p99 with the hub 34 % idle).
 * Niced, it still competes with the hub for the two cores, but never ahead of it.
 */
function attackFrom(child: string, attack: Attack, ready: ReadyLine, until: number): Promise<number> {
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => {
  tsx.register();
  return import(${JSON.stringify(child)});
})`;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', boot], {
      env: { ...process.env, ABUSE_ATTACK: attack, ABUSE_READY: JSON.stringify(ready), ABUSE_UNTIL: String(until) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const stop = defer(async () => void p.kill('SIGKILL'));
    try {
      setPriority(p.pid!, 19);
    } catch {
      // Not allowed here: it runs at the bench's own priority.
    }
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.once('error', reject);
    p.once('exit', (code) => {
      void stop();
      const sent = /"sent":(\d+)/.exec(out)?.[1];
      if (code === 0 && sent) resolve(Number(sent));
      else reject(new Error(`the ${attack} attacker exited with ${code}: ${out.slice(-300)}`));
    });
  });
}

export const run: BenchGroup = async ({ log }) => {
  if (!procAvailable()) throw new Error('the abuse bench reads memory from /proc: run it on Linux');
  const seconds = Number(process.env.BENCH_ABUSE_SECONDS ?? 10);
  const dataDir = mkdtempSync(join(tmpdir(), 'glassbay-bench-abuse-'));
  const removeDir = defer(() => rmSync(dataDir, { recursive: true, force: true }));
  try {
    const sensor = provision(dataDir);
    const hub = await startService<ReadyLine>({
      name: 'hub',
      entry: HUB_BUNDLE,
      env: {
        GLASSBAY_DATA_DIR: dataDir,
        GLASSBAY_HOST: '127.0.0.1',
        GLASSBAY_HTTP_PORT: '0',
        GLASSBAY_MQTT_PORT: '0',
        GLASSBAY_LOG_LEVEL: 'info',
        GLASSBAY_DISCOVERY: 'off',
        GLASSBAY_METRICS_TOKEN: SCRAPE_TOKEN,
        ...(process.env.BENCH_HUB_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_HUB_NODE_OPTIONS } : {}),
      },
      readyMsg: HUB_READY_MSG,
      timeoutMs: 90_000,
    });
    try {
      return await measure(hub.ready, hub.pid, sensor, seconds, log);
    } finally {
      await hub.stop();
    }
  } finally {
    await removeDir();
  }
};

async function measure(
  ready: ReadyLine,
  pid: number,
  sensor: { id: string; secret: string },
  seconds: number,
  log: (l: string) => void,
): Promise<Figures> {
  const device = await mqtt.connectAsync(ready.mqtt, {
    clientId: sensor.id,
    username: sensor.id,
    password: sensor.secret,
    protocolVersion: 4,
    reconnectPeriod: 0,
  });
  (device.stream as Partial<NetSocket>).setNoDelay?.(true);
  const closeDevice = defer(async () => void (await device.endAsync(true).catch(() => {})));
  const screen: Socket<ServerToClientEvents, ClientToServerEvents> = io(ready.http, {
    transports: ['websocket'],
    auth: { audience: 'public' },
    forceNew: true,
  });
  const closeScreen = defer(async () => void screen.close());
  await new Promise<void>((resolve) => screen.once(SocketEvents.snapshot, () => resolve()));
  // The screen is waiting for the bay's door to show `door`.
  let waiting: { door: string; resolve: () => void } | null = null;
  screen.on(SocketEvents.patches, ((batch: Patch[]) => {
    for (const p of batch)
      if (
        p.collection === 'bays' &&
        p.id === 'bay-1' &&
        waiting &&
        (p.value as { door?: string })?.door === waiting.door
      )
        waiting.resolve();
  }) as ServerToClientEvents[typeof SocketEvents.patches]);
  // Some attacks end the screen's connection only if it fails: a screen that drops counts as failing.
  let screenDrops = 0;
  screen.on('disconnect', () => screenDrops++);

  let seq = 0;
  /** One probe: a reading toggling the door, its PUBACK and the screen's patch. */
  async function probe(into: Samples): Promise<void> {
    seq++;
    const door = seq % 2 === 0 ? 'open' : 'closed';
    const patched = new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
      waiting = { door, resolve: () => (clearTimeout(t), resolve(true)) };
    });
    const t0 = clockMs();
    const acked = await Promise.race([
      device
        .publishAsync(topics.baySensor('bay-1', sensor.id), JSON.stringify({ seq, ts: Date.now(), door }), { qos: 1 })
        .then(() => true),
      sleep(PROBE_TIMEOUT_MS).then(() => false),
    ]).catch(() => false);
    if (acked) into.ack.push(clockMs() - t0);
    if (process.env.BENCH_ABUSE_DEBUG && acked && clockMs() - t0 > (Number(process.env.BENCH_ABUSE_DEBUG) || 30))
      console.error(`slow ack ${Math.round(clockMs() - t0)} ms at ${Math.round(t0)}`);
    const seen = await patched;
    waiting = null;
    if (seen) into.patch.push(clockMs() - t0);
    if (!acked || !seen) into.failures++;
  }
  async function probeFor(ms: number, into: Samples, every = PROBE_EVERY_MS): Promise<void> {
    const until = clockMs() + ms;
    while (clockMs() < until) {
      const next = clockMs() + every;
      await probe(into);
      await sleep(Math.max(0, next - clockMs()));
    }
  }

  try {
    log('warming up (5 s)');
    await probeFor(5_000, { ack: [], patch: [], failures: 0 });
    const samples = {} as Record<Phase, Samples>;
    samples.quiet = { ack: [], patch: [], failures: 0 };
    log(`quiet: ${seconds} s`);
    await probeFor(seconds * 1000, samples.quiet);
    // Probes that fail while settling count as failures too.
    const settling: Samples = { ack: [], patch: [], failures: 0 };
    log(`settling: ${SETTLE_MS / 1000} s of light traffic`);
    await probeFor(SETTLE_MS, settling, SETTLE_PROBE_EVERY_MS);
    const rssBefore = rssMb(pid);
    const sent = {} as Record<string, number>;
    const rssAt = {} as Record<string, number>;
    for (const attack of ATTACKS) {
      samples[attack] = { ack: [], patch: [], failures: 0 };
      log(`${attack}: ${seconds} s under attack`);
      const until = clockMs() + seconds * 1000;
      const [n] = await Promise.all([
        attackFrom(ATTACKER, attack, ready, until),
        probeFor(seconds * 1000, samples[attack]),
      ]);
      sent[attack] = n;
      rssAt[attack] = rssMb(pid);
      log(`  ${attack}: ${n} attack requests; device p99 ${round(summarize(samples[attack].ack).p99)} ms`);
      await sleep(1_000);
    }
    log(`settling: ${SETTLE_MS / 1000} s of light traffic`);
    await probeFor(SETTLE_MS, settling, SETTLE_PROBE_EVERY_MS);
    const rssAfter = rssMb(pid);

    const p99 = (xs: number[]) => round(summarize(xs).p99);
    const quietAck = summarize(samples.quiet.ack).p99;
    const worst = Math.max(...ATTACKS.map((a) => summarize(samples[a].ack).p99));
    const failures = [...Object.values(samples), settling].reduce((n, s) => n + s.failures, 0);
    const figures: Figures = {
      device_ack_p99_ratio: {
        value: round(worst / quietAck),
        unit: 'x',
        target: target('<=', 2),
        note: 'worst attack PUBACK p99 / quiet PUBACK p99',
      },
      hub_rss_growth_mb: {
        value: round(rssAfter - rssBefore, 1),
        unit: 'MiB',
        target: target('<', 20),
        note: `settled ${round(rssBefore, 1)} → ${ATTACKS.map((a) => `${a} ${round(rssAt[a]!, 1)}`).join(' → ')} → settled ${round(rssAfter, 1)} MiB`,
      },
      hub_rss_peak_growth_mb: {
        value: round(Math.max(...ATTACKS.map((a) => rssAt[a]!)) - rssBefore, 1),
        unit: 'MiB',
        note: 'the highest RSS right after an attack, less the settled RSS before (V8 gives it back once the flood is over)',
      },
      probes_failed: {
        value: failures + screenDrops,
        unit: 'probes',
        target: target('=', 0),
        note: 'a PUBACK or a patch not seen within 5 s, or the screen dropped',
      },
    };
    for (const phase of ['quiet', ...ATTACKS] as Phase[]) {
      figures[`${phase}_device_ack_p99_ms`] = { value: p99(samples[phase].ack), unit: 'ms' };
      figures[`${phase}_screen_patch_p99_ms`] = { value: p99(samples[phase].patch), unit: 'ms' };
    }
    for (const attack of ATTACKS) figures[`${attack}_attack_requests`] = { value: sent[attack]!, unit: 'requests' };
    return figures;
  } finally {
    await closeScreen();
    await closeDevice();
  }
}
