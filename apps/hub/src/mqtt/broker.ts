// The embedded MQTT broker (aedes): TCP for devices, WebSocket at /mqtt on the HTTP server, and an
// in-memory link for the hub itself. Devices authenticate with their own id and secret [GB-2.2] and
// may publish only under their own id [GB-2.3]; anonymous clients are refused.
import { Aedes, type Client } from 'aedes';
import { randomBytes } from 'node:crypto';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
import { BROKER_LIMITS, HUB_CLIENT_ID, hubToDevice, parseTopic } from '@glassbay/protocol';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type { Logger } from '../logger.ts';
import type { DevicesRepository } from './devices.repository.ts';
import { verifySecret } from './credentials.ts';
import { duplexPair } from './duplex-pair.ts';
import { createConnectRate, guarded } from './edge-guard.ts';
import type { Ingest } from './ingest.ts';

export { HUB_CLIENT_ID };
export const MQTT_WS_PATH = '/mqtt';
// MQTT CONNACK return codes for 3.1.1.
const BAD_USERNAME_OR_PASSWORD = 4;

export interface EmbeddedBroker {
  port: number;
  /** A fresh in-memory connection for the hub's own client, and its credentials. */
  connectInternal: () => Duplex;
  internalCredentials: { username: string; password: string };
  attachWebSocket: (http: HttpServer) => void;
  close: () => Promise<void>;
}

export async function startEmbeddedBroker(opts: {
  host: string;
  port: number;
  devices: DevicesRepository;
  ingest: Ingest;
  log: Logger;
}): Promise<EmbeddedBroker> {
  const { devices, ingest, log } = opts;
  const hubPassword = randomBytes(24).toString('base64url');
  // Which device each authenticated connection speaks for; the hub's own link is not in it.
  const deviceOf = new WeakMap<Client, string>();
  const internal = new WeakSet<Client>();

  // Where a refused client connects from: dead letters count repeated failures per address.
  const peerOf = (client: Client): string | null =>
    (client.conn as { remoteAddress?: string }).remoteAddress ?? client.req?.socket.remoteAddress ?? null;
  const authError = (msg: string) => Object.assign(new Error(msg), { returnCode: BAD_USERNAME_OR_PASSWORD });

  const aedes = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const secret = password?.toString('utf8') ?? '';
      if (username === HUB_CLIENT_ID && client.id === HUB_CLIENT_ID && secret === hubPassword) {
        internal.add(client);
        return done(null, true);
      }
      const refuse = (detail: string) => {
        ingest.reject('auth_failed', detail, {
          topic: null,
          payload: null,
          clientId: client.id ?? null,
          peer: peerOf(client),
        });
        done(authError(detail) as never, false);
      };
      if (!username) return refuse('anonymous clients are not allowed');
      // The client id must be the device id, so a second connection replaces the first [GB-2.2].
      if (client.id !== username) return refuse(`client id "${client.id}" must equal the username "${username}"`);
      const device = devices.get(username);
      if (!device) return refuse(`no device "${username.slice(0, 40)}" is provisioned`);
      verifySecret(secret, device.secretHash).then(
        (ok) => {
          if (!ok) return refuse(`wrong secret for device "${username}"`);
          deviceOf.set(client, username);
          done(null, true);
        },
        (err: Error) => refuse(err.message),
      );
    },
    // Every device message is handled here, before aedes acknowledges it: a PUBACK a device
    // receives means the message is already in SQLite [GB-2.4]. A message that fails validation
    // is dead-lettered by ingest and still authorized (the device keeps its connection).
    authorizePublish(client, packet, done) {
      // null: an old last will replayed by the broker itself.
      if (!client || internal.has(client)) return done(null);
      const deviceId = deviceOf.get(client);
      const t = parseTopic(packet.topic);
      if (!deviceId || !t || hubToDevice(t) || t.deviceId !== deviceId) {
        const detail = `device "${deviceId ?? client.id}" may not publish to "${packet.topic.slice(0, 120)}"`;
        ingest.reject('unauthorized_topic', detail, {
          topic: packet.topic,
          payload: packet.payload as Buffer,
          clientId: client.id,
          peer: peerOf(client),
        });
        // aedes disconnects a client whose publish is refused.
        return done(new Error(detail));
      }
      // A live publish: the retain flag says how the device sent it, not that the broker replays it.
      const outcome = ingest.handle(packet.topic, packet.payload as Buffer, Date.now(), false);
      // Not stored: no PUBACK; aedes drops the connection on an error, and the device resends.
      ingest.afterStored(outcome, (stored) => done(stored ? null : new Error('not stored: the hub cannot write now')));
    },
    authorizeSubscribe(client, sub, done) {
      if (internal.has(client)) return done(null, sub);
      const t = parseTopic(sub.topic);
      // A device may only listen to its own notifications and receipts [GB-3.4, GB-3.5].
      if (t && hubToDevice(t) && t.deviceId === deviceOf.get(client)) return done(null, sub);
      done(null, null as never);
    },
  });

  aedes.on('clientError', (client, err) => log.debug({ client: client.id, err: err.message }, 'mqtt client error'));

  // Before authentication: a connect rate per source, a connection cap, the packet size [GB-2.5].
  const admit = createConnectRate({
    burst: BROKER_LIMITS.connectBurstPerSource,
    perSecond: BROKER_LIMITS.connectsPerSecondPerSource,
  });
  let open = 0;
  // Logged, not dead-lettered: a flood of refusals must not grow the database.
  const refused = (what: string, source: string | undefined) => log.debug({ source }, `mqtt refused: ${what}`);
  const serve = (conn: Duplex, source: string | undefined, req?: IncomingMessage) => {
    if (open >= BROKER_LIMITS.maxConnections || !admit(source ?? '?')) {
      refused(open >= BROKER_LIMITS.maxConnections ? 'connection limit reached' : 'too many connections', source);
      return conn.destroy();
    }
    open++;
    conn.once('close', () => open--);
    // Counted and dead-lettered like any oversized message (GB-2.5); the connect rate bounds how many.
    const stream = guarded(conn, BROKER_LIMITS.maxPacketBytes, (err) =>
      ingest.reject('oversized', `${err.message} from ${source ?? '?'}`, {
        topic: null,
        payload: null,
        clientId: null,
        peer: source ?? null,
      }),
    );
    // The guard's stream stands in for the socket: keep the peer's address on it (dead letters
    // count repeated failures per address).
    Object.assign(stream, { remoteAddress: source });
    aedes.handle(stream, req);
  };
  const tcp: Server = createServer({ noDelay: true }, (socket) => serve(socket, socket.remoteAddress));
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(opts.port, opts.host, () => resolve());
  });
  // A frame over the packet size closes the WebSocket (1009) before it is buffered whole.
  const wss = new WebSocketServer({ noServer: true, maxPayload: BROKER_LIMITS.maxPacketBytes });

  return {
    port: (tcp.address() as AddressInfo).port,
    internalCredentials: { username: HUB_CLIENT_ID, password: hubPassword },
    connectInternal() {
      const [hubSide, brokerSide] = duplexPair();
      aedes.handle(brokerSide);
      return hubSide;
    },
    attachWebSocket(http) {
      http.on('upgrade', (req: IncomingMessage, socket, head) => {
        if (new URL(req.url ?? '/', 'http://x').pathname !== MQTT_WS_PATH) return;
        wss.handleUpgrade(req, socket, head, (ws) => {
          const stream = createWebSocketStream(ws);
          stream.once('close', () => ws.terminate());
          serve(stream, req.socket.remoteAddress, req);
        });
      });
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => aedes.close(() => r()));
      await new Promise<void>((r) => tcp.close(() => r()));
    },
  };
}
