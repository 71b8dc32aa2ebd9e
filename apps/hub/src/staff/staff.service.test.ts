// Staff passwords on a real SQLite file: a hash made with older, weaker scrypt settings still signs in,
// and is made again with today's settings at that sign-in.
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../store/db.ts';
import { needsRehash, verifyPassword } from './passwords.ts';
import { createStaffRepository } from './staff.repository.ts';
import { createStaffService } from './staff.service.ts';

/** What the hub stored before it used N = 2^15. */
function oldHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFKC'), salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

describe('staff passwords', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gb-staff-'));
    db = openDb(join(dir, 'glassbay.db')).db;
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with a hash of the older settings and stores one of today’s in its place', async () => {
    const staff = createStaffRepository(db);
    const before = oldHash('correct horse battery');
    const id = staff.insert({ username: 'li.advisor', displayName: '李', role: 'advisor', passwordHash: before }, 1);
    expect(needsRehash(before)).toBe(true);
    const service = createStaffService({ db, staff });

    await expect(service.login('li.advisor', 'wrong one', '127.0.0.9', 1_000)).rejects.toThrow(
      /wrong username or password/,
    );
    expect(staff.byId(id)!.passwordHash).toBe(before);

    const session = await service.login('li.advisor', 'correct horse battery', '127.0.0.9', 2_000);
    expect(session.user.username).toBe('li.advisor');
    const after = staff.byId(id)!.passwordHash;
    expect(after).not.toBe(before);
    expect(after).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(needsRehash(after)).toBe(false);
    expect(await verifyPassword('correct horse battery', after)).toBe(true);
    await expect(service.login('li.advisor', 'correct horse battery', '127.0.0.9', 3_000)).resolves.toBeTruthy();
  });
});
