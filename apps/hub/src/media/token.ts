// Viewing tokens: `<claims as base64url JSON>.<HMAC-SHA256 as base64url>`, signed with a secret that
// is created once per install in the data dir. A token names cameras, a footage window and an expiry;
// it is checked on every playlist and segment request, so a copied URL stops working when it expires.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MediaTokenClaimsSchema, type MediaTokenClaims } from '@glassbay/protocol';

export const MEDIA_SECRET_FILE = 'media-token.key';

/** Domain separation: a signature made for another purpose with the same key never verifies here. */
const CONTEXT = 'glassbay-media-token-v1.';

/** Read the install's signing secret, creating it (32 random bytes, owner-only) on first use. */
export function loadMediaSecret(dataDir: string): Buffer {
  const file = join(dataDir, MEDIA_SECRET_FILE);
  try {
    // `wx`: the hub and the CLI may both get here first; exactly one creates the file.
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw new Error(`${file} is not a media token secret; delete it to create a new one (issued tokens stop working)`);
  return Buffer.from(hex, 'hex');
}

const sign = (secret: Buffer, body: string) =>
  createHmac('sha256', secret)
    .update(CONTEXT + body)
    .digest();

/** Claims without the version, kind by kind (a camera token or a job token). */
export type MediaTokenGrant = MediaTokenClaims extends infer C ? (C extends unknown ? Omit<C, 'v'> : never) : never;

export function issueMediaToken(secret: Buffer, claims: MediaTokenGrant): string {
  const full = { v: 1, ...claims } as MediaTokenClaims;
  const body = Buffer.from(JSON.stringify(MediaTokenClaimsSchema.parse(full))).toString('base64url');
  return `${body}.${sign(secret, body).toString('base64url')}`;
}

export type TokenCheck = { ok: true; claims: MediaTokenClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Verify the signature first, then parse; an expired token is told apart so the player can say so. */
export function verifyMediaToken(secret: Buffer, token: string, now: number): TokenCheck {
  if (token.length > 2048) return { ok: false, reason: 'invalid' };
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, reason: 'invalid' };
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = sign(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const parsed = MediaTokenClaimsSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  if (parsed.data.exp <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claims: parsed.data };
}
