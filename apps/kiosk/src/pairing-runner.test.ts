// The pairing runner against a small stand-in hub over real HTTP on 127.0.0.1, with the store in a
// temporary folder. The stand-in implements kioskRoutes the way the contract describes them.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  SCREEN_CREDENTIAL_HEADER,
  SCREEN_PAIRING_SECRET_HEADER,
  SCREEN_REVOKED_CODE,
  ScreenPairingRequestSchema,
  kioskRoutes,
  type ScreenIdentity,
} from '@glassbay/protocol';
import { memoryLog } from './log.ts';
import { httpPairingClient } from './pairing-client.ts';
import { PAIRING_INTERVALS, createPairingRunner } from './pairing-runner.ts';
import { PAIRING_FILE_NAME, filePairingStore } from './pairing-store.ts';
import type { PairingState } from './pairing.ts';
import { manualTimers } from './testing.ts';

interface StandInHub {
  origin: string;
  requests: { code: string; role: string }[];
  approve(code: string, screen: ScreenIdentity, credential: string): void;
  revoked: Set<string>;
  pairingRoutesMissing: boolean;
  close(): Promise<void>;
}

async function standInHub(): Promise<StandInHub> {
  const approvals = new Map<string, { screen: ScreenIdentity; credential: string }>();
  // As the hub: a code answers only to the secret it was announced with.
  const secrets = new Map<string, string>();
  const screens = new Map<string, ScreenIdentity>();
  const hub = {
    origin: '',
    requests: [] as { code: string; role: string }[],
    revoked: new Set<string>(),
    pairingRoutesMissing: false,
    approve(code: string, screen: ScreenIdentity, credential: string) {
      approvals.set(code, { screen, credential });
      screens.set(credential, screen);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (hub.pairingRoutesMissing) return send(404, { error: { code: 'NOT_FOUND', message: 'no route' } });
      if (req.method === 'POST' && url.pathname === kioskRoutes.requestScreenPairing.path) {
        const body = ScreenPairingRequestSchema.parse(JSON.parse(raw));
        hub.requests.push({ code: body.code, role: body.role });
        secrets.set(body.code, body.secret);
        return send(202, { status: 'waiting', expiresAt: Date.now() + 600_000 });
      }
      const code = /^\/api\/screens\/pairing\/([A-Z0-9]+)$/.exec(url.pathname)?.[1];
      if (req.method === 'GET' && code) {
        if (!secrets.has(code) || req.headers[SCREEN_PAIRING_SECRET_HEADER] !== secrets.get(code))
          return send(200, { status: 'expired' });
        const approval = approvals.get(code);
        if (!approval) return send(200, { status: 'waiting', expiresAt: Date.now() + 600_000 });
        approvals.delete(code); // handed out once
        return send(200, { status: 'approved', ...approval });
      }
      if (req.method === 'GET' && url.pathname === kioskRoutes.getScreenSelf.path) {
        const credential = String(req.headers[SCREEN_CREDENTIAL_HEADER] ?? '');
        if (hub.revoked.has(credential)) {
          return send(401, {
            error: { code: SCREEN_REVOKED_CODE, message: 'This screen was removed in the console.' },
          });
        }
        const screen = screens.get(credential);
        return screen ? send(200, screen) : send(401, { error: { code: 'UNAUTHORIZED', message: 'unknown' } });
      }
      send(404, { error: { code: 'NOT_FOUND', message: 'no route' } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  hub.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return hub;
}

const screen: ScreenIdentity = { id: 'scr-queue-1', name: 'Queue TV by the door', role: 'queue-board' };
const credential = 'k'.repeat(40);

let dir: string;
let hub: StandInHub;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glassbay-kiosk-'));
  hub = await standInHub();
});
afterEach(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

function runner() {
  const timers = manualTimers(Date.now());
  const log = memoryLog();
  const changes: [PairingState['state'], PairingState['state']][] = [];
  const r = createPairingRunner({
    store: filePairingStore(dir, log),
    client: httpPairingClient(hub.origin),
    role: 'check-in',
    shellVersion: '0.1.0',
    randomBytes: (n) => Uint8Array.from({ length: n }, (_, i) => (i * 7) % 250),
    now: timers.now,
    timers,
    log,
    onChange: (next, prev) => changes.push([prev.state, next.state]),
  });
  /** Fire the next timer and wait for the HTTP exchange it starts to settle into a new timer. */
  const step = async () => {
    const before = timers.pending().length;
    expect(before).toBeGreaterThan(0);
    timers.advance(timers.pending()[0]!.ms);
    await vi.waitFor(() => expect(timers.pending().length).toBeGreaterThan(0), { timeout: 5_000 });
  };
  return { r, timers, log, changes, step };
}

describe('pairing against the hub', () => {
  it('shows a code, becomes paired when staff approve it, and keeps the credential on disk', async () => {
    const { r, step, changes, timers } = runner();
    r.start();
    await step(); // announce the code
    const shown = r.state();
    expect(shown.state).toBe('showing-code');
    const code = shown.state === 'showing-code' ? shown.code : '';
    expect(hub.requests).toEqual([{ code, role: 'check-in' }]);
    expect(timers.pending()[0]!.ms).toBe(PAIRING_INTERVALS.pollMs);

    await step(); // staff have not approved yet
    expect(r.state().state).toBe('showing-code');

    hub.approve(code, screen, credential);
    await step();
    expect(r.state()).toMatchObject({ state: 'paired', screen, credential });
    expect(changes).toEqual([
      ['unpaired', 'showing-code'],
      ['showing-code', 'paired'],
    ]);
    const file = join(dir, PAIRING_FILE_NAME);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ screen, credential });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    r.stop();
  });

  it('comes back paired after a restart and goes back to a code when revoked in the console', async () => {
    writeFileSync(join(dir, PAIRING_FILE_NAME), JSON.stringify({ screen, credential, pairedAt: 1 }));
    hub.approve('UNUSED', screen, credential); // the hub knows this credential
    const { r, step, timers } = runner();
    r.start();
    expect(r.state()).toMatchObject({ state: 'paired', screen });
    await step(); // self-check passes
    expect(r.state().state).toBe('paired');
    expect(timers.pending()[0]!.ms).toBe(PAIRING_INTERVALS.selfCheckMs);

    hub.revoked.add(credential);
    await step(); // self-check: revoked → forget, ask for a new code
    await step(); // the new code is announced
    expect(r.state().state).toBe('showing-code');
    expect(() => readFileSync(join(dir, PAIRING_FILE_NAME))).toThrow();
    expect(hub.requests).toHaveLength(1);
    r.stop();
  });

  it('follows a rename or a new role from the console when asked to check now', async () => {
    writeFileSync(join(dir, PAIRING_FILE_NAME), JSON.stringify({ screen, credential, pairedAt: 1 }));
    hub.approve('UNUSED', screen, credential);
    const { r, step, changes } = runner();
    r.start();
    await step();
    hub.approve('UNUSED', { ...screen, role: 'bay-board' }, credential); // re-roled in the console
    await r.checkNow();
    expect(r.state()).toMatchObject({ state: 'paired', screen: { role: 'bay-board' } });
    expect(changes.at(-1)).toEqual(['paired', 'paired']);
    expect(JSON.parse(readFileSync(join(dir, PAIRING_FILE_NAME), 'utf8'))).toMatchObject({
      screen: { role: 'bay-board' },
      credential,
    });
    r.stop();
  });

  it('stays paired when the hub is merely unreachable', async () => {
    writeFileSync(join(dir, PAIRING_FILE_NAME), JSON.stringify({ screen, credential, pairedAt: 1 }));
    const { r, step, log, timers } = runner();
    await hub.close();
    r.start();
    await step();
    expect(r.state().state).toBe('paired');
    expect(timers.pending()[0]!.ms).toBe(PAIRING_INTERVALS.retryMs);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        msg: 'pairing: hub not ready',
        fields: expect.objectContaining({ code: 'HUB_UNREACHABLE' }),
      }),
    );
    r.stop();
    hub = await standInHub(); // for afterEach
  });

  it('asks an older hub without pairing again only rarely', async () => {
    hub.pairingRoutesMissing = true;
    const { r, step, timers, log } = runner();
    r.start();
    await step();
    expect(r.state().state).toBe('unpaired');
    expect(timers.pending()[0]!.ms).toBe(PAIRING_INTERVALS.unsupportedRetryMs);
    expect(log.lines.at(-1)?.fields).toMatchObject({ code: 'PAIRING_UNSUPPORTED' });
    r.stop();
  });

  it('starts over with a damaged pairing file instead of failing to start', async () => {
    writeFileSync(join(dir, PAIRING_FILE_NAME), '{ "screen": ');
    const { r, step, log } = runner();
    r.start();
    await step();
    expect(r.state().state).toBe('showing-code');
    expect(log.lines[0]).toMatchObject({ level: 'warn', msg: expect.stringContaining('unreadable pairing file') });
    r.stop();
  });
});
