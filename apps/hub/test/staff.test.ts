// Staff sign-in against a real hub: first-admin setup, roles, slowed guessing, sessions on the socket.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../src/hub.ts';
import { addStaff, cli, signIn, startTestHub, tempDataDir } from '../src/testing.ts';
import { TestScreen, provision } from './helpers.ts';

const post = (url: string, body: unknown, cookie?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });

describe('staff sign-in', () => {
  let hub: Hub;
  const dataDir = tempDataDir();
  beforeAll(async () => {
    await cli(dataDir, ['bay', 'add', 'bay-1', '--name', 'Bay 1']);
    await provision(dataDir, 'bay-1-sensor', 'bay-sensor', 'bay-1');
    hub = await startTestHub({ dataDir });
  });
  afterAll(async () => hub?.stop());

  it('creates the first admin only with the one-time setup code, never a default password', async () => {
    expect(await (await fetch(`${hub.httpUrl}/api/staff/setup`)).json()).toEqual({ needed: true });
    const code = readFileSync(`${dataDir}/setup-code.txt`, 'utf8').trim();
    const admin = { username: 'wang.admin', displayName: '王经理', password: 'correct horse battery' };
    const wrong = await post(`${hub.httpUrl}/api/staff/setup`, { ...admin, setupCode: 'AAAAAAAAAAAA' });
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('SETUP_CODE_WRONG');

    const ok = await post(`${hub.httpUrl}/api/staff/setup`, { ...admin, setupCode: code });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^glassbay_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(((await ok.json()) as { user: { role: string } }).user.role).toBe('admin');

    const again = await post(`${hub.httpUrl}/api/staff/setup`, { ...admin, username: 'intruder', setupCode: code });
    expect(again.status).toBe(409);
    expect(await (await fetch(`${hub.httpUrl}/api/staff/setup`)).json()).toEqual({ needed: false });
  });

  it('refuses staff operations without a session and with too small a role', async () => {
    const anon = await fetch(`${hub.httpUrl}/api/staff/me`);
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as { error: { code: string } }).error.code).toBe('STAFF_LOGIN_REQUIRED');

    await addStaff(dataDir, 'li.advisor', 'advisor', 'advisor password 1');
    const advisor = await signIn(hub.httpUrl, 'li.advisor', 'advisor password 1');
    expect((await fetch(`${hub.httpUrl}/api/staff/me`, { headers: { cookie: advisor } })).status).toBe(200);
    const forbidden = await fetch(`${hub.httpUrl}/api/staff/users`, { headers: { cookie: advisor } });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { message: string } }).error.message).toMatch(/needs the admin role/);
    const forged = await fetch(`${hub.httpUrl}/api/staff/me`, { headers: { cookie: 'glassbay_session=forged-token' } });
    expect(forged.status).toBe(401);
  });

  it('slows down repeated wrong passwords with a growing delay that says when to try again', async () => {
    await addStaff(dataDir, 'zhao.manager', 'manager', 'manager password 1');
    for (let i = 0; i < 5; i++)
      expect(
        (await post(`${hub.httpUrl}/api/staff/login`, { username: 'zhao.manager', password: `guess ${i}` })).status,
      ).toBe(401);
    const sixth = await post(`${hub.httpUrl}/api/staff/login`, { username: 'zhao.manager', password: 'guess 5' });
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await sixth.json()) as { error: { message: string } }).error.message).toMatch(/try again in \d+ s/);
  });

  it('gives a signed-in screen the staff view, and takes it away at sign-out', async () => {
    const cookie = await signIn(hub.httpUrl, 'li.advisor', 'advisor password 1');
    const staff = new TestScreen(hub.httpUrl, 'staff', { cookie });
    const devices = await staff.until((s) => Object.keys(s.devices).length > 0 && s.devices);
    expect(devices['bay-1-sensor']).toMatchObject({ kind: 'bay-sensor', bayId: 'bay-1' });
    const pub = new TestScreen(hub.httpUrl);
    await pub.until((s) => s.bays['bay-1']);
    expect(pub.state!.devices).toEqual({});

    const disconnected = new Promise<string>((r) => staff.socket.once('disconnect', r));
    expect((await post(`${hub.httpUrl}/api/staff/logout`, {}, cookie)).status).toBe(200);
    expect(await disconnected).toBe('io server disconnect');
    expect((await fetch(`${hub.httpUrl}/api/staff/me`, { headers: { cookie } })).status).toBe(401);
    staff.close();
    pub.close();
  });
});
