import { FOLLOW_TOKEN_PATTERN } from '@glassbay/protocol';
import { describe, expect, it } from 'vitest';
import { hashFollowToken, mintFollowToken } from './job-views.ts';

describe('follow tokens', () => {
  it('are 192 random bits that fit the link, stored only as their SHA-256', () => {
    const a = mintFollowToken();
    const b = mintFollowToken();
    expect(a.token).toMatch(FOLLOW_TOKEN_PATTERN);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(24);
    expect(a.token).not.toBe(b.token);
    expect(a.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.tokenHash).toBe(hashFollowToken(a.token));
    expect(a.tokenHash).not.toContain(a.token);
  });
});
