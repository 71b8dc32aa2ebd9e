import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEDIA_SECRET_FILE, issueMediaToken, loadMediaSecret, verifyMediaToken } from './token.ts';

const now = 1_800_000_000_000;
const claims = { cams: ['cam-1'], from: now - 60_000, to: now + 60_000, exp: now + 60_000 };

describe('viewing tokens', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glassbay-token-'));
  const secret = loadMediaSecret(dir);

  it('keeps one owner-only secret per install', () => {
    expect(loadMediaSecret(dir).equals(secret)).toBe(true);
    expect(statSync(join(dir, MEDIA_SECRET_FILE)).mode & 0o777).toBe(0o600);
  });

  it('accepts its own token until it expires, then says it expired', () => {
    const token = issueMediaToken(secret, claims);
    expect(verifyMediaToken(secret, token, now)).toEqual({ ok: true, claims: { v: 1, ...claims } });
    expect(verifyMediaToken(secret, token, claims.exp)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token from another install, an edited token and garbage', () => {
    const token = issueMediaToken(secret, claims);
    const other = loadMediaSecret(mkdtempSync(join(tmpdir(), 'glassbay-token-')));
    expect(verifyMediaToken(other, token, now)).toEqual({ ok: false, reason: 'invalid' });

    // Widen the camera list without re-signing.
    const [body, sig] = token.split('.') as [string, string];
    const forged = JSON.parse(Buffer.from(body, 'base64url').toString()) as { cams: string[] };
    forged.cams.push('cam-2');
    const edited = `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${sig}`;
    expect(verifyMediaToken(secret, edited, now)).toEqual({ ok: false, reason: 'invalid' });

    for (const bad of ['', '.', 'abc', `${body}.`, `${body}.${sig}.x`, 'x'.repeat(5000)])
      expect(verifyMediaToken(secret, bad, now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses to start with a secret file that is not one', () => {
    const d = mkdtempSync(join(tmpdir(), 'glassbay-token-'));
    writeFileSync(join(d, MEDIA_SECRET_FILE), 'hunter2\n');
    expect(() => loadMediaSecret(d)).toThrow(/not a media token secret/);
  });
});
