// A simulated bay sensor speaking the device contract over real MQTT (mqtt.js): status online with a
// last will of offline [GB-3.3], then retained readings with a rising sequence number [GB-3.1].
import { topics } from '@glassbay/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import type { DeviceCredentials } from './hub-process.ts';

export interface Reading {
  occupied?: boolean;
  lift?: 'down' | 'moving' | 'up';
  door?: 'open' | 'closed';
}

export class SimulatedSensor {
  #seq = 0;

  private constructor(
    private readonly client: MqttClient,
    readonly id: string,
    readonly bayId: string,
  ) {}

  static async connect(mqttUrl: string, creds: DeviceCredentials, bayId: string): Promise<SimulatedSensor> {
    const client = await mqtt.connectAsync(mqttUrl, {
      clientId: creds.clientId,
      username: creds.username,
      password: creds.password,
      protocolVersion: 4,
      reconnectPeriod: 0,
      will: {
        topic: topics.deviceStatus(creds.username),
        payload: Buffer.from(JSON.stringify({ online: false })),
        qos: 1,
        retain: true,
      },
    });
    await client.publishAsync(
      topics.deviceStatus(creds.username),
      JSON.stringify({ online: true, ts: Date.now(), firmware: 'sim-1.0' }),
      { qos: 1, retain: true },
    );
    return new SimulatedSensor(client, creds.username, bayId);
  }

  async publish(reading: Reading): Promise<void> {
    this.#seq += 1;
    await this.client.publishAsync(
      topics.baySensor(this.bayId, this.id),
      JSON.stringify({ seq: this.#seq, ts: Date.now(), ...reading }),
      { qos: 1, retain: true },
    );
  }

  /** The sensor loses power or its network: the connection drops without a goodbye, so the broker sends its will. */
  async drop(): Promise<void> {
    await this.client.endAsync(true);
  }

  async close(): Promise<void> {
    if (this.client.connected) await this.client.endAsync();
  }
}
