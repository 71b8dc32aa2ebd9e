// Device secrets: random, shown once, stored as PBKDF2-SHA512 in Mosquitto's `$7$` password-file
// format, so the same hash serves the embedded broker and an external Mosquitto [GB-2.2].
import { pbkdf2, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);
// Secrets are 24 random bytes, so iterations only need to make a stolen file slow to test, not to
// stretch a weak password; Mosquitto itself uses 101 by default.
const ITERATIONS = 1000;

export const newSecret = (): string => randomBytes(24).toString('base64url');

export function hashSecret(secret: string): string {
  const salt = randomBytes(12);
  const hash = pbkdf2Sync(secret, salt, ITERATIONS, 64, 'sha512');
  return `$7$${ITERATIONS}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const m = /^\$7\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return false;
  const expected = Buffer.from(m[3]!, 'base64');
  const actual = await pbkdf2Async(secret, Buffer.from(m[2]!, 'base64'), Number(m[1]), expected.length, 'sha512');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
