// TLS on (GLASSBAY_TLS=on): the hub makes its own certificate at first start, keeps the key
// owner-only, serves over HTTPS a client can pin by the certificate's SHA-256 fingerprint, marks the
// staff session cookie Secure, and keeps the same certificate (the same pin) across restarts.
import { request } from 'node:https';
import { readFileSync, statSync } from 'node:fs';
import type { PeerCertificate } from 'node:tls';
import { join } from 'node:path';
import { SocketEvents } from '@glassbay/protocol';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Hub } from '../src/hub.ts';
import { TLS_CERT_FILE, TLS_KEY_FILE, fingerprintOf } from '../src/http/tls.ts';
import { addStaff, scrapeHeaders, startTestHub, tempDataDir } from '../src/testing.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * An HTTPS request that trusts exactly one certificate, the one whose SHA-256 fingerprint is `pin`,
 * checked during the handshake: nothing (a password) is sent to a server that fails the pin.
 */
function pinnedRequest(
  url: string,
  pin: { ca: string; fingerprint256: string },
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: opts.method ?? 'GET',
        headers: opts.headers,
        ca: pin.ca,
        checkServerIdentity: (_host: string, cert: PeerCertificate) =>
          cert.fingerprint256 === pin.fingerprint256
            ? undefined
            : new Error('certificate does not match the pinned fingerprint'),
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('TLS listener with the hub’s own certificate', () => {
  const dataDir = tempDataDir();
  let hub: Hub | undefined;
  afterAll(async () => hub?.stop());

  it('makes a certificate at first start, serves HTTPS pinned by its fingerprint, cookies Secure', async () => {
    await addStaff(dataDir, 'li.advisor', 'advisor', 'advisor password 1');
    hub = await startTestHub({ dataDir, env: { GLASSBAY_TLS: 'on' } });
    expect(hub.httpUrl.startsWith('https://')).toBe(true);

    const ca = readFileSync(join(dataDir, TLS_CERT_FILE), 'utf8');
    const pin = fingerprintOf(ca);
    expect(pin).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(hub.tlsFingerprint256).toBe(pin);
    expect(statSync(join(dataDir, TLS_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'tls')).mode & 0o777).toBe(0o700);

    const health = await pinnedRequest(
      `${hub.httpUrl}/healthz`,
      { ca, fingerprint256: pin },
      { headers: scrapeHeaders() },
    );
    expect(health.status).toBe(200);
    // The installer reads the pin from the staff details of /healthz (and the log, and the console).
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', tls: { on: true, fingerprint256: pin } });

    // A client pinned to another certificate refuses this one.
    const wrong = pin.replace(/^../, pin.startsWith('00') ? '11' : '00');
    await expect(pinnedRequest(`${hub.httpUrl}/healthz`, { ca, fingerprint256: wrong })).rejects.toThrow(
      /pinned fingerprint/,
    );

    const login = await pinnedRequest(
      `${hub.httpUrl}/api/staff/login`,
      { ca, fingerprint256: pin },
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'li.advisor', password: 'advisor password 1' }),
      },
    );
    expect(login.status).toBe(200);
    const cookies = [login.headers['set-cookie'] ?? []].flat();
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) expect(c).toMatch(/;\s*Secure/i);

    // The Secure cookie works: the session is accepted over the same pinned connection.
    const session = cookies.map((c) => c.split(';')[0]).join('; ');
    const me = await pinnedRequest(
      `${hub.httpUrl}/healthz`,
      { ca, fingerprint256: pin },
      { headers: { cookie: session } },
    );
    expect(JSON.parse(me.body)).toMatchObject({ tls: { fingerprint256: pin } });
  });

  it('keeps the same certificate across a restart, so a pinned screen still connects', async () => {
    const before = hub!.tlsFingerprint256!;
    const keyBefore = readFileSync(join(dataDir, TLS_KEY_FILE), 'utf8');
    const ca = readFileSync(join(dataDir, TLS_CERT_FILE), 'utf8');
    await hub!.stop();
    hub = await startTestHub({ dataDir, env: { GLASSBAY_TLS: 'on' } });
    expect(hub.tlsFingerprint256).toBe(before);
    expect(readFileSync(join(dataDir, TLS_KEY_FILE), 'utf8')).toBe(keyBefore);
    expect(statSync(join(dataDir, TLS_KEY_FILE)).mode & 0o777).toBe(0o600);
    const health = await pinnedRequest(`${hub.httpUrl}/healthz`, { ca, fingerprint256: before });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });

    // A board's live feed rides the same TLS listener (wss), trusting only the pinned certificate.
    const board = io(hub.httpUrl, {
      ...{ transports: ['websocket'], auth: { audience: 'public' }, forceNew: true, reconnection: false },
      ca,
      checkServerIdentity: (_host: string, cert: PeerCertificate) =>
        cert.fingerprint256 === before ? undefined : new Error('not the pinned certificate'),
    } as Parameters<typeof io>[1]);
    try {
      const snapshot = await new Promise<unknown>((resolve, reject) => {
        board.once(SocketEvents.snapshot, resolve);
        board.once('connect_error', reject);
      });
      expect(snapshot).toMatchObject({ rev: expect.any(Number) });
    } finally {
      board.close();
    }
  });
});
