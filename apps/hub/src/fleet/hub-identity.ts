// The hub's identity for its screens: an Ed25519 key kept in the data dir (readable by the hub's user
// only), with which the hub signs a screen's challenge (kioskRoutes.proveHubIdentity). A screen pins
// the key when it pairs and sends its credential to nobody who cannot sign with it. The hub signs only
// for an origin that is one of its own addresses, so a stranger cannot pass a screen's challenge on.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import {
  HUB_ORIGIN_NOT_MINE_CODE,
  hubProofMessage,
  kioskRoutes,
  type HubChallenge,
  type HubProof,
} from '@glassbay/protocol';
import type { Mount } from '../http/api.ts';
import type { Logger } from '../logger.ts';
import { AppError } from '../domain/errors.ts';

export const HUB_KEY_FILE = 'hub-identity.key';

/** The hub's key, made on first start. A key file others can read is tightened, and said so. */
export function loadHubKey(dataDir: string, log: Logger): KeyObject {
  const file = join(dataDir, HUB_KEY_FILE);
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    log.info({ file }, 'made the hub identity key that paired screens will check');
  } else if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    log.warn({ file }, 'the hub identity key was readable by others; made it readable by the hub only');
  }
  return createPrivateKey(readFileSync(file));
}

/** Whether an origin a screen addressed is this hub: one of its addresses (or a name), and its port. */
export function ownsOrigin(origin: string, port: number, addresses: () => string[]): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const urlPort = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (urlPort !== port) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // A name (hub.local, a DNS name) cannot be checked here; a relaying stranger would show its own IP.
  if (isIP(host) === 0) return true;
  if (/^127\./.test(host) || host === '::1') return true;
  return addresses().includes(host);
}

const localAddresses = () =>
  Object.values(networkInterfaces())
    .flat()
    .flatMap((i) => (i ? [i.address] : []));

export function proveHub(key: KeyObject, hubId: string, challenge: HubChallenge): HubProof {
  const publicKey = createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
  const signature = sign(null, Buffer.from(hubProofMessage(challenge)), key).toString('base64');
  return { hubId, publicKey, signature };
}

export function mountHubIdentity(
  mount: Mount,
  deps: { key: KeyObject; hubId: string; port: () => number; addresses?: () => string[] },
): void {
  mount(kioskRoutes.proveHubIdentity, ({ body }) => {
    if (!ownsOrigin(body.origin, deps.port(), deps.addresses ?? localAddresses))
      throw new AppError(403, HUB_ORIGIN_NOT_MINE_CODE, `${body.origin} is not an address of this hub`);
    return proveHub(deps.key, deps.hubId, body);
  });
}
