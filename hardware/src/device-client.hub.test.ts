// The device client's presence rules against a real hub: it finds the hub again by itself after a
// hub restart and re-sends what changed meanwhile [GB-2.7], and a planned shutdown shows offline
// at once even though a clean DISCONNECT discards the will [GB-3.3.3].
import { createServer } from 'node:net';
import type { BayView } from '@glassbay/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub } from '@glassbay/hub';
import { cli, type Provisioned, startTestHub, tempDataDir } from '@glassbay/hub/testing';
import { BaySensor } from './bay-sensor.ts';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('device client ↔ hub presence', () => {
  const dataDir = tempDataDir('glassbay-dev-');
  let env: Record<string, string>;
  let hub: Hub;
  let sensor: BaySensor;

  const bay1 = async () => ((await (await fetch(`${hub.httpUrl}/api/bays/bay-1`)).json()) as BayView) ?? undefined;

  beforeAll(async () => {
    await cli(dataDir, ['bay', 'add', 'bay-1', '--name', 'Bay 1']);
    const p = await cli<Provisioned>(dataDir, [
      'device',
      'add',
      'bay-1-sensor',
      '--kind',
      'bay-sensor',
      '--bay',
      'bay-1',
    ]);
    // Fixed ports, so the restarted hub is where the device looks for it.
    env = { GLASSBAY_HTTP_PORT: String(await freePort()), GLASSBAY_MQTT_PORT: String(await freePort()) };
    hub = await startTestHub({ dataDir, env });
    sensor = new BaySensor('bay-1', {
      url: hub.mqttUrl,
      deviceId: 'bay-1-sensor',
      secret: p.mqtt.password,
      keepaliveSec: 10,
      // Short waits keep the test quick; the shape (doubling, jitter) is the same as in the field.
      backoff: { initialMs: 100, maxMs: 800 },
    });
    await sensor.start();
  }, 120_000); // real CLI runs (a process each) on a shared 2-core machine
  afterAll(async () => {
    await sensor?.stop();
    await hub?.stop();
  });

  it('reconnects after a hub restart and reports what changed while the hub was away', async () => {
    await sensor.report({ occupied: true, lift: 'down', door: 'closed' });
    await until('the car on bay-1', async () => ((await bay1()).occupied === true ? true : undefined));

    await hub.stop();
    await until('the device to notice', async () => (sensor.device.connected ? undefined : true));
    // The lift goes up while the hub is down: the sensor cannot send it yet.
    await sensor.report({ occupied: true, lift: 'up', door: 'closed' });

    hub = await startTestHub({ dataDir, env });
    const bay = await until('the sensor back with the lift up', async () => {
      const b = await bay1();
      return b.lift === 'up' && b.sensors[0]?.online ? b : undefined;
    });
    expect(bay.occupied).toBe(true);
  });

  it('shows a device that shuts down on purpose as offline straight away', async () => {
    await sensor.stop();
    const bay = await until('the sensor offline', async () => {
      const b = await bay1();
      return b.sensors[0]?.online === false ? b : undefined;
    });
    // The bay keeps its last known state; only the sensor's presence changed.
    expect(bay).toMatchObject({ occupied: true, lift: 'up' });
  });
});
