// Staff passwords: scrypt, a deliberately slow, memory-hard hash built into Node, run on the bounded
// hash lane (hash-lane.ts) on threads of its own at a low CPU priority (hash-threads.ts), so that it
// never crowds out device authentication nor the hub's event loop.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HASH_LANE, hashLane } from './hash-lane.ts';
import { createHashThreads } from './hash-threads.ts';

// N = 2^15 (32 MiB a hash), not the common 2^14 (16 MiB): glibc serves a freed block of up to 32 MiB
// by raising its mmap threshold and keeping the next such blocks in the freeing thread's malloc arena,
// so 16 MiB hashes on libuv's four threads left ~64 MiB in the hub for good after a few sign-ins
// (measured: +64 MiB after 24 hashes; 2^15: +0.6 MiB). A block over 32 MiB is always mapped and
// unmapped. It also doubles what each guess costs an attacker (~50 ms here instead of ~21).
const PARAMS = { N: 32768, r: 8, p: 1 } as const;
const KEYLEN = 32;

/** The hub's hashing threads, one per hash the lane lets run at once. */
export const hashThreads = createHashThreads(HASH_LANE.running);

const derive = (password: string, salt: Buffer, o: { N: number; r: number; p: number }) =>
  hashLane.run(() =>
    hashThreads.scrypt({ password: password.normalize('NFKC'), salt, keylen: KEYLEN, ...o, maxmem: 64 * 1024 * 1024 }),
  );

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [tag, n, r, p, salt, key] = stored.split('$');
  if (tag !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether a stored hash was made with weaker settings than today's (rehashed at the next sign-in). */
export function needsRehash(stored: string): boolean {
  const [tag, n, r, p] = stored.split('$');
  return tag !== 'scrypt' || Number(n) < PARAMS.N || Number(r) !== PARAMS.r || Number(p) !== PARAMS.p;
}

/** A hash of nothing, verified when the username is unknown so timing does not reveal which usernames exist. */
export const DUMMY_HASH = await hashPassword(randomBytes(16).toString('hex'));
