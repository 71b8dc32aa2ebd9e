// Does a save per change (autosave_on_changes) close Mosquitto's crash window? The shipped config
// with one setting changed; a "hub" persistent session that is away, so every message waits in
// Mosquitto's queue; a device publishes 50 QoS 1 readings, each awaited (PUBACK), and Mosquitto is
// killed with -9 at once; after a restart the hub's session takes what survived. Five rounds per
// setting; prints how many acknowledged readings each crash lost.
// Run: `pnpm exec tsx bench/mosquitto-crash-window.ts` (about 30 s).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HUB_SUBSCRIPTIONS, topics } from '@glassbay/protocol';
import mqtt from 'mqtt';
import { cli, tempDataDir, type Provisioned } from '@glassbay/hub/testing';
import { freePort, startShippedMosquitto } from '../hardware/src/shipped-mosquitto.ts';
for (const settings of [
  { autosave_interval: '1', autosave_on_changes: 'true' },
  { autosave_interval: '1', autosave_on_changes: 'false' },
]) {
  const dataDir = tempDataDir('glassbay-window-');
  const port = await freePort();
  const env = { GLASSBAY_MQTT_URL: `mqtt://127.0.0.1:${port}` };
  await cli(dataDir, ['bay', 'add', 'bay-1', '--name', 'Bay 1'], env);
  const dev = await cli<Provisioned>(
    dataDir,
    ['device', 'add', 'bay-1-sensor', '--kind', 'bay-sensor', '--bay', 'bay-1'],
    env,
  );
  const broker = await startShippedMosquitto(dataDir, port, settings);
  const hubLogin = {
    clientId: 'glassbay-hub',
    username: 'glassbay-hub',
    password: readFileSync(join(dataDir, 'mosquitto', 'hub.secret'), 'utf8').trim(),
    clean: false,
    protocolVersion: 4 as const,
    reconnectPeriod: 0,
  };
  let hub = await mqtt.connectAsync(broker.url, hubLogin);
  await hub.subscribeAsync([...HUB_SUBSCRIPTIONS], { qos: 1 });
  await hub.endAsync();
  const lost: number[] = [];
  for (let round = 0; round < 5; round++) {
    const device = await mqtt.connectAsync(broker.url, {
      clientId: dev.mqtt.username,
      username: dev.mqtt.username,
      password: dev.mqtt.password,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    device.on('error', () => {});
    const acked: number[] = [];
    for (let i = 0; i < 50; i++) {
      await device.publishAsync(
        topics.baySensor('bay-1', 'bay-1-sensor'),
        JSON.stringify({ seq: round * 1000 + i, ts: Date.now(), occupied: true }),
        { qos: 1 },
      );
      acked.push(round * 1000 + i);
    }
    await broker.kill9();
    device.end(true);
    await broker.start();
    hub = await mqtt.connectAsync(broker.url, hubLogin);
    const got = new Set<number>();
    hub.on('message', (_t, p) => got.add(JSON.parse(p.toString()).seq));
    await new Promise((r) => setTimeout(r, 1500));
    await hub.endAsync();
    lost.push(acked.filter((s) => !got.has(s)).length);
  }
  await broker.stop();
  rmSync(dataDir, { recursive: true, force: true });
  console.log(JSON.stringify({ settings, lostPerRoundOf50: lost }));
}
