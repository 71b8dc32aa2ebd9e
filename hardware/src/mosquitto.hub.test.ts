// The shipped production Mosquitto config, for real: hardware/mosquitto/mosquitto.conf with only its
// address, paths, OS user and log destination swapped for a test's, the files `pnpm glassbay` writes,
// the hub connected to it as an external broker, and simulated sensors driving a workshop morning.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { topics, type BayView } from '@glassbay/protocol';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub } from '@glassbay/hub';
import { cli, type Provisioned, scrapeHeaders, skippedTitle, startTestHub, tempDataDir } from '@glassbay/hub/testing';
import { BaySensor } from './bay-sensor.ts';
import { DeviceRefusedError } from './device-client.ts';
import { MOSQUITTO, freePort, testConf } from './shipped-mosquitto.ts';
import { createWorkshopRunner } from './workshop-runner.ts';

const BAYS = ['bay-1', 'bay-2'];

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!MOSQUITTO)(
  skippedTitle(
    'simulated workshop → production Mosquitto config → hub',
    !MOSQUITTO && 'Mosquitto is not installed here (no /usr/sbin/mosquitto; apt-get install mosquitto)',
    'pnpm exec vitest run hardware/src/mosquitto.hub.test.ts',
  ),
  () => {
    const dataDir = tempDataDir('glassbay-mosq-');
    let port: number;
    let env: Record<string, string>;
    let broker: ChildProcess;
    let brokerLog = '';
    let hub: Hub;
    const sensors: Record<string, BaySensor> = {};
    const secrets: Record<string, string> = {};

    const bays = async () => ((await (await fetch(`${hub.httpUrl}/api/bays`)).json()) as { bays: BayView[] }).bays;
    const sensorFor = (bayId: string) =>
      new BaySensor(bayId, {
        url: `mqtt://127.0.0.1:${port}`,
        deviceId: `${bayId}-sensor`,
        secret: secrets[bayId]!,
        keepaliveSec: 10,
      });
    const provision = async (bayId: string) => {
      await cli(dataDir, ['bay', 'add', bayId, '--name', bayId], env);
      // With GLASSBAY_MQTT_URL set, `device add` rewrites Mosquitto's passwd and acl itself.
      const p = await cli<Provisioned>(
        dataDir,
        ['device', 'add', `${bayId}-sensor`, '--kind', 'bay-sensor', '--bay', bayId],
        env,
      );
      secrets[bayId] = p.mqtt.password;
    };

    beforeAll(async () => {
      port = await freePort();
      env = { GLASSBAY_MQTT_URL: `mqtt://127.0.0.1:${port}` };
      for (const b of BAYS) await provision(b);
      mkdirSync(join(dataDir, 'broker'), { recursive: true });
      const conf = join(dataDir, 'mosquitto.conf');
      writeFileSync(conf, testConf(dataDir, port));
      broker = spawn(MOSQUITTO!, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
      broker.stderr!.on('data', (d: Buffer) => (brokerLog += d.toString()));
      await until('Mosquitto to listen', async () => {
        if (broker.exitCode !== null) throw new Error(`mosquitto exited: ${brokerLog}`);
        return new Promise<true | undefined>((r) => {
          const s = connect(port, '127.0.0.1', () => (s.end(), r(true)));
          s.on('error', () => r(undefined));
        });
      });
      hub = await startTestHub({ dataDir, env });
      for (const b of BAYS) {
        sensors[b] = sensorFor(b);
        await sensors[b].start();
      }
    }, 120_000); // real CLI runs (a process each) on a shared 2-core machine
    afterAll(async () => {
      await Promise.all(Object.values(sensors).map((s) => s.stop()));
      await hub?.stop();
      if (broker && broker.exitCode === null) {
        const exited = new Promise((r) => broker.once('exit', r));
        broker.kill('SIGTERM');
        await exited;
      }
    });

    it('carries a workshop morning, with dropouts, and every message is accepted', async () => {
      const runner = createWorkshopRunner({ bays: BAYS, seed: 23, dropoutChance: 1, dropoutMinutes: [2, 4] }, sensors);
      await runner.runUntil(5 * 60 * 60_000);
      const truth = runner.bays();
      await until('the hub to show the simulated bays', async () => {
        const list = await bays();
        const same = list.every(
          (b) => b.occupied === truth[b.id]!.occupied && b.lift === truth[b.id]!.lift && b.sensors[0]?.online,
        );
        return same || undefined;
      });
      const text = await (await fetch(`${hub.httpUrl}/metrics`, { headers: scrapeHeaders() })).text();
      const total = (name: string) =>
        text
          .split('\n')
          .filter((l) => l.startsWith(name))
          .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
      expect(total('glassbay_mqtt_messages_accepted_total')).toBeGreaterThan(20);
      expect(total('glassbay_mqtt_messages_rejected_total')).toBe(0);
      expect(total('glassbay_mqtt_messages_ignored_total')).toBe(0);
    });

    it("drops a publish under another device's id before it reaches the hub [GB-2.3]", async () => {
      // Firmware gone wrong on the bay-1 sensor: it takes bay-1's place and writes for bay-2.
      await sensors['bay-1']!.stop();
      const before = (await bays()).find((b) => b.id === 'bay-2')!;
      const rogue = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
        clientId: 'bay-1-sensor',
        username: 'bay-1-sensor',
        password: secrets['bay-1']!,
        protocolVersion: 4,
        reconnectPeriod: 0,
      });
      const forged = { seq: 1_000_000, ts: Date.now(), occupied: !before.occupied, lift: 'up', door: 'open' };
      await rogue.publishAsync(topics.baySensor('bay-2', 'bay-2-sensor'), JSON.stringify(forged), { qos: 1 });
      // Then legal messages on the same connection: once the hub shows them, it would have had the
      // forged one too, had the broker let it through.
      await rogue.publishAsync(topics.deviceStatus('bay-1-sensor'), JSON.stringify({ online: true }), {
        qos: 1,
        retain: true,
      });
      const mark = { seq: 1, ts: Date.now(), occupied: true, lift: 'moving', door: 'closed' };
      await rogue.publishAsync(topics.baySensor('bay-1', 'bay-1-sensor'), JSON.stringify(mark), {
        qos: 1,
        retain: true,
      });
      await until('the legal reading on bay-1', async () => {
        const b = (await bays()).find((x) => x.id === 'bay-1')!;
        return (b.lift === 'moving' && b.door === 'closed') || undefined;
      });
      const after = (await bays()).find((b) => b.id === 'bay-2')!;
      expect(after).toMatchObject({ occupied: before.occupied, lift: before.lift, door: before.door });
      await rogue.endAsync();
    });

    it('lets a device added later in, and a removed one out, once Mosquitto is reloaded with SIGHUP', async () => {
      await provision('bay-3');
      broker.kill('SIGHUP');
      const sensor = await until('Mosquitto to accept bay-3-sensor', async () => {
        const s = sensorFor('bay-3');
        try {
          await s.start();
          return s;
        } catch (err) {
          await s.stop();
          if (!(err instanceof DeviceRefusedError)) throw err;
          return undefined;
        }
      });
      sensors['bay-3'] = sensor;
      await sensor.report({ occupied: true, lift: 'down', door: 'open' });
      await until('bay-3 occupied on the hub', async () => {
        const b = (await bays()).find((x) => x.id === 'bay-3');
        return b?.occupied === true || undefined;
      });

      // Removing the device and reloading cuts its open connection, and it cannot log in again.
      const refused = new Promise((r) => sensor.device.once('refused', r));
      await cli(dataDir, ['device', 'remove', 'bay-3-sensor'], env);
      broker.kill('SIGHUP');
      await refused;
      expect(sensor.device.connected).toBe(false);
      expect(sensors['bay-1']!.device.connected || sensors['bay-2']!.device.connected).toBe(true);
    }, 60_000);
  },
);
