import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hubProofMessage } from '@glassbay/protocol';
import { createLogger } from '../logger.ts';
import { HUB_KEY_FILE, loadHubKey, ownsOrigin, proveHub } from './hub-identity.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'glassbay-hub-key-'));
  dirs.push(d);
  return d;
};
const log = createLogger('silent');

describe('hub identity', () => {
  it('keeps one key across restarts, readable by the hub only', () => {
    const dir = dataDir();
    const a = loadHubKey(dir, log);
    const b = loadHubKey(dir, log);
    expect(statSync(join(dir, HUB_KEY_FILE)).mode & 0o777).toBe(0o600);
    const spki = (k: typeof a) => createPublicKey(k).export({ format: 'der', type: 'spki' }).toString('hex');
    expect(spki(b)).toBe(spki(a));
    chmodSync(join(dir, HUB_KEY_FILE), 0o644);
    loadHubKey(dir, log);
    expect(statSync(join(dir, HUB_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('signs a screen’s nonce and origin so the screen can check it against the pinned key', () => {
    const key = loadHubKey(dataDir(), log);
    const challenge = { nonce: 'ab'.repeat(32), origin: 'http://10.0.0.5:8080' };
    const proof = proveHub(key, 'feedc0de', challenge);
    const pub = createPublicKey({ key: Buffer.from(proof.publicKey, 'base64'), format: 'der', type: 'spki' });
    const msg = Buffer.from(hubProofMessage(challenge));
    expect(verify(null, msg, pub, Buffer.from(proof.signature, 'base64'))).toBe(true);
    const other = Buffer.from(hubProofMessage({ ...challenge, origin: 'http://10.0.0.66:8080' }));
    expect(verify(null, other, pub, Buffer.from(proof.signature, 'base64'))).toBe(false);
  });

  it('signs only for its own addresses and port', () => {
    const mine = () => ['10.0.0.5'];
    expect(ownsOrigin('http://10.0.0.5:8080', 8080, mine)).toBe(true);
    expect(ownsOrigin('http://127.0.0.2:8080', 8080, mine)).toBe(true);
    expect(ownsOrigin('http://hub.local:8080', 8080, mine)).toBe(true);
    expect(ownsOrigin('http://10.0.0.66:8080', 8080, mine)).toBe(false);
    expect(ownsOrigin('http://10.0.0.5:9090', 8080, mine)).toBe(false);
    expect(ownsOrigin('not a url', 8080, mine)).toBe(false);
  });
});
