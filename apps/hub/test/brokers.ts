// Start a hub for a test in either broker mode, with bays and sensors provisioned by the real CLI.
import type { Hub } from '../src/hub.ts';
import { cli, startTestHub, tempDataDir, type Provisioned } from '../src/testing.ts';
import { MOSQUITTO_BIN, startMosquitto, type RunningMosquitto } from './mosquitto.ts';
import { provision } from './helpers.ts';

export type BrokerMode = 'embedded' | 'mosquitto';
export const brokerModes: BrokerMode[] = ['embedded', 'mosquitto'];

/** Mosquitto tests run wherever Mosquitto is installed; elsewhere they say plainly that they were skipped. */
export const skipMode = (mode: BrokerMode): string | false =>
  mode === 'mosquitto' && !MOSQUITTO_BIN
    ? 'Mosquitto is not installed here (apt-get install mosquitto); skipped'
    : false;

export interface Shop {
  mode: BrokerMode;
  hub: Hub;
  dataDir: string;
  sensors: Record<string, Provisioned['mqtt']>;
  mosquitto?: RunningMosquitto;
  /** Stop the hub and start it again on the same data dir (and the same ports). */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
}

export async function startShop(
  mode: BrokerMode,
  bays = ['bay-1', 'bay-2'],
  opts: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<Shop> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const sensors: Shop['sensors'] = {};
  const mqttEnv: Record<string, string> = mode === 'mosquitto' ? { GLASSBAY_MQTT_URL: 'mqtt://127.0.0.1:1' } : {};
  for (const bay of bays) {
    await cli(dataDir, ['bay', 'add', bay, '--name', bay.replace('bay-', 'Bay ')]);
    sensors[bay] = (await provision(dataDir, `${bay}-sensor`, 'bay-sensor', bay, mqttEnv)).mqtt;
  }
  const mosquitto = mode === 'mosquitto' ? await startMosquitto(dataDir) : undefined;
  const env: Record<string, string> = { ...opts.env, ...(mosquitto ? { GLASSBAY_MQTT_URL: mosquitto.url } : {}) };
  let hub = await startTestHub({ dataDir, env });
  const shop: Shop = {
    mode,
    get hub() {
      return hub;
    },
    dataDir,
    sensors,
    mosquitto,
    async restart() {
      const port = new URL(hub.httpUrl).port;
      const mqttPort = mosquitto ? '0' : new URL(hub.mqttUrl).port;
      await hub.stop();
      hub = await startTestHub({ dataDir, env: { ...env, GLASSBAY_HTTP_PORT: port, GLASSBAY_MQTT_PORT: mqttPort } });
    },
    async stop() {
      await hub.stop();
      await mosquitto?.stop();
    },
  };
  return shop;
}
