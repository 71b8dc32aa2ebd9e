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
  if (link.kind === 'external') holdAcksUntilStored(client, ingest);
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

/**
 * The hub's messages from an external broker, acknowledged only once stored [GB-2.4], several to a
 * turn. mqtt.js hands over a message only after it has written the previous one's PUBACK; the hub
 * may write that only after the message's COMMIT, and waiting for it there made every message a
 * turn and a commit of its own (`pnpm bench spine-mosquitto`: p99 27 ms, and a full-disk recovery
 * whose log outgrew its reserve). Here mqtt.js goes on at once, and the PUBACK it writes is held
 * until its message's turn is stored. A message not stored drops the link, unacknowledged with
 * every message after it (nothing more is taken on that link): the broker redelivers them in order
 * to the persistent session when the client is back, and the hub stores a repeat once.
 */
function holdAcksUntilStored(client: MqttClient, ingest: Ingest): void {
  type Packet = { cmd: string; messageId?: number };
  type Send = (packet: Packet, cb?: (err?: Error) => void, ...rest: unknown[]) => void;
  // mqtt.js's own writer of packets (pinned version; hub-client.test.ts checks the hold).
  const inner = client as unknown as { _sendPacket: Send };
  const send = inner._sendPacket.bind(client);
  /** The connection messages belong to: what an earlier one left waiting is never sent on this one. */
  let link = 0;
  let refusedOn = -1;
  /** Message id → its PUBACK once mqtt.js has written it, `null` until then, while its turn is open. */
  const held = new Map<number, Packet | null>();
  /** Messages whose turn was stored before mqtt.js wrote their PUBACK. */
  const stored = new Set<number>();
  client.on('close', () => {
    link += 1;
    held.clear();
    stored.clear();
  });
  inner._sendPacket = (packet, cb, ...rest) => {
    const id = packet.messageId;
    if (packet.cmd !== 'puback' || id === undefined || !held.has(id)) return send(packet, cb, ...rest);
    if (stored.delete(id)) {
      held.delete(id);
      return send(packet, cb, ...rest);
    }
    held.set(id, packet);
    cb?.(); // mqtt.js goes on to the next message; the PUBACK waits for the commit
  };
  client.handleMessage = (packet, done) => {
    const on = link;
    // A message of this link was not stored: take nothing after it, so nothing overtakes it.
    if (refusedOn === on) return;
    const id = packet.messageId;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const outcome = ingest.handle(packet.topic, payload, Date.now(), packet.retain);
    if (id !== undefined) held.set(id, null);
    ingest.afterStored(outcome, (isStored) => {
      if (on !== link) return; // that connection is gone; the broker redelivers what it held
      if (!isStored) {
        // No PUBACK: drop the link so the broker redelivers this message (and every one it holds
        // unacknowledged) to the persistent session when the client reconnects.
        refusedOn = on;
        client.stream.destroy();
        return;
      }
      if (id === undefined) return;
      const ack = held.get(id);
      if (ack) {
        held.delete(id);
        if (client.connected) send(ack);
      } else if (ack === null) stored.add(id);
    });
    done();
  };
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
