// Real clients for integration tests: mqtt.js devices and socket.io-client screens.
import {
  SocketEvents,
  applyPatch,
  patchVerdict,
  type ClientToServerEvents,
  type ScreenState,
  type ServerToClientEvents,
} from '@glassbay/protocol';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import type { Socket as NetSocket } from 'node:net';
import { cli, scrapeHeaders, type Provisioned } from '../src/testing.ts';

export async function connectDevice(
  url: string,
  creds: { username: string; password: string },
  extra: IClientOptions = {},
): Promise<MqttClient> {
  const c = await mqtt.connectAsync(url, {
    clientId: creds.username,
    username: creds.username,
    password: creds.password,
    reconnectPeriod: 0,
    protocolVersion: 4,
    ...extra,
  });
  (c.stream as Partial<NetSocket>).setNoDelay?.(true);
  return c;
}

export async function provision(
  dataDir: string,
  id: string,
  kind: string,
  bay?: string,
  env: Record<string, string> = {},
) {
  return cli<Provisioned>(dataDir, ['device', 'add', id, '--kind', kind, ...(bay ? ['--bay', bay] : [])], env);
}

/** A screen: holds the state exactly as a Svelte screen's live store does. */
export class TestScreen {
  state: ScreenState | null = null;
  rev = -1;
  epoch = '';
  snapshots = 0;
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  constructor(url: string, audience = 'public', headers: Record<string, string> = {}) {
    this.socket = io(url, {
      transports: ['websocket'],
      auth: { audience },
      extraHeaders: headers,
      // Every test screen is its own connection, as separate screens are.
      forceNew: true,
      reconnection: true,
      reconnectionDelay: 100,
    });
    this.socket.on(SocketEvents.snapshot, (s) => {
      this.state = s.state;
      this.rev = s.rev;
      this.epoch = s.epoch;
      this.snapshots++;
    });
    this.socket.on(SocketEvents.patches, (batch) => {
      for (const p of batch) {
        const held = this.state ? { epoch: this.epoch, rev: this.rev } : null;
        const verdict = patchVerdict(held, p);
        if (verdict === 'gap') {
          this.socket.emit(SocketEvents.resync, 'gap');
          return;
        }
        if (verdict === 'apply') {
          applyPatch(this.state!, p);
          this.rev = p.rev;
        }
      }
    });
  }
  async until<T>(pick: (s: ScreenState) => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = this.state ? pick(this.state) : undefined;
      if (v !== undefined && v !== false) return v;
      if (Date.now() > end)
        throw new Error(
          `screen did not see the expected state within ${timeoutMs} ms: ${JSON.stringify(this.state)?.slice(0, 500)}`,
        );
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  close() {
    this.socket.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function metricsText(httpUrl: string): Promise<string> {
  return (await fetch(`${httpUrl}/metrics`, { headers: scrapeHeaders() })).text();
}

export function metricValue(text: string, name: string, labels = ''): number {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name} `)));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/**
 * A loopback TCP proxy that can go silent: sockets stay open but nothing passes, as when a device
 * loses power or Wi-Fi. Only the broker's keepalive can notice that.
 */
export async function freezableProxy(target: string): Promise<{ url: string; freeze: () => void; close: () => void }> {
  const { createServer, connect } = await import('node:net');
  const t = new URL(target);
  let frozen = false;
  const sockets = new Set<NetSocket>();
  const server = createServer({ noDelay: true }, (client) => {
    const upstream = connect({ host: t.hostname, port: Number(t.port), noDelay: true });
    sockets.add(client).add(upstream);
    client.on('data', (d) => !frozen && upstream.write(d));
    upstream.on('data', (d) => !frozen && client.write(d));
    for (const s of [client, upstream])
      s.on('error', () => {}).on('close', () => (client.destroy(), upstream.destroy()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `mqtt://127.0.0.1:${(server.address() as { port: number }).port}`,
    freeze: () => {
      frozen = true;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
