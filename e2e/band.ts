// A simulated technician's wristband speaking the device contract over real MQTT (mqtt.js): status
// online with its clock [GB-3.2.3], then QoS 1 step events, each with its own id [GB-3.2.1].
import { topics } from '@glassbay/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import type { HubProcess } from './hub-process.ts';

export class SimulatedBand {
  #seq = 0;
  private constructor(
    private readonly client: MqttClient,
    readonly id: string,
    readonly tech: string,
  ) {}

  /** Provision the band with the real CLI and connect it. */
  static async connect(hub: HubProcess, id: string, tech: string): Promise<SimulatedBand> {
    const { mqtt: creds } = await hub.cli<{ mqtt: { username: string; clientId: string; password: string } }>(
      ...['device', 'add', id, '--kind', 'wristband'],
    );
    const client = await mqtt.connectAsync(hub.mqttUrl, {
      clientId: creds.clientId,
      username: creds.username,
      password: creds.password,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    await client.publishAsync(topics.deviceStatus(id), JSON.stringify({ online: true, ts: Date.now() }), {
      qos: 1,
      retain: true,
    });
    return new SimulatedBand(client, id, tech);
  }

  async step(bay: string, step: string, kind: 'start' | 'end'): Promise<void> {
    const ev = {
      id: `${this.id}-${String(++this.#seq).padStart(6, '0')}`,
      ts: Date.now(),
      tech: this.tech,
      bay,
      step,
      kind,
    };
    await this.client.publishAsync(topics.wristbandEvents(this.id), JSON.stringify(ev), { qos: 1 });
  }

  /** Steps done one after the other, then the last one started and left running. */
  async work(bay: string, done: readonly string[], running?: string): Promise<void> {
    for (const s of done) {
      await this.step(bay, s, 'start');
      await this.step(bay, s, 'end');
    }
    if (running) await this.step(bay, running, 'start');
  }

  async close(): Promise<void> {
    if (this.client.connected) await this.client.endAsync();
  }
}
