// The hub's own MQTT client. With an external broker (Mosquitto) it subscribes to everything devices
// publish and feeds ingest, over the network with a persistent session so messages published while
// the hub restarts are delivered when it returns. With the embedded broker, ingest is fed by the
// broker itself before it acknowledges (broker.ts), and this client connects in memory only to
// publish to devices (wristband buzzes, receipts).
import type { Socket } from 'node:net';
import { HUB_SUBSCRIPTIONS, topics, type DeviceStored, type WristbandNotify } from '@glassbay/protocol';
import mqtt, { MqttClient, type IClientOptions } from 'mqtt';
import type { Logger } from '../logger.ts';
import { HUB_CLIENT_ID, type EmbeddedBroker } from './broker.ts';
import type { Ingest } from './ingest.ts';

export type HubLink =
  | { kind: 'embedded'; broker: EmbeddedBroker }
  | { kind: 'external'; url: string; username: string | undefined; password: string | undefined };

export async function connectHubClient(link: HubLink, ingest: Ingest, log: Logger): Promise<MqttClient> {
  const base: IClientOptions = { clientId: HUB_CLIENT_ID, protocolVersion: 4, reconnectPeriod: 1000, keepalive: 30 };
  const client =
    link.kind === 'embedded'
      ? new MqttClient(() => link.broker.connectInternal(), { ...base, ...link.broker.internalCredentials })
      : mqtt.connect(link.url, { ...base, clean: false, username: link.username, password: link.password });

  // Handle before the broker gets its PUBACK: an acknowledged message is already in SQLite.
  client.handleMessage = (packet, done) => {
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const outcome = ingest.handle(packet.topic, payload, Date.now(), packet.retain);
    ingest.afterStored(outcome, (stored) => {
      if (stored) return done();
      // No PUBACK: drop the link so the broker redelivers this message (and every one it holds
      // unacknowledged) to the persistent session when the client reconnects.
      client.stream.destroy();
    });
  };
  client.on('connect', (connack) => {
    // Nagle's algorithm alone adds ~40 ms per message at device rates.
    (client.stream as Partial<Socket>).setNoDelay?.(true);
    if (link.kind === 'embedded') return;
    // The broker kept our session and its subscriptions: subscribing again would make it send each
    // topic's retained reading at once, ahead of the older readings still queued for us, and those
    // would then be judged stale (overtaken) and lost [GB-3.1.3].
    if (connack.sessionPresent) {
      log.info({ broker: link.kind }, 'hub connected to the MQTT broker; its session was kept');
      return;
    }
    client.subscribe([...HUB_SUBSCRIPTIONS], { qos: 1 }, (err) => {
      if (err) log.error({ err }, 'could not subscribe to device topics');
    });
    log.info({ broker: link.kind }, 'hub connected to the MQTT broker');
  });
  client.on('offline', () => log.warn({ broker: link.kind }, 'hub lost the MQTT broker; retrying'));
  client.on('error', (err) => log.warn({ err: err.message }, 'mqtt error'));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`could not reach the MQTT broker within 10 s`)), 10_000);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  }).catch(async (err: Error) => {
    await client.endAsync(true);
    throw err;
  });
  return client;
}

export function notifyPayload(n: WristbandNotify): string {
  return JSON.stringify(n);
}

/** Messages waiting for the hub's client: devices may publish before it is connected. */
const MAX_WAITING = 100;

/**
 * What the hub sends devices over its own client: buzzes [GB-3.4] and receipts [GB-3.5]. Never
 * throws: a device that is away must not fail the step engine or ingest. The features get it
 * before the broker starts; messages wait (bounded) until `attach`.
 */
export function createDeviceSender(log: Logger) {
  let client: MqttClient | undefined;
  const waiting: [string, string, 0 | 1][] = [];
  const send = (c: MqttClient, topic: string, payload: string, qos: 0 | 1) =>
    c.publish(topic, payload, { qos, retain: false }, (err) => {
      if (err) log.warn({ err: err.message, topic }, 'could not send to a device');
    });
  const sendOrWait = (topic: string, payload: string, qos: 0 | 1) => {
    if (client) return void send(client, topic, payload, qos);
    if (waiting.length >= MAX_WAITING) waiting.shift();
    waiting.push([topic, payload, qos]);
  };
  return {
    /**
     * Buzz a band [GB-3.4]: QoS 1, not retained (a buzz is for now; a band offline misses it and
     * the alert stays on the console).
     */
    notify(bandId: string, n: WristbandNotify): void {
      sendOrWait(topics.wristbandNotify(bandId), notifyPayload(n), 1);
    },
    /**
     * A receipt [GB-3.5]: QoS 0, since one lost with its connection is replaced by the device's
     * resend and the hub's receipt for that.
     */
    stored(deviceId: string, r: DeviceStored): void {
      sendOrWait(topics.deviceStored(deviceId), JSON.stringify(r), 0);
    },
    attach(c: MqttClient): void {
      client = c;
      for (const [topic, payload, qos] of waiting.splice(0)) send(c, topic, payload, qos);
    },
  };
}
export type DeviceSender = ReturnType<typeof createDeviceSender>;
