import { describe, expect, it } from 'vitest';
import { SCREEN_CREDENTIAL_HEADER } from '@glassbay/protocol';
import { credentialHeaders } from './hub-session.ts';
import { trustedUrlCheck } from './trusted-url.ts';

const isTrusted = trustedUrlCheck('http://hub.local:8080');

function send(url: string, credential: string | null, requestHeaders: Record<string, string> = {}) {
  let out: Record<string, string> | null = null;
  credentialHeaders(isTrusted, () => credential)({ url, requestHeaders }, (r) => (out = r.requestHeaders));
  if (out === null) throw new Error('callback not called');
  return out as Record<string, string>;
}

describe('the screen credential travels only to the hub', () => {
  it('is added to page, API and socket.io requests to the hub', () => {
    for (const url of [
      'http://hub.local:8080/queue',
      'http://hub.local:8080/api/bays',
      'ws://hub.local:8080/socket.io/?EIO=4&transport=websocket',
    ]) {
      expect(send(url, 'secret-credential-123')[SCREEN_CREDENTIAL_HEADER]).toBe('secret-credential-123');
    }
  });

  it('is never sent anywhere else, even to a look-alike', () => {
    for (const url of [
      'http://evil.example/',
      'ws://evil.example/socket.io/',
      'http://hub.local:8080@evil.example/',
      'https://hub.local:8080/',
    ]) {
      expect(send(url, 'secret-credential-123')).not.toHaveProperty(SCREEN_CREDENTIAL_HEADER);
    }
  });

  it('cannot be forged by the page, paired or not', () => {
    const forged = { 'X-Glassbay-Screen-Credential': 'forged', Accept: 'text/html' };
    expect(send('http://hub.local:8080/queue', null, forged)).toEqual({ Accept: 'text/html' });
    expect(send('http://hub.local:8080/queue', 'real-credential-456', forged)).toEqual({
      Accept: 'text/html',
      [SCREEN_CREDENTIAL_HEADER]: 'real-credential-456',
    });
  });
});
