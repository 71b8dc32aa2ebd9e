// Screen pairing and the fleet against a real hub: a screen announces a code over HTTP, a manager
// approves it, the screen collects its credential once, connects to the fleet namespace with it,
// reports its health, obeys commands, and is refused once removed.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import {
  FLEET_NAMESPACE,
  FleetEvents,
  SCREEN_CREDENTIAL_HEADER,
  SCREEN_PAIRING_SECRET_HEADER,
  generatePairingSecret,
  type FleetClientEvents,
  type FleetServerEvents,
  type FleetView,
  type ScreenCommand,
  type ScreenHealth,
  type ScreenPairingStatus,
} from '@glassbay/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../src/hub.ts';
import { addStaff, signIn, startTestHub, tempDataDir } from '../src/testing.ts';

type FleetSocket = Socket<FleetServerEvents, FleetClientEvents>;

const json = async <T>(res: Response) => (await res.json()) as T;
const errorCode = async (res: Response) => (await json<{ error: { code: string } }>(res)).error.code;

function api(base: string, cookie?: string) {
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  return call;
}

function fleetSocket(
  url: string,
  opts: { headers?: Record<string, string>; auth?: Record<string, unknown> },
): FleetSocket {
  return io(`${url}${FLEET_NAMESPACE}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: opts.headers ?? {},
    auth: opts.auth ?? {},
  });
}

/** Resolves when the socket connects, rejects with the hub's refusal code. */
const connected = (s: FleetSocket) =>
  new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', (err) => reject(err));
  });

/** The next fleet view that satisfies `pick`. */
function nextView(s: FleetSocket, pick: (v: FleetView) => boolean, timeoutMs = 5000): Promise<FleetView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching fleet view arrived')), timeoutMs);
    const on = (v: FleetView) => {
      if (!pick(v)) return;
      clearTimeout(timer);
      s.off(FleetEvents.view, on);
      resolve(v);
    };
    s.on(FleetEvents.view, on);
  });
}

const nextCommand = (s: FleetSocket) =>
  new Promise<ScreenCommand>((resolve) => s.once(FleetEvents.command, (c) => resolve(c)));

const health = (over: Partial<ScreenHealth> = {}): ScreenHealth => ({
  appVersion: '0.1.0',
  shellVersion: '0.1.0',
  uptimeSec: 42,
  memoryMb: 31.5,
  shell: { uptimeSec: 3600, memoryMb: 210, lastCrash: { at: 1_700_000_000_000, reason: 'renderer crashed' } },
  path: '/lounge',
  connected: true,
  ...over,
});

describe('screen pairing and the fleet', () => {
  let hub: Hub;
  const dataDir = tempDataDir();
  let manager: ReturnType<typeof api>;
  let advisor: ReturnType<typeof api>;
  let screen: ReturnType<typeof api>;
  let managerCookie = '';
  const sockets: FleetSocket[] = [];
  const track = (s: FleetSocket) => (sockets.push(s), s);

  beforeAll(async () => {
    hub = await startTestHub({ dataDir });
    await addStaff(dataDir, 'zhao.manager', 'manager', 'manager password 1');
    await addStaff(dataDir, 'li.advisor', 'advisor', 'advisor password 1');
    managerCookie = await signIn(hub.httpUrl, 'zhao.manager', 'manager password 1');
    manager = api(hub.httpUrl, managerCookie);
    advisor = api(hub.httpUrl, await signIn(hub.httpUrl, 'li.advisor', 'advisor password 1'));
    screen = api(hub.httpUrl);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await hub?.stop();
  });

  /** What a screen sends: its code with the secret it keeps for it, and polls with the same secret. */
  const secretOf = (code: string) => generatePairingSecret(() => new TextEncoder().encode(code.repeat(6).slice(0, 32)));
  const announce = (code: string, role = 'queue-board', secret = secretOf(code)) =>
    screen('POST', '/api/screens/pairing', { code, secret, role, shellVersion: '0.1.0' });
  const poll = (code: string, secret: string | null = secretOf(code)) =>
    screen('GET', `/api/screens/pairing/${code}`, undefined, secret ? { [SCREEN_PAIRING_SECRET_HEADER]: secret } : {});

  async function pair(code: string, name: string, role = 'lounge-board') {
    expect((await announce(code)).status).toBe(200);
    expect((await manager('POST', `/api/screens/pairing/${code}/approve`, { name, role })).status).toBe(200);
    const collected = await json<ScreenPairingStatus>(await poll(code));
    if (collected.status !== 'approved') throw new Error(`expected approval, got ${collected.status}`);
    return collected;
  }

  it('pairs a screen: code announced, approved by a manager with a name and role, credential collected once', async () => {
    expect(await json(await announce('AC4D7K'))).toMatchObject({ status: 'waiting' });
    expect(await json(await poll('AC4D7K'))).toMatchObject({ status: 'waiting' });

    // The console lists the waiting code, with where it came from; advisors may not see the fleet.
    const view = await json<FleetView>(await manager('GET', '/api/screens'));
    expect(view.pending).toEqual([
      expect.objectContaining({ code: 'AC4D7K', requestedRole: 'queue-board', address: '127.0.0.1' }),
    ]);
    expect((await advisor('GET', '/api/screens')).status).toBe(403);
    expect(
      (await advisor('POST', '/api/screens/pairing/AC4D7K/approve', { name: 'X', role: 'bay-board' })).status,
    ).toBe(403);

    // Typed in lower case from the screen across the room: still the same code.
    const approved = await manager('POST', '/api/screens/pairing/ac4d7k/approve', {
      name: 'Queue TV by the door',
      role: 'lounge-board',
    });
    expect(approved.status).toBe(200);
    expect(await json(approved)).toMatchObject({
      name: 'Queue TV by the door',
      role: 'lounge-board',
      credentialCollected: false,
    });

    // Someone in the lounge read the code off the screen: without the screen's secret they get nothing,
    // and cannot announce the code as their own either.
    expect(await json(await poll('AC4D7K', null))).toEqual({ status: 'expired' });
    expect(await json(await poll('AC4D7K', secretOf('QRTUVW')))).toEqual({ status: 'expired' });
    const squat = await announce('AC4D7K', 'queue-board', secretOf('QRTUVW'));
    expect(squat.status).toBe(409);
    expect(await errorCode(squat)).toBe('PAIRING_CODE_IN_USE');

    const first = await json<ScreenPairingStatus>(await poll('AC4D7K'));
    expect(first).toMatchObject({ status: 'approved', screen: { name: 'Queue TV by the door', role: 'lounge-board' } });
    // Once only: whoever asks next learns nothing.
    expect(await json(await poll('AC4D7K'))).toEqual({ status: 'expired' });
    if (first.status !== 'approved') return;

    const collected = (await json<FleetView>(await manager('GET', '/api/screens'))).screens[0]!.lastSeenAt!;
    await new Promise((r) => setTimeout(r, 20));
    const self = await screen('GET', '/api/screens/self', undefined, { [SCREEN_CREDENTIAL_HEADER]: first.credential });
    expect(await json(self)).toEqual(first.screen);
    const after = await json<FleetView>(await manager('GET', '/api/screens'));
    expect(after.pending).toEqual([]);
    expect(after.screens).toEqual([
      expect.objectContaining({ id: first.screen.id, credentialCollected: true, online: false }),
    ]);
    // The shell's self-check counts as a sign of life: the console sees when and from where.
    expect(after.screens[0]!.lastSeenAt).toBeGreaterThan(collected);

    // The hub keeps only a hash of the credential.
    const db = new Database(join(dataDir, 'glassbay.db'), { readonly: true });
    const rows = db.prepare('SELECT * FROM screens').all();
    db.close();
    expect(JSON.stringify(rows)).not.toContain(first.credential);
  });

  it('documents the pairing and fleet operations in the OpenAPI document, with who may call them', async () => {
    const doc = await json<{ paths: Record<string, Record<string, { 'x-glassbay-access': string }>> }>(
      await fetch(`${hub.httpUrl}/api/openapi.json`),
    );
    expect(doc.paths['/api/screens/pairing']?.post?.['x-glassbay-access']).toBe('public');
    expect(doc.paths['/api/screens/pairing/{code}/approve']?.post?.['x-glassbay-access']).toBe('manager');
    expect(doc.paths['/api/screens/{screenId}']?.delete?.['x-glassbay-access']).toBe('manager');
  });

  it('refuses bad codes, mistyped approvals and a second screen of the same name, each with a reason', async () => {
    const bad = await announce('ABC0O1', 'bay-board');
    expect(bad.status).toBe(400);
    expect(await errorCode(bad)).toBe('VALIDATION_FAILED');
    const unknown = await manager('POST', '/api/screens/pairing/XXXXXX/approve', { name: 'Bay TV', role: 'bay-board' });
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe('PAIRING_CODE_UNKNOWN');

    await announce('KMNPQR', 'bay-board');
    const clash = await manager('POST', '/api/screens/pairing/KMNPQR/approve', {
      name: 'queue tv by the door',
      role: 'bay-board',
    });
    expect(clash.status).toBe(409);
    expect(await errorCode(clash)).toBe('SCREEN_NAME_TAKEN');
    expect((await manager('DELETE', '/api/screens/pairing/KMNPQR')).status).toBe(200);
    expect(await json(await poll('KMNPQR'))).toEqual({ status: 'expired' });

    const noCredential = await screen('GET', '/api/screens/self');
    expect(await errorCode(noCredential)).toBe('SCREEN_CREDENTIAL_REQUIRED');
    const forged = await screen('GET', '/api/screens/self', undefined, { [SCREEN_CREDENTIAL_HEADER]: 'x'.repeat(43) });
    expect(forged.status).toBe(401);
    expect(await errorCode(forged)).toBe('SCREEN_REVOKED');
  });

  it('shows a screen online with its health, re-roles, reloads and photographs it, and revokes it', async () => {
    const paired = await pair('T3W9HX', 'Lounge TV 2');
    if (paired.status !== 'approved') return;
    const staff = track(fleetSocket(hub.httpUrl, { headers: { cookie: managerCookie }, auth: { audience: 'staff' } }));
    await connected(staff);

    // The shell sends the credential as a header; the page never sees it.
    const tv = track(fleetSocket(hub.httpUrl, { headers: { [SCREEN_CREDENTIAL_HEADER]: paired.credential } }));
    const online = nextView(staff, (v) => v.screens.some((s) => s.id === paired.screen.id && s.online));
    await connected(tv);
    expect((await online).screens.find((s) => s.id === paired.screen.id)?.address).toBe('127.0.0.1');

    const reported = nextView(staff, (v) => v.screens.some((s) => s.id === paired.screen.id && s.health !== null));
    tv.emit(FleetEvents.health, health());
    const withHealth = (await reported).screens.find((s) => s.id === paired.screen.id)!;
    expect(withHealth.health).toEqual(health());
    expect(withHealth.healthAt).toEqual(expect.any(Number));

    // Re-role: the screen hears its new identity at once.
    const identity = nextCommand(tv);
    const patched = await manager('PATCH', `/api/screens/${paired.screen.id}`, { role: 'bay-board' });
    expect(await json(patched)).toMatchObject({ role: 'bay-board', name: 'Lounge TV 2' });
    expect(await identity).toEqual({ type: 'identity', screen: { ...paired.screen, role: 'bay-board' } });

    const reload = nextCommand(tv);
    expect(await json(await manager('POST', `/api/screens/${paired.screen.id}/reload`))).toEqual({ delivered: true });
    expect(await reload).toEqual({ type: 'reload' });

    const ask = nextCommand(tv);
    const { requestId } = await json<{ requestId: string }>(
      await manager('POST', `/api/screens/${paired.screen.id}/screenshot`),
    );
    expect(await ask).toEqual({ type: 'screenshot', requestId });
    const dataUrl = `data:image/jpeg;base64,${Buffer.from('not really a jpeg').toString('base64')}`;
    const shot = nextView(staff, (v) => v.screens.some((s) => s.id === paired.screen.id && s.screenshot !== null));
    tv.emit(FleetEvents.screenshot, { requestId: 'not-asked-for', dataUrl: 'data:image/jpeg;base64,AAAA' });
    tv.emit(FleetEvents.screenshot, { requestId, dataUrl });
    expect((await shot).screens.find((s) => s.id === paired.screen.id)?.screenshot).toEqual({
      at: expect.any(Number),
      error: null,
    });
    expect(await json(await manager('GET', `/api/screens/${paired.screen.id}/screenshot`))).toEqual({
      at: expect.any(Number),
      dataUrl,
    });

    // Removed in the console: told so, dropped from the fleet, refused from then on.
    const revoked = nextCommand(tv);
    const gone = new Promise<string>((resolve) => tv.once('disconnect', (reason) => resolve(reason)));
    expect((await manager('DELETE', `/api/screens/${paired.screen.id}`)).status).toBe(200);
    expect(await revoked).toEqual({ type: 'revoked' });
    expect(await gone).toBe('io server disconnect');
    const self = await screen('GET', '/api/screens/self', undefined, { [SCREEN_CREDENTIAL_HEADER]: paired.credential });
    expect(await errorCode(self)).toBe('SCREEN_REVOKED');
    const again = track(fleetSocket(hub.httpUrl, { headers: { [SCREEN_CREDENTIAL_HEADER]: paired.credential } }));
    await expect(connected(again)).rejects.toThrow('SCREEN_REVOKED');
    expect((await json<FleetView>(await manager('GET', '/api/screens'))).screens.map((s) => s.id)).not.toContain(
      paired.screen.id,
    );
  });

  it('lets a plain browser screen use its credential in the handshake, and keeps the fleet from others', async () => {
    const paired = await pair('HJ4K6M', 'Check-in kiosk', 'check-in');
    if (paired.status !== 'approved') return;
    const browser = track(fleetSocket(hub.httpUrl, { auth: { credential: paired.credential } }));
    await connected(browser);
    // A malformed report is dropped, not stored.
    browser.emit(FleetEvents.health, { appVersion: 7 } as unknown as ScreenHealth);
    browser.emit(FleetEvents.health, health({ shellVersion: null, shell: null, path: '/checkin' }));
    await expect
      .poll(
        async () =>
          (await json<FleetView>(await manager('GET', '/api/screens'))).screens.find((s) => s.id === paired.screen.id)
            ?.health?.path,
      )
      .toBe('/checkin');

    const nobody = track(fleetSocket(hub.httpUrl, {}));
    await expect(connected(nobody)).rejects.toThrow('SCREEN_CREDENTIAL_REQUIRED');
    const anonymousStaff = track(fleetSocket(hub.httpUrl, { auth: { audience: 'staff' } }));
    await expect(connected(anonymousStaff)).rejects.toThrow('STAFF_LOGIN_REQUIRED');
    const advisorCookie = await signIn(hub.httpUrl, 'li.advisor', 'advisor password 1');
    const advisorSocket = track(
      fleetSocket(hub.httpUrl, { headers: { cookie: advisorCookie }, auth: { audience: 'staff' } }),
    );
    await expect(connected(advisorSocket)).rejects.toThrow('ROLE_REQUIRED');
  });

  it('keeps paired screens and their last health across a hub restart', async () => {
    const paired = await pair('VWXY47', 'Bay board west', 'bay-board');
    if (paired.status !== 'approved') return;
    const tv = track(fleetSocket(hub.httpUrl, { headers: { [SCREEN_CREDENTIAL_HEADER]: paired.credential } }));
    await connected(tv);
    tv.emit(FleetEvents.health, health({ path: '/bays' }));
    await expect
      .poll(
        async () =>
          (await json<FleetView>(await manager('GET', '/api/screens'))).screens.find((s) => s.id === paired.screen.id)
            ?.health?.path,
      )
      .toBe('/bays');
    tv.close();

    await hub.stop();
    hub = await startTestHub({ dataDir });
    const restarted = api(hub.httpUrl);
    const self = await restarted('GET', '/api/screens/self', undefined, {
      [SCREEN_CREDENTIAL_HEADER]: paired.credential,
    });
    expect(await json(self)).toEqual(paired.screen);
    const cookie = await signIn(hub.httpUrl, 'zhao.manager', 'manager password 1');
    const view = await json<FleetView>(await api(hub.httpUrl, cookie)('GET', '/api/screens'));
    expect(view.screens.find((s) => s.id === paired.screen.id)).toMatchObject({
      online: false,
      health: { path: '/bays' },
      lastSeenAt: expect.any(Number),
    });
  });
});
