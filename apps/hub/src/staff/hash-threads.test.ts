// The staff password threads: the same keys as Node's scrypt, at a lower CPU priority than the hub on
// Linux, and started again after one dies, losing nothing but the hash it was doing.
import { randomBytes, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { skippedTitle } from '../testing.ts';
import { createHashThreads, HASH_THREAD_NICE } from './hash-threads.ts';

const job = (password: string, salt = randomBytes(16)) => ({
  password,
  salt,
  keylen: 32,
  N: 1024,
  r: 8,
  p: 1,
  maxmem: 64 << 20,
});
/** A thread's nice value: field 19 of /proc/<pid>/task/<tid>/stat (after the name in parentheses). */
const niceOf = (tid: number) =>
  Number(readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);

describe('hash threads', () => {
  const threads = createHashThreads(2);
  afterEach(() => threads.terminate());

  it("derives the same keys as Node's scrypt, several at once", async () => {
    const jobs = ['one', 'two', 'three', '密码四'].map((p) => job(p));
    const keys = await Promise.all(jobs.map((j) => threads.scrypt(j)));
    jobs.forEach((j, i) => expect(keys[i]).toEqual(scryptSync(j.password, j.salt, 32, { N: 1024, r: 8, p: 1 })));
  });

  const notLinux =
    process.platform !== 'linux' &&
    `a thread's own nice value is read from /proc/<pid>/task/<tid>/stat: Linux only (this is ${process.platform})`;
  it.skipIf(!!notLinux)(
    skippedTitle(
      'hashes behind the hub: its threads run at a higher nice value',
      notLinux,
      'pnpm exec vitest run apps/hub/src/staff/hash-threads.test.ts',
    ),
    async () => {
      await Promise.all([threads.scrypt(job('a')), threads.scrypt(job('b'))]);
      const tids = threads.tids();
      expect(tids.length).toBeGreaterThan(0);
      for (const tid of tids) {
        expect(tid).not.toBe(process.pid);
        expect(niceOf(tid)).toBe(Math.min(19, getPriority() + HASH_THREAD_NICE));
      }
      expect(niceOf(process.pid)).toBe(getPriority());
    },
  );

  it('fails only the hash in flight when its thread dies, and starts a new one for the next', async () => {
    const inFlight = threads.scrypt({ ...job('slow'), N: 1 << 16, maxmem: 128 << 20 });
    await new Promise((r) => setTimeout(r, 20));
    await threads.terminate();
    await expect(inFlight).rejects.toMatchObject({ code: 'LOGIN_BUSY' });
    const j = job('after');
    expect(await threads.scrypt(j)).toEqual(scryptSync('after', j.salt, 32, { N: 1024, r: 8, p: 1 }));
  });
});
