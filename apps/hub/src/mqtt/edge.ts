// The MQTT edge as the hub starts it: the embedded broker (TCP, and WebSocket on the HTTP server)
// or an external Mosquitto, and the hub's own client on it. Ingest is fed by the broker itself
// (embedded) or by the client's subscription (external); either way a PUBACK means stored.
import { existsSync, readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import type { MqttClient } from 'mqtt';
import type { HubConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker.ts';
import type { DevicesRepository } from './devices.repository.ts';
import { connectHubClient, type HubLink } from './hub-client.ts';
import type { Ingest } from './ingest.ts';
import { hubSecretFile } from './mosquitto.ts';

export interface MqttEdge {
  link: HubLink;
  broker: EmbeddedBroker | undefined;
  client: MqttClient;
}

export async function startMqttEdge(deps: {
  config: HubConfig;
  registry: DevicesRepository;
  ingest: Ingest;
  http: HttpServer;
  log: Logger;
}): Promise<MqttEdge> {
  const { config, registry, ingest, log } = deps;
  let broker: EmbeddedBroker | undefined;
  let link: HubLink;
  if (config.mqttUrl) {
    const secretFile = hubSecretFile(config.dataDir);
    link = {
      kind: 'external',
      url: config.mqttUrl,
      username: config.mqttUsername ?? 'glassbay-hub',
      password: config.mqttPassword ?? (existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : undefined),
    };
  } else {
    // Every device starts offline: the embedded broker's sessions died with the last hub.
    registry.markAllOffline();
    broker = await startEmbeddedBroker({ host: config.host, port: config.mqttPort, devices: registry, ingest, log });
    broker.attachWebSocket(deps.http);
    link = { kind: 'embedded', broker };
  }
  try {
    return { link, broker, client: await connectHubClient(link, ingest, log) };
  } catch (err) {
    await broker?.close();
    throw err;
  }
}
