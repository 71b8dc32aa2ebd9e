// A hub set up like a small shop for the jobs tests: bays with real MQTT sensors, an admin, an
// advisor and a manager signed in, and a typed way to call the API as each of them.
import { readFileSync } from 'node:fs';
import {
  FOLLOW_NAMESPACE,
  FollowEvents,
  topics,
  type AlertView,
  type FollowServerEvents,
  type FollowView,
} from '@glassbay/protocol';
import type { MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import type { Hub } from '../src/hub.ts';
import { addStaff, cli, signIn, startTestHub, tempDataDir } from '../src/testing.ts';
import { connectDevice, provision } from './helpers.ts';

export interface Shop {
  hub: Hub;
  dataDir: string;
  cookies: { admin: string; advisor: string; manager: string };
  /** Call the API; `as` picks whose session cookie rides along (none when omitted). */
  api: <T = unknown>(
    method: string,
    path: string,
    opts?: { as?: keyof Shop['cookies']; body?: unknown },
  ) => Promise<{ status: number; body: T }>;
  sensors: Record<string, { publish: (r: { occupied?: boolean; lift?: string }) => Promise<void> }>;
  stop: () => Promise<void>;
}

export async function openShop(
  opts: { bays?: string[]; env?: Record<string, string>; dataDir?: string } = {},
): Promise<Shop> {
  const bays = opts.bays ?? ['bay-1', 'bay-2'];
  const dataDir = opts.dataDir ?? tempDataDir();
  const creds: Record<string, { username: string; password: string }> = {};
  for (const [i, bay] of bays.entries()) {
    await cli(dataDir, ['bay', 'add', bay, '--name', `${i + 1}号工位`]);
    creds[bay] = (await provision(dataDir, `${bay}-sensor`, 'bay-sensor', bay)).mqtt;
  }
  const hub = await startTestHub({ dataDir, ...(opts.env ? { env: opts.env } : {}) });
  const setupCode = readFileSync(`${dataDir}/setup-code.txt`, 'utf8').trim();
  const setup = await fetch(`${hub.httpUrl}/api/staff/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ setupCode, username: 'admin', displayName: '王店长', password: 'admin password 1' }),
  });
  if (!setup.ok) throw new Error(`setup failed: ${await setup.text()}`);
  const admin = setup.headers.getSetCookie()[0]!.split(';')[0]!;
  await addStaff(dataDir, 'li.advisor', 'advisor', 'advisor password 1');
  await addStaff(dataDir, 'zhao.manager', 'manager', 'manager password 1');
  const cookies = {
    admin,
    advisor: await signIn(hub.httpUrl, 'li.advisor', 'advisor password 1'),
    manager: await signIn(hub.httpUrl, 'zhao.manager', 'manager password 1'),
  };
  const clients: MqttClient[] = [];
  const sensors: Shop['sensors'] = {};
  for (const bay of bays) {
    const client = await connectDevice(hub.mqttUrl, creds[bay]!);
    clients.push(client);
    let seq = 0;
    sensors[bay] = {
      publish: async (r) => {
        seq += 1;
        await client.publishAsync(
          topics.baySensor(bay, `${bay}-sensor`),
          JSON.stringify({ seq, ts: Date.now(), ...r }),
          { qos: 1, retain: true },
        );
      },
    };
  }
  return {
    hub,
    dataDir,
    cookies,
    sensors,
    async api(method, path, o = {}) {
      const res = await fetch(`${hub.httpUrl}${path}`, {
        method,
        headers: {
          ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(o.as ? { cookie: cookies[o.as] } : {}),
        },
        ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as never };
    },
    async stop() {
      await Promise.all(clients.map((c) => c.endAsync(true)));
      await hub.stop();
    },
  };
}

/** A customer's phone on the follow channel: holds the last view and why the hub closed it. */
export class TestPhone {
  view: FollowView | null = null;
  closed: string | null = null;
  refused: string | null = null;
  readonly socket: Socket<FollowServerEvents>;
  constructor(url: string, token: string) {
    this.socket = io(`${url}${FOLLOW_NAMESPACE}`, { transports: ['websocket'], auth: { token }, forceNew: true });
    this.socket.on(FollowEvents.view, (v) => (this.view = v));
    this.socket.on(FollowEvents.closed, (r) => (this.closed = r));
    this.socket.on('connect_error', (e) => (this.refused = e.message));
  }
  async until<T>(pick: (p: TestPhone) => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = pick(this);
      if (v !== undefined && v !== false && v !== null) return v;
      if (Date.now() > end) throw new Error(`the phone did not see it: ${JSON.stringify(this.view)?.slice(0, 400)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  close() {
    this.socket.close();
  }
}

/**
 * The release rules hold a job whose standard's steps no band recorded (these shops have no
 * wristbands): a manager decides each live alert of the job with a reason, on record.
 */
export async function decideAlerts(shop: Shop, jobId: string): Promise<void> {
  const { alerts } = (await shop.api<{ alerts: AlertView[] }>('GET', '/api/alerts', { as: 'manager' })).body;
  for (const a of alerts.filter((x) => x.jobId === jobId && x.blocksRelease))
    await shop.api('POST', `/api/alerts/${a.id}/override`, { as: 'manager', body: { note: 'no wristbands here yet' } });
}
