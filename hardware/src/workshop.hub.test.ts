// The simulated workshop against a real hub: real mqtt.js sensors with their own credentials, the
// hub's embedded broker, SQLite and REST API. What the bay board would show must be what the
// simulation did, and the hub must have accepted every message the sensors sent.
import type { BayView } from '@glassbay/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub } from '@glassbay/hub';
import { cli, type Provisioned, startTestHub, tempDataDir } from '@glassbay/hub/testing';
import { BaySensor } from './bay-sensor.ts';
import { DeviceClient, DeviceRefusedError } from './device-client.ts';
import { planWorkshopDay } from './workshop-day.ts';
import { createWorkshopRunner, type WorkshopRunner } from './workshop-runner.ts';

const BAYS = ['bay-1', 'bay-2', 'bay-3'];
const SEED = 17;
const DAY = { bays: BAYS, seed: SEED, dropoutChance: 1, dropoutMinutes: [3, 6] as const };

/** Wait for the hub to catch up with what the sensors sent (delivery is asynchronous). */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`the hub did not show ${what} within ${timeoutMs} ms ${String(last ?? '')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const bays = async (hub: Hub) => ((await (await fetch(`${hub.httpUrl}/api/bays`)).json()) as { bays: BayView[] }).bays;

async function metric(hub: Hub, name: string): Promise<number> {
  const text = await (await fetch(`${hub.httpUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(name) && !l.startsWith('#'))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

describe('simulated workshop → real hub', () => {
  const dataDir = tempDataDir('glassbay-hw-');
  let hub: Hub;
  let sensors: Record<string, BaySensor>;
  let runner: WorkshopRunner;
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    for (const bayId of BAYS) {
      await cli(dataDir, ['bay', 'add', bayId, '--name', bayId.replace('bay-', 'Bay ')]);
      const p = await cli<Provisioned>(dataDir, [
        'device',
        'add',
        `${bayId}-sensor`,
        '--kind',
        'bay-sensor',
        '--bay',
        bayId,
      ]);
      secrets[bayId] = p.mqtt.password;
    }
    // A second sensor on bay-3 that speaks MQTT over WebSocket (GB-2.4, GB-3.1.4).
    const ws = await cli<Provisioned>(dataDir, [
      'device',
      'add',
      'bay-3-door',
      '--kind',
      'bay-sensor',
      '--bay',
      'bay-3',
    ]);
    secrets['bay-3-door'] = ws.mqtt.password;
    hub = await startTestHub({ dataDir });
    sensors = Object.fromEntries(
      BAYS.map((b) => [
        b,
        new BaySensor(b, { url: hub.mqttUrl, deviceId: `${b}-sensor`, secret: secrets[b]!, keepaliveSec: 10 }),
      ]),
    );
    await Promise.all(Object.values(sensors).map((s) => s.start()));
    runner = createWorkshopRunner(DAY, sensors);
  }, 120_000); // real CLI runs (a process each) on a shared 2-core machine
  afterAll(async () => {
    await Promise.all(Object.values(sensors ?? {}).map((s) => s.stop()));
    await hub?.stop();
  });

  it('shows each bay as the simulation left it, with the sensors online', async () => {
    const plan = planWorkshopDay(DAY);
    // Up to just before the first sensor drops out: cars on bays, lifts up, lifts down.
    const firstDrop = plan.events.find((e) => e.kind === 'sensor-offline')!;
    await runner.runUntil(firstDrop.at - 1);
    const kinds = new Set(plan.events.filter((e) => e.at < firstDrop.at).map((e) => e.kind));
    expect(kinds).toContain('car-in');
    expect(kinds).toContain('lift-up');

    const truth = runner.bays();
    const seen = await until('the simulated bays', async () => {
      const list = await bays(hub);
      const match = list.every((b) => {
        const t = truth[b.id]!;
        return b.occupied === t.occupied && b.lift === t.lift && b.door === t.door;
      });
      return match ? list : undefined;
    });
    for (const b of seen) {
      expect(b.sensors.find((x) => x.id === `${b.id}-sensor`)).toMatchObject({ online: true });
    }
  });

  it('sees a dropped sensor go offline by its last will and come back with a new sequence', async () => {
    const plan = planWorkshopDay(DAY);
    const drop = plan.events.find((e) => e.kind === 'sensor-offline')!;
    const back = plan.events.find((e) => e.kind === 'sensor-online' && e.bayId === drop.bayId)!;
    const sensorId = `${drop.bayId}-sensor`;
    const sensorOf = async () =>
      (await bays(hub)).find((b) => b.id === drop.bayId)!.sensors.find((x) => x.id === sensorId)!;
    const seqBefore = (await sensorOf()).seq!;

    await runner.runUntil(drop.at);
    await until('the sensor offline', async () => ((await sensorOf()).online ? undefined : true));

    // Whatever happened on the bay while the sensor was away is reported when it returns.
    await runner.runUntil(back.at);
    const truth = runner.bays()[drop.bayId]!;
    const sensor = await until('the sensor back online with the current bay', async () => {
      const bay = (await bays(hub)).find((b) => b.id === drop.bayId)!;
      const sensor = bay.sensors.find((x) => x.id === sensorId)!;
      return sensor.online && bay.occupied === truth.occupied && bay.lift === truth.lift ? sensor : undefined;
    });
    // The rebooted sensor counts from 1 again, and the hub took its readings as new [GB-3.1.3].
    const device = sensors[drop.bayId]!.device;
    expect(device.seq).toBeLessThan(device.acked.readings);
    expect(device.seq).toBeLessThanOrEqual(seqBefore);
    expect(sensor.seq).toBe(device.seq);
  });

  it('accepted every message the sensors sent, and rejected or ignored none', async () => {
    // The rest of the day, through every sensor's dropout, until the last car has left.
    await runner.runUntil(planWorkshopDay(DAY).endsAt);
    const sent = Object.values(sensors).reduce((n, s) => n + s.device.acked.readings + s.device.acked.statuses, 0);
    const wills = planWorkshopDay(DAY).events.filter((e) => e.kind === 'sensor-offline' && e.at <= runner.now()).length;
    expect(wills).toBe(BAYS.length);
    const accepted = await until('every message accepted', async () => {
      const n = await metric(hub, 'glassbay_mqtt_messages_accepted_total');
      return n >= sent + wills ? n : undefined;
    });
    expect(accepted).toBe(sent + wills);
    expect(await metric(hub, 'glassbay_mqtt_messages_rejected_total')).toBe(0);
    expect(await metric(hub, 'glassbay_mqtt_messages_ignored_total')).toBe(0);
  });

  it('takes readings over WebSocket from a second sensor on the same bay', async () => {
    const door = new DeviceClient({
      url: `${hub.httpUrl.replace('http', 'ws')}/mqtt`,
      deviceId: 'bay-3-door',
      secret: secrets['bay-3-door']!,
    });
    await door.start();
    const open = runner.bays()['bay-3']!.door === 'open' ? 'closed' : 'open';
    expect(await door.publishReading('bay-3', { door: open })).toBe(true);
    const bay = await until('the door reading from the WebSocket sensor', async () => {
      const b = (await bays(hub)).find((x) => x.id === 'bay-3')!;
      return b.door === open ? b : undefined;
    });
    expect(bay.sensors.map((x) => [x.id, x.online])).toEqual([
      ['bay-3-door', true],
      ['bay-3-sensor', true],
    ]);
    await door.stop();
  });

  it('refuses a device with the wrong secret and says how to fix it', async () => {
    const impostor = new DeviceClient({ url: hub.mqttUrl, deviceId: 'bay-1-sensor', secret: 'not-the-secret' });
    const err = await impostor.start().catch((e: unknown) => e);
    await impostor.stop();
    expect(err).toBeInstanceOf(DeviceRefusedError);
    expect((err as DeviceRefusedError).code).toBe('DEVICE_REFUSED');
    expect((err as Error).message).toMatch(/pnpm glassbay device add bay-1-sensor/);
    // The real bay-1 sensor keeps its connection: a refused impostor does not replace it [GB-2.2].
    expect(sensors['bay-1']!.device.connected).toBe(true);
  });
});
