// What saving Mosquitto's database every second costs, against the old once a minute. The shipped
// config (hardware/mosquitto/mosquitto.conf) runs for real; the only change between runs is
// autosave_interval. A "hub" subscriber holds the hub's persistent session (clean: false, QoS 1);
// one publisher sends QoS 1 readings at a fixed rate, 20 in flight at most. Two cases each:
//   hub up   — the subscriber acknowledges as messages arrive (the queue stays near empty);
//   hub down — the subscriber is away, so every message waits in the queue (each save rewrites it).
// Figures: Mosquitto's CPU seconds and bytes written (/proc/<pid>/io), publish-to-PUBACK p50/p99.
// Run: `pnpm exec tsx bench/mosquitto-autosave.ts` (about 90 s). BENCH_AUTOSAVE_RATE, _SECONDS, and
// BENCH_AUTOSAVE_CASES (default `60,1`; `1c` is autosave_on_changes true with autosave_interval 1).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HUB_SUBSCRIPTIONS, topics } from '@glassbay/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { cli, tempDataDir, type Provisioned } from '@glassbay/hub/testing';
import { freePort, startShippedMosquitto } from '../hardware/src/shipped-mosquitto.ts';
import { cpuSeconds } from './proc.ts';
import { percentile, round } from './stats.ts';

const RATE = Number(process.env.BENCH_AUTOSAVE_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_AUTOSAVE_SECONDS ?? 15);
const IN_FLIGHT = 20;

const writeBytes = (pid: number) => Number(/^write_bytes: (\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);

/** `60`, `1`: a save every so many seconds; `1c`, `100c`: after so many changes (autosave_on_changes). */
async function oneRun(autosave: string, hubUp: boolean) {
  const onChanges = autosave.endsWith('c');
  const interval = onChanges ? autosave.slice(0, -1) : autosave;
  const dataDir = tempDataDir('glassbay-autosave-');
  try {
    const port = await freePort();
    const env = { GLASSBAY_MQTT_URL: `mqtt://127.0.0.1:${port}` };
    await cli(dataDir, ['bay', 'add', 'bay-1', '--name', 'Bay 1'], env);
    const dev = await cli<Provisioned>(
      dataDir,
      ['device', 'add', 'bay-1-sensor', '--kind', 'bay-sensor', '--bay', 'bay-1'],
      env,
    );
    const broker = await startShippedMosquitto(dataDir, port, {
      autosave_interval: interval,
      autosave_on_changes: String(onChanges),
    });
    const hubLogin = {
      clientId: 'glassbay-hub',
      username: 'glassbay-hub',
      password: readFileSync(join(dataDir, 'mosquitto', 'hub.secret'), 'utf8').trim(),
      clean: false,
      protocolVersion: 4 as const,
      reconnectPeriod: 0,
    };
    // Make the hub's persistent session and its subscriptions, as the hub's first start does.
    let hub: MqttClient = await mqtt.connectAsync(broker.url, hubLogin);
    await hub.subscribeAsync([...HUB_SUBSCRIPTIONS], { qos: 1 });
    if (!hubUp) await hub.endAsync();
    const device = await mqtt.connectAsync(broker.url, {
      clientId: dev.mqtt.username,
      username: dev.mqtt.username,
      password: dev.mqtt.password,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    const pid = broker.pid();
    const cpu0 = cpuSeconds(pid);
    const w0 = writeBytes(pid);
    const latencies: number[] = [];
    const total = RATE * SECONDS;
    const t0 = performance.now();
    let sent = 0;
    let inFlight = 0;
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * RATE));
        while (sent < due && inFlight < IN_FLIGHT) {
          const s = ++sent;
          inFlight++;
          const at = performance.now();
          const body = JSON.stringify({ seq: s, ts: Date.now(), occupied: s % 2 === 0, lift: 'down', door: 'closed' });
          device.publish(topics.baySensor('bay-1', 'bay-1-sensor'), body, { qos: 1 }, () => {
            inFlight--;
            latencies.push(performance.now() - at);
            if (latencies.length === total) {
              clearInterval(tick);
              resolve();
            }
          });
        }
      }, 2);
    });
    // Let a last save happen inside the window (the 60 s interval may not come at all).
    await new Promise((r) => setTimeout(r, 1500));
    const cpu = cpuSeconds(pid) - cpu0;
    const written = writeBytes(pid) - w0;
    await device.endAsync();
    if (hubUp) await hub.endAsync();
    else {
      hub = await mqtt.connectAsync(broker.url, hubLogin); // drain nothing; just end the session cleanly
      await hub.endAsync(true);
    }
    await broker.stop();
    latencies.sort((a, b) => a - b);
    return {
      autosave: onChanges ? `${interval} changes` : `${interval} s`,
      hub: hubUp ? 'up' : 'down',
      messages: total,
      mosquitto_cpu_s: round(cpu, 2),
      written_kb: Math.round(written / 1e3),
      puback_p50_ms: round(percentile(latencies, 50), 2),
      puback_p99_ms: round(percentile(latencies, 99), 2),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows = [];
const CASES = (process.env.BENCH_AUTOSAVE_CASES ?? '60,1').split(',');
for (const hubUp of [true, false]) for (const autosave of CASES) rows.push(await oneRun(autosave, hubUp));
console.table(rows);
console.log(JSON.stringify({ rate: RATE, seconds: SECONDS, rows }));
