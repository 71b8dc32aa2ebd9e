// With an external Mosquitto: the CLI keeps the broker's password file and ACL in step with the
// devices table, and readings published while the hub is down are applied when it returns.
import { topics } from '@glassbay/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, skippedTitle } from '../src/testing.ts';
import { skipMode, startShop, type Shop } from './brokers.ts';
import { TestScreen, connectDevice, provision } from './helpers.ts';

const skip = skipMode('mosquitto');
describe.skipIf(skip)(
  skippedTitle('an external Mosquitto', skip, 'pnpm exec vitest run apps/hub/test/mosquitto.test.ts'),
  () => {
    let shop: Shop;
    beforeAll(async () => {
      shop = await startShop('mosquitto', ['bay-1']);
    });
    afterAll(async () => shop?.stop());

    it('accepts a device once the CLI added it and Mosquitto reloaded, and refuses it once removed', async () => {
      const env = { GLASSBAY_MQTT_URL: shop.hub.mqttUrl };
      const { mqtt: creds } = await provision(shop.dataDir, 'band-07', 'wristband', undefined, env);
      await shop.mosquitto!.reload();
      const band = await connectDevice(shop.hub.mqttUrl, creds);
      expect(band.connected).toBe(true);
      await band.endAsync();
      await cli(shop.dataDir, ['device', 'remove', 'band-07'], env);
      await shop.mosquitto!.reload();
      await expect(connectDevice(shop.hub.mqttUrl, creds)).rejects.toThrow(/Not authorized|Bad username or password/i);
    });

    it('applies readings published while the hub was down, once it is back', async () => {
      const sensor = await connectDevice(shop.hub.mqttUrl, shop.sensors['bay-1']!);
      const topic = topics.baySensor('bay-1', 'bay-1-sensor');
      await sensor.publishAsync(topic, JSON.stringify({ seq: 1, ts: Date.now(), occupied: false, lift: 'down' }), {
        qos: 1,
      });
      await shop.hub.stop();
      // The broker acknowledges these while the hub is away; its persistent session keeps them.
      await sensor.publishAsync(topic, JSON.stringify({ seq: 2, ts: Date.now(), occupied: true }), { qos: 1 });
      await sensor.publishAsync(topic, JSON.stringify({ seq: 3, ts: Date.now(), lift: 'up' }), { qos: 1 });
      await shop.restart();
      const screen = new TestScreen(shop.hub.httpUrl);
      const bay = await screen.until((s) => s.bays['bay-1']?.lift === 'up' && s.bays['bay-1']);
      expect(bay.occupied).toBe(true);
      await sensor.endAsync();
      screen.close();
    });
  },
);
if (skip) console.log(`[glassbay] ${skip}`);
