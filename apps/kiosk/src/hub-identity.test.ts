// checkHub against stand-in hubs over real HTTP on 127.0.0.1: the real one signs with its key, a
// stranger signs with another key, or forwards the challenge to the real hub, or does not sign at all.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { HubChallengeSchema, hubProofMessage, kioskRoutes, type PinnedHub } from '@glassbay/protocol';
import { checkHub } from './hub-identity.ts';

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { privateKey, spki: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') };
}

/** A hub that answers the challenge with `answer`; returns its origin. */
async function standIn(answer: (body: unknown, origin: string) => Promise<[number, unknown]>): Promise<string> {
  let origin = '';
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.url !== kioskRoutes.proveHubIdentity.path) {
        res.writeHead(404).end();
        return;
      }
      void answer(JSON.parse(raw), origin).then(([status, body]) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return origin;
}

/** Signs as a hub does: only for its own origin. */
const signingHub = (key: { privateKey: KeyObject; spki: string }, hubId = 'feedc0de') =>
  standIn(async (body, own) => {
    const c = HubChallengeSchema.parse(body);
    if (c.origin !== own) return [403, { error: { code: 'HUB_ORIGIN_NOT_MINE', message: 'not mine' } }];
    const signature = sign(null, Buffer.from(hubProofMessage(c)), key.privateKey).toString('base64');
    return [200, { hubId, publicKey: key.spki, signature }];
  });

const deps = { fetch, randomBytes: (n: number) => new Uint8Array(randomBytes(n)) };

describe('hub identity', () => {
  it('records the key of the hub a new screen meets, and accepts that hub again', async () => {
    const key = keyPair();
    const hub = await signingHub(key);
    const first = await checkHub(hub, null, deps);
    expect(first).toEqual({ ok: true, hub: { hubId: 'feedc0de', publicKey: key.spki } });
    const pinned = (first as { hub: PinnedHub }).hub;
    expect(await checkHub(hub, pinned, deps)).toMatchObject({ ok: true });
  });

  it('refuses a stranger with a key of its own', async () => {
    const pinned = { hubId: 'feedc0de', publicKey: keyPair().spki };
    const stranger = await signingHub(keyPair(), 'feedc0de');
    expect(await checkHub(stranger, pinned, deps)).toMatchObject({ ok: false, code: 'HUB_NOT_PINNED' });
  });

  it('refuses a stranger that claims the real key but cannot sign with it', async () => {
    const real = keyPair();
    const stranger = await standIn(async () => [
      200,
      { hubId: 'feedc0de', publicKey: real.spki, signature: Buffer.alloc(64, 1).toString('base64') },
    ]);
    const pinned = { hubId: 'feedc0de', publicKey: real.spki };
    expect(await checkHub(stranger, pinned, deps)).toMatchObject({ ok: false, code: 'HUB_BAD_PROOF' });
  });

  it('refuses a stranger that relays the challenge to the real hub', async () => {
    const real = keyPair();
    const hub = await signingHub(real);
    const relay = await standIn(async (body) => {
      const res = await fetch(new URL(kioskRoutes.proveHubIdentity.path, hub), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return [res.status, await res.json()];
    });
    const pinned = { hubId: 'feedc0de', publicKey: real.spki };
    expect(await checkHub(relay, pinned, deps)).toMatchObject({ ok: false, code: 'HUB_BAD_PROOF' });
  });

  it('takes a hub without keys only when the screen has no pin', async () => {
    const old = await standIn(async () => [404, { error: { code: 'NOT_FOUND', message: 'no route' } }]);
    expect(await checkHub(old, null, deps)).toEqual({ ok: true, hub: null });
    const pinned = { hubId: 'feedc0de', publicKey: keyPair().spki };
    expect(await checkHub(old, pinned, deps)).toMatchObject({ ok: false, code: 'HUB_BAD_PROOF' });
    expect(await checkHub('http://127.0.0.1:9', pinned, deps)).toMatchObject({ ok: false, code: 'HUB_UNREACHABLE' });
    // A hub that is starting answers 503: not yet an answer, neither trusted nor refused.
    const starting = await standIn(async () => [503, '<h1>starting</h1>']);
    expect(await checkHub(starting, pinned, deps)).toMatchObject({ ok: false, code: 'HUB_UNREACHABLE' });
  });
});
