// The ingest edge with real brokers: the same suite against the embedded aedes and a real Mosquitto.
import { topics } from '@glassbay/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerModes, skipMode, startShop, type Shop } from './brokers.ts';
import { scrapeHeaders, skippedTitle } from '../src/testing.ts';
import { TestScreen, connectDevice, freezableProxy, metricValue, metricsText, sleep } from './helpers.ts';

const reading = (seq: number, extra: Record<string, unknown>) => JSON.stringify({ seq, ts: Date.now(), ...extra });

describe.each(brokerModes)('ingest with the %s broker', (mode) => {
  const skip = skipMode(mode);
  if (skip) {
    it.skip(skippedTitle('the ingest suite', skip, 'pnpm exec vitest run apps/hub/test/ingest.test.ts'), () => {});
    return;
  }
  let shop: Shop;
  beforeAll(async () => {
    shop = await startShop(mode);
  });
  afterAll(async () => shop?.stop());

  const rejected = async (reason: string) =>
    metricValue(await metricsText(shop.hub.httpUrl), 'glassbay_mqtt_messages_rejected_total', `{reason="${reason}"}`);

  it('relays a car arriving and the lift rising to a screen, and keeps it in SQLite', async () => {
    const screen = new TestScreen(shop.hub.httpUrl);
    const sensor = await connectDevice(shop.hub.mqttUrl, shop.sensors['bay-1']!);
    const topic = topics.baySensor('bay-1', 'bay-1-sensor');
    await sensor.publishAsync(topic, reading(1, { occupied: true, lift: 'down' }), { qos: 1, retain: true });
    const bay = await screen.until((s) => s.bays['bay-1']?.occupied === true && s.bays['bay-1']);
    await sensor.publishAsync(topic, reading(2, { lift: 'up' }), { qos: 1, retain: true });
    await screen.until((s) => s.bays['bay-1']?.lift === 'up');
    expect(screen.state!.bays['bay-1']!.since).toBe(bay.since);
    expect(screen.state!.bays['bay-2']!.occupied).toBeNull();
    // The patch is built from what the hub had in hand; a screen opened now reads SQLite: the same bay.
    const opened = new TestScreen(shop.hub.httpUrl);
    const stored = await opened.until((s) => s.bays['bay-1']);
    expect(stored.sensors.find((x) => x.id === 'bay-1-sensor')).toMatchObject({ seq: 2 });
    expect(screen.state!.bays['bay-1']).toEqual(stored);
    opened.close();
    await sensor.endAsync();
    screen.close();
  });

  it('applies a redelivered or overtaken reading once, and never goes back in time', async () => {
    const screen = new TestScreen(shop.hub.httpUrl);
    const sensor = await connectDevice(shop.hub.mqttUrl, shop.sensors['bay-2']!);
    const topic = topics.baySensor('bay-2', 'bay-2-sensor');
    await sensor.publishAsync(topic, reading(10, { occupied: true, lift: 'up' }), { qos: 1 });
    await screen.until((s) => s.bays['bay-2']?.lift === 'up');
    await sensor.publishAsync(topic, reading(10, { occupied: false }), { qos: 1 }); // redelivery
    await sensor.publishAsync(topic, reading(9, { occupied: false, lift: 'down' }), { qos: 1 }); // overtaken
    await sensor.publishAsync(topic, reading(11, { door: 'open' }), { qos: 1 });
    const bay = await screen.until((s) => s.bays['bay-2']?.door === 'open' && s.bays['bay-2']);
    expect(bay).toMatchObject({ occupied: true, lift: 'up', door: 'open' });
    expect(
      metricValue(await metricsText(shop.hub.httpUrl), 'glassbay_mqtt_messages_ignored_total', '{reason="stale"}'),
    ).toBeGreaterThanOrEqual(2);
    await sensor.endAsync();
    screen.close();
  });

  it('refuses wrong credentials and devices that were never provisioned', async () => {
    const creds = shop.sensors['bay-1']!;
    await expect(connectDevice(shop.hub.mqttUrl, { ...creds, password: 'not-the-secret' })).rejects.toThrow(
      /Not authorized|Bad username or password/i,
    );
    await expect(
      connectDevice(shop.hub.mqttUrl, { username: 'ghost-sensor', password: creds.password }),
    ).rejects.toThrow(/Not authorized|Bad username or password/i);
    await expect(connectDevice(shop.hub.mqttUrl, { username: '', password: '' })).rejects.toThrow();
    if (mode === 'embedded') expect(await rejected('auth_failed')).toBeGreaterThanOrEqual(3);
  });

  it("does not let a device publish under another device's id", async () => {
    const screen = new TestScreen(shop.hub.httpUrl);
    const before = await screen.until((s) => s.bays['bay-1']);
    const intruder = await connectDevice(shop.hub.mqttUrl, shop.sensors['bay-2']!);
    intruder.on('error', () => {});
    intruder.publish(topics.baySensor('bay-1', 'bay-1-sensor'), reading(99, { occupied: false, lift: 'down' }), {
      qos: 0,
    });
    intruder.publish(topics.deviceStatus('bay-1-sensor'), JSON.stringify({ online: false }), { qos: 0 });
    await sleep(500);
    const after = (await (await fetch(`${shop.hub.httpUrl}/api/bays/bay-1`)).json()) as typeof before;
    expect(after).toMatchObject({ occupied: before.occupied, lift: before.lift });
    if (mode === 'embedded') {
      expect(await rejected('unauthorized_topic')).toBeGreaterThanOrEqual(1);
      expect(intruder.connected).toBe(false); // the broker disconnects it [GB-2.3]
    }
    await intruder.endAsync(true);
    screen.close();
  });

  it('rejects a sensor reporting for a bay it is not assigned to', async () => {
    const sensor = await connectDevice(shop.hub.mqttUrl, shop.sensors['bay-2']!);
    const n = await rejected('wrong_bay');
    await sensor.publishAsync(topics.baySensor('bay-1', 'bay-2-sensor'), reading(50, { occupied: false }), { qos: 1 });
    await expect.poll(() => rejected('wrong_bay')).toBe(n + 1);
    await sensor.endAsync();
  });

  it('rejects malformed JSON and wrong types with a reason, keeps them, and stays connected', async () => {
    const sensor = await connectDevice(shop.hub.mqttUrl, shop.sensors['bay-1']!);
    const topic = topics.baySensor('bay-1', 'bay-1-sensor');
    const malformed = await rejected('malformed_json');
    const invalid = await rejected('invalid_payload');
    await sensor.publishAsync(topic, '{"seq": 1, "occupied": tru', { qos: 1 });
    await sensor.publishAsync(topic, JSON.stringify({ seq: 'three', ts: Date.now(), occupied: 'yes' }), { qos: 1 });
    await sensor.publishAsync(topic, JSON.stringify({ seq: 3, ts: Date.now() }), { qos: 1 }); // no observation
    await expect.poll(() => rejected('malformed_json')).toBe(malformed + 1);
    await expect.poll(() => rejected('invalid_payload')).toBe(invalid + 2);
    expect(sensor.connected).toBe(true);
    const { rows } = await deadLetters(shop);
    expect(rows.some((r) => r.reason === 'invalid_payload' && /seq/.test(r.detail) && /occupied/.test(r.detail))).toBe(
      true,
    );
    await sensor.endAsync();
  });

  it('survives a 1 MB payload and a burst of 10,000 garbage messages, counting every rejection', async () => {
    const sensor = await connectDevice(shop.hub.mqttUrl, shop.sensors['bay-1']!);
    sensor.on('error', () => {});
    sensor.publish(topics.baySensor('bay-1', 'bay-1-sensor'), Buffer.alloc(1024 * 1024, 0x61), { qos: 0 });
    if (mode === 'embedded') await expect.poll(() => rejected('oversized')).toBe(1);
    await sensor.endAsync(true);

    const spammer = await connectDevice(shop.hub.mqttUrl, shop.sensors['bay-1']!);
    const topic = topics.baySensor('bay-1', 'bay-1-sensor');
    const before = await rejected('malformed_json');
    for (let i = 0; i < 10_000; i++) spammer.publish(topic, `garbage ${i} {`, { qos: 1 });
    await expect.poll(() => rejected('malformed_json'), { timeout: 30_000, interval: 200 }).toBe(before + 10_000);

    const health = (await (await fetch(`${shop.hub.httpUrl}/healthz`, { headers: scrapeHeaders() })).json()) as {
      status: string;
      counts: { rejected: number };
    };
    expect(health.status).toBe('ok');
    expect(health.counts.rejected).toBeGreaterThanOrEqual(10_000);
    // Still healthy: a valid reading right after the burst is applied.
    const screen = new TestScreen(shop.hub.httpUrl);
    await spammer.publishAsync(topic, reading(1000, { door: 'closed' }), { qos: 1 });
    await screen.until((s) => s.bays['bay-1']?.door === 'closed');
    await spammer.endAsync();
    screen.close();
  });

  it('shows the same state after the hub restarts, to a screen that stayed open', async () => {
    const screen = new TestScreen(shop.hub.httpUrl);
    const before = await screen.until((s) => s.bays['bay-1']?.door === 'closed' && s.bays);
    const epoch = screen.epoch;
    await shop.restart();
    await screen.until(() => screen.epoch !== epoch, 10_000);
    expect(screen.state!.bays['bay-1']).toMatchObject({
      occupied: before['bay-1']!.occupied,
      lift: before['bay-1']!.lift,
      door: 'closed',
      since: before['bay-1']!.since,
    });
    expect(screen.state!.bays['bay-2']).toMatchObject({
      occupied: before['bay-2']!.occupied,
      lift: before['bay-2']!.lift,
    });
    screen.close();
  });

  it('shows a sensor offline when it goes silent, within 1.5x its keepalive', async () => {
    const screen = new TestScreen(shop.hub.httpUrl);
    const status = topics.deviceStatus('bay-2-sensor');
    const proxy = await freezableProxy(shop.hub.mqttUrl);
    const sensor = await connectDevice(proxy.url, shop.sensors['bay-2']!, {
      keepalive: 2,
      will: { topic: status, payload: Buffer.from(JSON.stringify({ online: false })), qos: 1, retain: true },
    });
    sensor.on('error', () => {});
    await sensor.publishAsync(status, JSON.stringify({ online: true, battery: 87, firmware: '2.1.0' }), {
      qos: 1,
      retain: true,
    });
    await screen.until((s) => s.bays['bay-2']?.sensors[0]?.online === true);
    // Power cut: the socket stays open but nothing arrives, not even PINGREQ.
    proxy.freeze();
    const silent = Date.now();
    await screen.until((s) => s.bays['bay-2']?.sensors[0]?.online === false, 10_000);
    const took = Date.now() - silent;
    expect(took).toBeGreaterThan(1000); // it was the keepalive, not a closed socket
    expect(took).toBeLessThan(2 * 1500 + 1500);
    await sensor.endAsync(true);
    proxy.close();
    screen.close();
  });
});

async function deadLetters(shop: Shop) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(`${shop.dataDir}/glassbay.db`, { readonly: true });
  try {
    return {
      rows: db.prepare('SELECT reason, detail FROM dead_letters ORDER BY id DESC LIMIT 50').all() as {
        reason: string;
        detail: string;
      }[],
    };
  } finally {
    db.close();
  }
}
