// Playwright fixtures: `hub` is a real hub started for the test (a child process on loopback with a
// temporary data dir), with the real CLI and simulated MQTT sensors to drive it.
import { test as base } from '@playwright/test';
import { HubProcess, type DeviceCredentials } from './hub-process.ts';
import { SimulatedSensor } from './sensor.ts';

export { expect } from '@playwright/test';

export interface HubFixture {
  process: HubProcess;
  readonly httpUrl: string;
  readonly mqttUrl: string;
  /** A URL on the hub: `hub.url('/bays?lang=en')`. */
  url: (path: string) => string;
  addBay: (id: string, name: string) => Promise<void>;
  provisionSensor: (id: string, bayId: string) => Promise<DeviceCredentials>;
  /** Provision a sensor for a bay and connect it (status online, will offline). */
  connectSensor: (id: string, bayId: string) => Promise<SimulatedSensor>;
  stop: () => Promise<void>;
  start: () => Promise<void>;
}

export const test = base.extend<{ hub: HubFixture }>({
  // Playwright reads fixture dependencies from the destructuring pattern; this one has none.
  // eslint-disable-next-line no-empty-pattern
  hub: async ({}, use, testInfo) => {
    const proc = new HubProcess();
    const sensors: SimulatedSensor[] = [];
    await proc.start();
    const fixture: HubFixture = {
      process: proc,
      get httpUrl() {
        return proc.httpUrl;
      },
      get mqttUrl() {
        return proc.mqttUrl;
      },
      url: (path) => new URL(path, proc.httpUrl).toString(),
      addBay: (id, name) => proc.addBay(id, name),
      provisionSensor: (id, bayId) => proc.provisionSensor(id, bayId),
      async connectSensor(id, bayId) {
        const creds = await proc.provisionSensor(id, bayId);
        const sensor = await SimulatedSensor.connect(proc.mqttUrl, creds, bayId);
        sensors.push(sensor);
        return sensor;
      },
      stop: () => proc.stop(),
      start: () => proc.start(),
    };
    try {
      await use(fixture);
    } finally {
      await Promise.all(sensors.map((s) => s.close().catch(() => {})));
      if (testInfo.status !== testInfo.expectedStatus)
        await testInfo.attach('hub.log', { body: proc.output.join('\n'), contentType: 'text/plain' });
      await proc.dispose();
    }
  },
});
