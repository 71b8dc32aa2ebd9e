// Abuse: the embedded broker before authentication. An unauthenticated client declaring a 200 MB
// CONNECT made the hub buffer it (383 → 805 MB, never given back). Now the packet size from the
// device contract is enforced on the bytes as they arrive, on TCP and WebSocket, and one source may
// open only so many connections so fast; provisioned devices keep connecting.
import { connect, type Socket } from 'node:net';
import { BROKER_LIMITS } from '@glassbay/protocol';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../src/hub.ts';
import { cli, startTestHub, tempDataDir } from '../src/testing.ts';
import { connectDevice, provision } from './helpers.ts';
import { connectHeader } from '../../../hardware/src/oversized-connect.ts';

const closedWithin = (s: { once(e: 'close', f: () => void): unknown }, ms: number) =>
  new Promise<boolean>((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    s.once('close', () => (clearTimeout(t), resolve(true)));
  });

describe('abuse: broker before authentication', () => {
  let hub: Hub;
  let creds: { username: string; password: string };
  const dataDir = tempDataDir();

  beforeAll(async () => {
    await cli(dataDir, ['bay', 'add', 'bay-1', '--name', '1号工位']);
    creds = (await provision(dataDir, 'bay1-door', 'bay-sensor', 'bay-1')).mqtt;
    hub = await startTestHub({ dataDir });
  });
  afterAll(async () => hub?.stop());

  it('cuts a TCP client that declares a CONNECT larger than the contract allows', async () => {
    const u = new URL(hub.mqttUrl);
    const s: Socket = connect({ host: u.hostname, port: Number(u.port) });
    s.on('error', () => {});
    await new Promise((r) => s.once('connect', r));
    s.write(connectHeader(200 * 1024 * 1024));
    s.write(Buffer.alloc(64 * 1024, 0x41));
    expect(await closedWithin(s, 3000)).toBe(true);
    s.destroy();
  });

  it('cuts a WebSocket client the same way', async () => {
    const ws = new WebSocket(`${hub.httpUrl.replace('http', 'ws')}/mqtt`, 'mqtt');
    ws.on('error', () => {});
    await new Promise((r) => ws.once('open', r));
    // A frame within the WebSocket limit, declaring a huge MQTT packet.
    ws.send(Buffer.concat([connectHeader(200 * 1024 * 1024), Buffer.alloc(4000, 0x41)]));
    expect(await closedWithin(ws, 3000)).toBe(true);
    // And one frame over the packet size is refused by the WebSocket layer itself.
    const big = new WebSocket(`${hub.httpUrl.replace('http', 'ws')}/mqtt`, 'mqtt');
    big.on('error', () => {});
    await new Promise((r) => big.once('open', r));
    big.send(Buffer.alloc(BROKER_LIMITS.maxPacketBytes * 4, 0x41));
    expect(await closedWithin(big, 3000)).toBe(true);
  });

  it('refuses a burst of connections from one source; a device elsewhere still connects', async () => {
    const u = new URL(hub.mqttUrl);
    const n = BROKER_LIMITS.connectBurstPerSource + 100;
    const sockets = Array.from({ length: n }, () => {
      const s = connect({ host: u.hostname, port: Number(u.port), localAddress: '127.0.0.15' });
      s.on('error', () => {});
      return s;
    });
    const closed = await Promise.all(sockets.map((s) => closedWithin(s, 2000)));
    // Nothing was sent: only the rate limit closes a socket this fast (aedes waits 30 s for CONNECT).
    // (A few tokens come back while the burst is still being opened.)
    expect(closed.filter(Boolean).length).toBeGreaterThanOrEqual(50);
    for (const s of sockets) s.destroy();
    const device = await connectDevice(hub.mqttUrl, creds);
    expect(device.connected).toBe(true);
    await device.endAsync();
  });
});
