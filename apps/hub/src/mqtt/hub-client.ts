// The hub's own MQTT client. With an external broker (Mosquitto) it subscribes to everything devices
// publish and feeds ingest, over the network with a persistent session so messages published while
// the hub restarts are delivered when it returns. With the embedded broker, ingest is fed by the
// broker itself before it acknowledges (broker.ts), and this client connects in memory only to
// publish to devices (wristband buzzes).
import type { Socket } from 'node:net';
import { HUB_SUBSCRIPTIONS, topics, type WristbandNotify } from '@glassbay/protocol';
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
    ingest.handle(packet.topic, payload, Date.now(), packet.retain);
    ingest.afterStored(done);
  };
  client.on('connect', () => {
    // Nagle's algorithm alone adds ~40 ms per message at device rates.
    (client.stream as Partial<Socket>).setNoDelay?.(true);
    if (link.kind === 'embedded') return;
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

/** Buzzes waiting for the hub's client: devices may publish before it is connected. */
const MAX_WAITING_NOTIFIES = 100;

/**
 * Buzz a band [GB-3.4]: QoS 1, not retained (a buzz is for now; a band offline misses it and the
 * alert stays on the console). Never throws: a band that is away must not fail the step engine.
 * The features get `notify` before the broker starts; buzzes wait (bounded) until `attach`.
 */
export function createBandNotifier(log: Logger) {
  let client: MqttClient | undefined;
  const waiting: [string, WristbandNotify][] = [];
  const send = (c: MqttClient, bandId: string, n: WristbandNotify) =>
    c.publish(topics.wristbandNotify(bandId), notifyPayload(n), { qos: 1, retain: false }, (err) => {
      if (err) log.warn({ err: err.message, bandId }, 'could not notify a wristband');
    });
  return {
    notify(bandId: string, n: WristbandNotify): void {
      if (client) return void send(client, bandId, n);
      if (waiting.length >= MAX_WAITING_NOTIFIES) waiting.shift();
      waiting.push([bandId, n]);
    },
    attach(c: MqttClient): void {
      client = c;
      for (const [bandId, n] of waiting.splice(0)) send(c, bandId, n);
    },
  };
}
