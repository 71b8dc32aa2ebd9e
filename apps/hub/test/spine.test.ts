// The spine, end to end with real parts: an mqtt.js sensor publishes to the hub's broker, the hub
// validates, stores in a real SQLite file and relays; a socket.io screen sees the bay change.
import { topics } from '@glassbay/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../src/hub.ts';
import { cli, startTestHub, tempDataDir } from '../src/testing.ts';
import { TestScreen, connectDevice, provision } from './helpers.ts';

describe('bay sensor → hub → SQLite → screen', () => {
  let hub: Hub;
  const dataDir = tempDataDir();
  let creds: { username: string; password: string };

  beforeAll(async () => {
    await cli(dataDir, ['bay', 'add', 'bay-1', '--name', 'Bay 1']);
    creds = (await provision(dataDir, 'bay1-sensor', 'bay-sensor', 'bay-1')).mqtt;
    hub = await startTestHub({ dataDir });
  });
  afterAll(async () => hub?.stop());

  it('shows a car arriving on the bay and the lift going up', async () => {
    const screen = new TestScreen(hub.httpUrl);
    const initial = await screen.until((s) => s.bays['bay-1']);
    expect(initial.occupied).toBeNull();
    expect(screen.state!.devices).toEqual({}); // devices are staff-only

    const sensor = await connectDevice(hub.mqttUrl, creds);
    await sensor.publishAsync(
      topics.baySensor('bay-1', 'bay1-sensor'),
      JSON.stringify({ seq: 1, ts: Date.now(), occupied: true, lift: 'down' }),
      { qos: 1, retain: true },
    );
    const bay = await screen.until((s) => s.bays['bay-1']?.occupied === true && s.bays['bay-1']);
    expect(bay).toMatchObject({ occupied: true, lift: 'down' });
    expect(bay.since).toBeGreaterThan(Date.now() - 5000);

    await sensor.publishAsync(
      topics.baySensor('bay-1', 'bay1-sensor'),
      JSON.stringify({ seq: 2, ts: Date.now(), lift: 'up' }),
      { qos: 1, retain: true },
    );
    await screen.until((s) => s.bays['bay-1']?.lift === 'up');
    expect(screen.state!.bays['bay-1']!.since).toBe(bay.since);

    const api = (await (await fetch(`${hub.httpUrl}/api/bays/bay-1`)).json()) as { occupied: boolean; lift: string };
    expect(api).toMatchObject({ occupied: true, lift: 'up' });
    await sensor.endAsync();
    screen.close();
  });
});
