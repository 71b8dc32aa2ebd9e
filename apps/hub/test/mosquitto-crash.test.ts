// The external broker under faults, for real: the shipped Mosquitto config, the hub's persistent
// session, a device publishing QoS 1 readings. Readings published while the hub is stopped are
// stored once it is back; a Mosquitto killed with -9 loses nothing it acknowledged more than the
// bound the README states before the crash; and a device that keeps its readings until the hub's
// receipt [GB-3.5] loses nothing at all, although Mosquitto loses what it acknowledged last.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DeviceStored, topics } from '@glassbay/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../src/hub.ts';
import { cli, skippedTitle, startTestHub, tempDataDir, type Provisioned } from '../src/testing.ts';
import {
  MOSQUITTO,
  freePort,
  startShippedMosquitto,
  type ShippedMosquitto,
} from '../../../hardware/src/shipped-mosquitto.ts';

/** hardware/mosquitto/README.md: a message acknowledged this long before a crash survives it. */
const CRASH_BOUND_MS = 3000;
const CRASH_ROUNDS = 3;
const TOPIC = topics.baySensor('bay-1', 'bay-1-sensor');

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const noMosquitto = !MOSQUITTO && 'Mosquitto is not installed here (no /usr/sbin/mosquitto; apt-get install mosquitto)';
describe.skipIf(!!noMosquitto)(
  skippedTitle(
    'the shipped Mosquitto config when the hub or the broker goes down',
    noMosquitto,
    'pnpm exec vitest run apps/hub/test/mosquitto-crash.test.ts',
  ),
  () => {
    const dataDir = tempDataDir('glassbay-mosq-crash-');
    let env: Record<string, string>;
    let broker: ShippedMosquitto;
    let hub: Hub | undefined;
    let secret: string;
    let seq = 0;

    const storedSeqs = (): Set<number> => {
      const db = new Database(join(dataDir, 'glassbay.db'), { readonly: true });
      try {
        return new Set((db.prepare('SELECT seq FROM sensor_readings').all() as { seq: number }[]).map((r) => r.seq));
      } finally {
        db.close();
      }
    };
    const device = () =>
      mqtt.connectAsync(broker.url, {
        clientId: 'bay-1-sensor',
        username: 'bay-1-sensor',
        password: secret,
        protocolVersion: 4,
        reconnectPeriod: 0,
      });
    /** Publish one reading; resolves with when the broker acknowledged it, or undefined if it never did. */
    const publish = (c: MqttClient, s: number) =>
      Promise.race([
        c
          .publishAsync(TOPIC, JSON.stringify({ seq: s, ts: Date.now(), occupied: s % 2 === 0, lift: 'down' }), {
            qos: 1,
          })
          .then(
            () => Date.now(),
            () => undefined,
          ),
        // A publish in flight when the broker dies may never settle.
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 2000)),
      ]);

    beforeAll(async () => {
      const port = await freePort();
      env = { GLASSBAY_MQTT_URL: `mqtt://127.0.0.1:${port}` };
      await cli(dataDir, ['bay', 'add', 'bay-1', '--name', 'Bay 1'], env);
      // With GLASSBAY_MQTT_URL set, `device add` writes Mosquitto's passwd and acl itself.
      const p = await cli<Provisioned>(
        dataDir,
        ['device', 'add', 'bay-1-sensor', '--kind', 'bay-sensor', '--bay', 'bay-1'],
        env,
      );
      secret = p.mqtt.password;
      broker = await startShippedMosquitto(dataDir, port);
      // The first start leaves the hub's persistent session and its QoS 1 subscriptions at the broker.
      hub = await startTestHub({ dataDir, env });
    }, 120_000);
    afterAll(async () => {
      await hub?.stop();
      await broker?.stop();
    });

    it('stores the readings published while the hub was stopped once it is back', async () => {
      await hub!.stop();
      hub = undefined;
      const c = await device();
      const sent: number[] = [];
      for (let i = 0; i < 200; i++) {
        const s = ++seq;
        if ((await publish(c, s)) !== undefined) sent.push(s);
      }
      await c.endAsync();
      expect(sent).toHaveLength(200);

      hub = await startTestHub({ dataDir, env });
      await until('every queued reading in SQLite', () => (sent.every((s) => storedSeqs().has(s)) ? true : undefined));
    });

    it(`loses nothing Mosquitto acknowledged more than ${CRASH_BOUND_MS} ms before it was killed with -9`, async () => {
      const oldestLost: number[] = [];
      for (let round = 0; round < CRASH_ROUNDS; round++) {
        // The hub is away, so everything acknowledged waits in Mosquitto's queue for it: the worst case.
        await hub!.stop();
        hub = undefined;
        const c = await device();
        c.on('error', () => {});
        const acked = new Map<number, number>();
        for (let i = 0; i < 100; i++) {
          const s = ++seq;
          const at = await publish(c, s);
          if (at !== undefined) acked.set(s, at);
        }
        // Keep publishing while the broker crashes mid-stream, at a moment unrelated to its saves.
        let crashAt = 0;
        const crash = new Promise<void>((resolve) =>
          setTimeout(
            () => {
              crashAt = Date.now();
              void broker.kill9().then(resolve);
            },
            CRASH_BOUND_MS + 500 + Math.random() * 2000,
          ),
        );
        while (crashAt === 0) {
          const s = ++seq;
          const at = await publish(c, s);
          if (at !== undefined && (crashAt === 0 || at <= crashAt)) acked.set(s, at);
          await new Promise((r) => setTimeout(r, 5));
        }
        await crash;
        c.end(true);

        await broker.start();
        hub = await startTestHub({ dataDir, env });
        const old = [...acked].filter(([, at]) => at < crashAt - CRASH_BOUND_MS).map(([s]) => s);
        expect(old.length).toBeGreaterThanOrEqual(100);
        await until('every reading acknowledged before the bound in SQLite', () =>
          old.every((s) => storedSeqs().has(s)) ? true : undefined,
        );
        // The backlog may still be arriving: count what was lost once the hub has been quiet for a second.
        let stored = storedSeqs();
        for (;;) {
          await new Promise((r) => setTimeout(r, 1000));
          const now = storedSeqs();
          if (now.size === stored.size) break;
          stored = now;
        }
        const lost = [...acked].filter(([s]) => !stored.has(s));
        oldestLost.push(Math.max(0, ...lost.map(([, at]) => crashAt - at)));
        console.log(
          `[glassbay] Mosquitto kill -9, round ${round + 1}: ${acked.size} acknowledged, ${old.length} more than ${CRASH_BOUND_MS} ms before the crash (all stored); ${lost.length} lost, acknowledged at most ${oldestLost.at(-1)} ms before the crash`,
        );
      }
    }, 240_000);

    it('loses nothing a device kept until the receipt, while Mosquitto loses what it acknowledged last', async () => {
      // The hub is away, so what Mosquitto acknowledges waits in its memory until the next save.
      await hub!.stop();
      hub = undefined;
      const c = await device();
      c.on('error', () => {});
      const backlog = new Map<number, string>();
      c.on('message', (_topic, payload) => {
        const r = DeviceStored.parse(JSON.parse(payload.toString()));
        for (const s of backlog.keys()) if (s <= (r.seq ?? -1)) backlog.delete(s);
      });
      await c.subscribeAsync(topics.deviceStored('bay-1-sensor'), { qos: 0 });
      const first = seq + 1;
      for (let i = 0; i < 300; i++) {
        const s = ++seq;
        const body = JSON.stringify({ seq: s, ts: Date.now(), occupied: s % 2 === 0, lift: 'down' });
        backlog.set(s, body);
        expect(await publish(c, s)).toBeDefined();
      }
      // Crash at once: the last readings Mosquitto acknowledged are not yet in its file.
      await broker.kill9();
      c.end(true);
      await broker.start();
      hub = await startTestHub({ dataDir, env });
      let stored = storedSeqs();
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000));
        const now = storedSeqs();
        if (now.size === stored.size) break;
        stored = now;
      }
      const lostByBroker = [...backlog.keys()].filter((s) => !stored.has(s));
      // The fault did what it does: without the receipt these readings would be gone.
      expect(lostByBroker.length).toBeGreaterThan(0);

      // Back: the device sends again, oldest first, everything no receipt covered.
      const again = await device();
      again.on('message', (_topic, payload) => {
        const r = DeviceStored.parse(JSON.parse(payload.toString()));
        for (const s of backlog.keys()) if (s <= (r.seq ?? -1)) backlog.delete(s);
      });
      await again.subscribeAsync(topics.deviceStored('bay-1-sensor'), { qos: 0 });
      for (const [s, body] of [...backlog]) await again.publishAsync(TOPIC, body, { qos: 1 }).then(() => s);
      await until('every reading receipted', () => (backlog.size === 0 ? true : undefined));
      await again.endAsync();
      const all = storedSeqs();
      expect(Array.from({ length: 300 }, (_, i) => first + i).filter((s) => !all.has(s))).toEqual([]);
      console.log(
        `[glassbay] Mosquitto kill -9 with the hub away: it lost ${lostByBroker.length} of 300 readings it had acknowledged; the device sent them again on its receipt backlog and all 300 are stored`,
      );
    }, 120_000);
  },
);
