// Issue #14's measure of the public edges: does anyone outside slow down the people inside? A bay
// sensor publishes a reading (QoS 1) every 100 ms and a public screen waits for its patch; their
// PUBACK and patch latencies are measured quiet, then while an attacker floods for 10 s each:
//   resync   one anonymous public socket sending `state:resync` as fast as it can;
//   logins   300 concurrent staff sign-ins with wrong passwords, kept in flight;
//   connects unauthenticated MQTT CONNECTs declaring 200 MB, 50 sockets at a time, from 127.0.0.2.
// The hub runs as a child process (its memory is its own); its RSS is read after warm-up and
// again after the last attack (settled 3 s). Loopback only; every flood is bounded in time and
// in concurrency. Environment: BENCH_ABUSE_SECONDS (10 per phase).
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect, type Socket as NetSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import {
  SocketEvents,
  staffRoutes,
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

const SCRAPE_TOKEN = 'bench-scrape-token-not-a-secret';
const PROBE_EVERY_MS = 100;
/** A probe not answered within this counts as a failure of the device or the screen. */
const PROBE_TIMEOUT_MS = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Phase = 'quiet' | 'resync' | 'logins' | 'connects';
const ATTACKS: Exclude<Phase, 'quiet'>[] = ['resync', 'logins', 'connects'];

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

/** An MQTT CONNECT fixed header whose remaining length claims `bytes`. */
function connectHeader(bytes: number): Buffer {
  const len: number[] = [];
  let x = bytes;
  do {
    let b = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) b |= 0x80;
    len.push(b);
  } while (x > 0);
  return Buffer.from([0x10, ...len]);
}

/** Each attacker runs until `until` (clock ms) and keeps its concurrency bounded. */
const attackers: Record<Exclude<Phase, 'quiet'>, (ready: ReadyLine, until: number) => Promise<number>> = {
  async resync(ready, until) {
    // One socket at a time, sending as fast as it can; cut off by the hub, it connects again.
    let sent = 0;
    while (clockMs() < until) {
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(ready.http, {
        transports: ['websocket'],
        auth: { audience: 'public' },
        forceNew: true,
        reconnection: false,
      });
      const open = await new Promise<boolean>((resolve) => {
        s.once(SocketEvents.snapshot, () => resolve(true));
        s.once('connect_error', () => resolve(false));
        setTimeout(() => resolve(false), 2_000);
      });
      while (open && s.connected && clockMs() < until) {
        for (let i = 0; i < 200; i++) s.emit(SocketEvents.resync, 'flood');
        sent += 200;
        await sleep(2);
      }
      s.close();
      if (!open) await sleep(10);
    }
    return sent;
  },

  async logins(ready, until) {
    let sent = 0;
    const one = async (n: number) => {
      while (clockMs() < until) {
        sent++;
        await fetch(`${ready.http}${staffRoutes.login.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: `nobody-${n}-${sent}`, password: 'not the password at all' }),
          signal: AbortSignal.timeout(15_000),
        })
          .then((r) => r.arrayBuffer())
          .catch(() => {});
      }
    };
    await Promise.all(Array.from({ length: 300 }, (_, n) => one(n)));
    return sent;
  },

  async connects(ready, until) {
    const u = new URL(ready.mqtt);
    let sent = 0;
    const one = async () => {
      while (clockMs() < until) {
        sent++;
        await new Promise<void>((resolve) => {
          const s: NetSocket = tcpConnect({ host: u.hostname, port: Number(u.port), localAddress: '127.0.0.2' });
          const done = () => (clearTimeout(t), s.destroy(), resolve());
          const t = setTimeout(done, 2_000);
          s.on('error', done);
          s.on('close', done);
          s.once('connect', () => {
            s.write(connectHeader(200 * 1024 * 1024));
            s.write(Buffer.alloc(64 * 1024, 0x41));
          });
        });
      }
    };
    await Promise.all(Array.from({ length: 50 }, () => one()));
    return sent;
  },
};

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
    const seen = await patched;
    waiting = null;
    if (seen) into.patch.push(clockMs() - t0);
    if (!acked || !seen) into.failures++;
  }
  async function probeFor(ms: number, into: Samples): Promise<void> {
    const until = clockMs() + ms;
    while (clockMs() < until) {
      const next = clockMs() + PROBE_EVERY_MS;
      await probe(into);
      await sleep(Math.max(0, next - clockMs()));
    }
  }

  try {
    log('warming up (5 s)');
    await probeFor(5_000, { ack: [], patch: [], failures: 0 });
    const rssBefore = rssMb(pid);
    const samples = {} as Record<Phase, Samples>;
    samples.quiet = { ack: [], patch: [], failures: 0 };
    log(`quiet: ${seconds} s`);
    await probeFor(seconds * 1000, samples.quiet);
    const sent = {} as Record<string, number>;
    const rssAt = {} as Record<string, number>;
    for (const attack of ATTACKS) {
      samples[attack] = { ack: [], patch: [], failures: 0 };
      log(`${attack}: ${seconds} s under attack`);
      const until = clockMs() + seconds * 1000;
      const [n] = await Promise.all([attackers[attack](ready, until), probeFor(seconds * 1000, samples[attack])]);
      sent[attack] = n;
      rssAt[attack] = rssMb(pid);
      log(`  ${attack}: ${n} attack requests; device p99 ${round(summarize(samples[attack].ack).p99)} ms`);
      await sleep(1_000);
    }
    await sleep(3_000);
    const rssAfter = rssMb(pid);

    const p99 = (xs: number[]) => round(summarize(xs).p99);
    const quietAck = summarize(samples.quiet.ack).p99;
    const worst = Math.max(...ATTACKS.map((a) => summarize(samples[a].ack).p99));
    const failures = Object.values(samples).reduce((n, s) => n + s.failures, 0);
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
        note: `${round(rssBefore, 1)} → ${ATTACKS.map((a) => `${a} ${round(rssAt[a]!, 1)}`).join(' → ')} → ${round(rssAfter, 1)} MiB settled`,
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
