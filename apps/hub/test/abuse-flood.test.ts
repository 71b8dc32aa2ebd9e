// Abuse: floods at the public doors. One anonymous socket asking for snapshots thousands of times,
// one machine opening socket after socket, check-ins in a burst, and pairing announcements that fill
// the waiting list: each is limited per source, and real screens and customers keep working.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { SocketEvents } from '@glassbay/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../src/hub.ts';
import { cli, startTestHub, tempDataDir } from '../src/testing.ts';
import { TestScreen, sleep } from './helpers.ts';
import { walkIn } from './queue-helpers.ts';

function postFrom(url: string, from: string, body: unknown): Promise<{ status: number; code?: string }> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      (res) => {
        let out = '';
        res.on('data', (d: Buffer) => (out += d.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode!, code: (JSON.parse(out) as { error?: { code: string } }).error?.code }),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** A public socket from a given loopback address; resolves with whether the hub let it in. */
function socketFrom(url: string, from: string) {
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    agent: new Agent({ localAddress: from }) as never,
  });
  const admitted = new Promise<boolean>((resolve) => {
    socket.on('connect', () => resolve(true));
    socket.on('connect_error', () => resolve(false));
  });
  return { socket, admitted };
}

describe('abuse: floods', () => {
  let hub: Hub;
  const dataDir = tempDataDir();

  beforeAll(async () => {
    await cli(dataDir, ['bay', 'add', 'bay-1', '--name', '1号工位']);
    hub = await startTestHub({ dataDir, env: { GLASSBAY_SOCKETS_PER_SOURCE: '10' } });
  });
  afterAll(async () => hub?.stop());

  it('answers a resync flood from one socket with a few snapshots, not thousands', async () => {
    const attacker = new TestScreen(hub.httpUrl);
    const board = new TestScreen(hub.httpUrl);
    await attacker.until((s) => s.bays['bay-1']);
    await board.until((s) => s.bays['bay-1']);
    let cutOff = false;
    attacker.socket.on('disconnect', (reason) => (cutOff ||= reason === 'io server disconnect'));
    for (let i = 0; i < 5000; i++) attacker.socket.emit(SocketEvents.resync, 'flood');
    // The board that did not flood asks once: it is answered, and by then the attacker has had only
    // a handful (the first at once, then at most one a second, coalesced; the rest dropped).
    const before = board.snapshots;
    board.socket.emit(SocketEvents.resync, 'gap');
    await expect.poll(() => board.snapshots, { timeout: 30_000 }).toBeGreaterThan(before);
    await sleep(500);
    expect(attacker.snapshots).toBeLessThan(10);
    // And it was cut off after its burst (SOCKET_LIMITS.eventBurst): its thousands of events cost the
    // hub's thread nothing more.
    expect(cutOff).toBe(true);
    attacker.close();
    board.close();
  });

  it('caps the sockets one source may hold; another source still connects', async () => {
    const mine = Array.from({ length: 14 }, () => socketFrom(hub.httpUrl, '127.0.0.7'));
    const admitted = await Promise.all(mine.map((s) => s.admitted));
    expect(admitted.filter(Boolean).length).toBe(10);
    const other = socketFrom(hub.httpUrl, '127.0.0.8');
    expect(await other.admitted).toBe(true);
    for (const s of [...mine, other]) s.socket.close();
  });

  it('slows a check-in burst from one source while a kiosk elsewhere keeps taking tickets', async () => {
    const burst = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        postFrom(`${hub.httpUrl}/api/checkin`, '127.0.0.9', walkIn({ plate: `粤B${String(10000 + i)}` })),
      ),
    );
    expect(burst.filter((r) => r.status === 429 && r.code === 'RATE_LIMITED').length).toBeGreaterThan(20);
    const kiosk = await postFrom(`${hub.httpUrl}/api/checkin`, '127.0.0.10', walkIn({ plate: '粤B99999' }));
    expect(kiosk.status).toBe(200);
  });

  it('keeps pairing open for real screens after 20 anonymous announcements from one source', async () => {
    const announce = (from: string, code: string) =>
      postFrom(`${hub.httpUrl}/api/screens/pairing`, from, {
        code,
        secret: randomBytes(32).toString('hex'),
        role: 'lounge-board',
        shellVersion: 'flood',
      });
    const alphabet = '34679ACDEFGHJKMNPQRTUVWXY';
    const code = (i: number) => `${alphabet[i % 25]}${alphabet[Math.floor(i / 25) % 25]}AAAA`;
    for (let i = 0; i < 20; i++) await announce('127.0.0.11', code(i));
    const real = await announce('127.0.0.12', 'KMNPQR');
    expect(real).toEqual({ status: 200, code: undefined });
  });
});
