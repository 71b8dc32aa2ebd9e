// Abuse: staff sign-in. Parallel guesses must be counted before the slow hash (the count cannot be
// raced); a stranger must not be able to lock an account against its owner's right password from
// elsewhere; unknown usernames answer exactly like known ones; failures are listed for admins; and
// a flood of bogus sign-ins must not hold up a device's MQTT authentication.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../src/hub.ts';
import { addStaff, cli, signIn, startTestHub, tempDataDir } from '../src/testing.ts';
import { connectDevice, provision } from './helpers.ts';

interface Reply {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/** A sign-in from a given loopback address: each address is another source, as another machine is. */
function loginFrom(url: string, from: string, username: string, password: string): Promise<Reply> {
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/staff/login`,
      {
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as Reply['body'] }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const tally = (rs: Reply[]) => {
  const out: Record<string, number> = {};
  for (const r of rs)
    out[`${r.status} ${r.body.error?.code ?? 'OK'}`] = (out[`${r.status} ${r.body.error?.code ?? 'OK'}`] ?? 0) + 1;
  return out;
};

describe('abuse: staff sign-in', () => {
  let hub: Hub;
  let creds: { username: string; password: string };
  let tried = 0;
  const dataDir = tempDataDir();

  beforeAll(async () => {
    await cli(dataDir, ['bay', 'add', 'bay-9', '--name', '9号工位']);
    creds = (await provision(dataDir, 'bay9-lift', 'bay-sensor', 'bay-9')).mqtt;
    await addStaff(dataDir, 'wang.admin', 'admin', 'admin password 1');
    await addStaff(dataDir, 'li.advisor', 'advisor', 'advisor password 1');
    hub = await startTestHub({ dataDir });
  });
  afterAll(async () => hub?.stop());

  it('counts 160 parallel guesses before hashing: only the free few are tried, the rest slowed', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 160 }, (_, i) => loginFrom(hub.httpUrl, '127.0.0.2', 'li.advisor', `guess number ${i}`)),
    );
    const t = tally(guesses);
    tried = t['401 INVALID_CREDENTIALS'] ?? 0;
    // Five free, then one more each time a delay (2 s, then 4 s) has passed on a slow machine.
    expect(tried).toBeLessThanOrEqual(7);
    expect(t['429 LOGIN_SLOWED']).toBe(160 - tried);
  });

  it("lets the owner in with the right password from elsewhere: a stranger's guesses lock nothing", async () => {
    for (let i = 0; i < 6; i++) await loginFrom(hub.httpUrl, '127.0.0.6', 'li.advisor', `one by one ${i}`);
    const owner = await loginFrom(hub.httpUrl, '127.0.0.3', 'li.advisor', 'advisor password 1');
    expect(owner.status).toBe(200);
  });

  it('answers an unknown username exactly like a known one, slowed alike', async () => {
    const known = await Promise.all(
      Array.from({ length: 40 }, (_, i) => loginFrom(hub.httpUrl, '127.0.0.4', 'wang.admin', `wrong guess ${i}`)),
    );
    const unknown = await Promise.all(
      Array.from({ length: 40 }, (_, i) => loginFrom(hub.httpUrl, '127.0.0.5', 'no.such.user', `wrong guess ${i}`)),
    );
    expect(tally(unknown)).toEqual(tally(known));
    const body = (rs: Reply[], status: number) => rs.find((r) => r.status === status)!.body;
    expect(body(unknown, 401)).toEqual(body(known, 401));
    expect(body(unknown, 429).error!.code).toBe(body(known, 429).error!.code);
  });

  it('lists failed sign-ins for admins only', async () => {
    const admin = await signIn(hub.httpUrl, 'wang.admin', 'admin password 1');
    const advisor = await signIn(hub.httpUrl, 'li.advisor', 'advisor password 1');
    const get = (cookie: string) => fetch(`${hub.httpUrl}/api/staff/login-failures`, { headers: { cookie } });
    expect((await get(advisor)).status).toBe(403);
    const list = (await (await get(admin)).json()) as {
      failures: { at: number; username: string; source: string; reason: string }[];
    };
    const fromStranger = list.failures.filter((f) => f.username === 'li.advisor' && f.source === '127.0.0.2');
    expect(fromStranger.filter((f) => f.reason === 'wrong-password')).toHaveLength(tried);
    expect(fromStranger.filter((f) => f.reason === 'slowed').length).toBeGreaterThan(100);
    expect(list.failures.some((f) => f.username === 'no.such.user' && f.reason === 'unknown-user')).toBe(true);
    expect(list.failures.some((f) => f.reason === 'slowed')).toBe(true);
  });

  it('answers guesses at many names from one address alike once the address is slowed, each on the list', async () => {
    // Names that each try once: only the per-address rule (10 free) slows them. Past it the address
    // is answered from memory (no transaction per guess), exactly as the database would answer it.
    const replies: Reply[] = [];
    for (let i = 0; i < 20; i++) replies.push(await loginFrom(hub.httpUrl, '127.0.0.7', `guess.${i}`, 'not it'));
    const t = tally(replies);
    expect(t['401 INVALID_CREDENTIALS']).toBe(10);
    expect(t['429 LOGIN_SLOWED']).toBe(10);
    expect(replies.slice(10).every((r) => /try again in \d+ s/.test(r.body.error!.message))).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    const admin = await signIn(hub.httpUrl, 'wang.admin', 'admin password 1');
    const list = (await (
      await fetch(`${hub.httpUrl}/api/staff/login-failures`, { headers: { cookie: admin } })
    ).json()) as { failures: { username: string; source: string; reason: string }[] };
    const fromAddress = list.failures.filter((f) => f.source === '127.0.0.7');
    expect(fromAddress.filter((f) => f.reason === 'unknown-user')).toHaveLength(10);
    expect(fromAddress.filter((f) => f.reason === 'slowed')).toHaveLength(10);
  });

  it("does not make a device's MQTT sign-in wait behind a flood of bogus staff sign-ins", async () => {
    // 300 bogus sign-ins from 30 sources, each under its own limit: all of them reach the hash.
    let answeredBeforeDevice = 0;
    let deviceIn = false;
    const flood = Array.from({ length: 300 }, (_, i) =>
      loginFrom(hub.httpUrl, `127.0.1.${10 + (i % 30)}`, `bogus.${i}`, 'not the password').then((r) => {
        if (!deviceIn && r.status === 401) answeredBeforeDevice++;
        return r;
      }),
    );
    await new Promise((r) => setTimeout(r, 50));
    const device = await connectDevice(hub.mqttUrl, creds, { connectTimeout: 60_000 });
    deviceIn = true;
    const replies = await Promise.all(flood);
    await device.endAsync();
    const hashed = replies.filter((r) => r.status === 401).length;
    // The device got its turn at once, not after the hashes queued ahead of it.
    expect(answeredBeforeDevice).toBeLessThan(Math.max(10, hashed / 4));
  });
});
