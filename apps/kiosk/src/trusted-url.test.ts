import { describe, expect, it } from 'vitest';
import { hubOrigin, isTrustedUrl, trustedUrlCheck } from './trusted-url.ts';

const hub = 'http://hub.local:8080';
const trusted = trustedUrlCheck(hub);

describe('trusted URLs: only the hub’s own origin', () => {
  it.each([
    'http://hub.local:8080/checkin',
    'http://hub.local:8080/queue?lang=zh-CN#now',
    'http://HUB.LOCAL:8080/lounge', // host case is not identity
    'http://hub.local:8080/./bays/../bays',
    'http://hub.local:8080',
    'http://@hub.local:8080/', // empty user info: the parser drops it, this is the hub
  ])('allows %s', (url) => {
    expect(trusted(url)).toBe(true);
  });

  it.each([
    ['another host', 'http://evil.example/checkin'],
    ['another port', 'http://hub.local:8081/checkin'],
    ['default port instead of 8080', 'http://hub.local/checkin'],
    ['https instead of http', 'https://hub.local:8080/checkin'],
    ['user info before the real host', 'http://hub.local:8080@evil.example/'],
    ['user info on the hub itself', 'http://staff:secret@hub.local:8080/'],
    ['hub address as a subdomain prefix', 'http://hub.local:8080.evil.example/'],
    ['hub name as a subdomain', 'http://hub.local.evil.example:8080/'],
    ['file URL', 'file:///etc/passwd'],
    ['javascript URL', 'javascript:alert(1)'],
    ['javascript URL with hub text', 'javascript://hub.local:8080/%0aalert(1)'],
    ['data URL', 'data:text/html,<script>alert(1)</script>'],
    ['blob URL of the hub origin', 'blob:http://hub.local:8080/7d1e2b1c'],
    ['protocol-relative', '//evil.example/'],
    ['relative path', '/checkin'],
    ['about:blank', 'about:blank'],
    ['chrome internals', 'chrome://settings'],
    ['devtools', 'devtools://devtools/bundled/inspector.html'],
    ['websocket to elsewhere', 'ws://evil.example/'],
    ['backslash trick', 'http://evil.example\\@hub.local:8080/'],
    ['not a URL', 'hub.local:8080/checkin'],
    ['empty', ''],
  ])('refuses %s', (_what, url) => {
    expect(trusted(url)).toBe(false);
  });

  it('compares IDN hosts by their punycode form, so a look-alike host is another origin', () => {
    const idnHub = hubOrigin('http://展厅.example:8080');
    expect(idnHub).toBe('http://xn--imrx8r.example:8080');
    expect(isTrustedUrl('http://展厅.example:8080/queue', idnHub)).toBe(true);
    expect(isTrustedUrl('http://xn--imrx8r.example:8080/queue', idnHub)).toBe(true);
    // Cyrillic "е" in place of Latin "e": looks the same on screen, is not the hub.
    expect(isTrustedUrl('http://hub.locаl:8080/', hubOrigin(hub))).toBe(false);
  });

  it('treats an explicit default port as the same origin as none', () => {
    const origin = hubOrigin('https://hub.example');
    expect(isTrustedUrl('https://hub.example:443/queue', origin)).toBe(true);
    expect(isTrustedUrl('https://hub.example:8443/queue', origin)).toBe(false);
  });

  it('refuses a hub address that is not http(s)', () => {
    expect(() => hubOrigin('file:///srv/screens')).toThrow(/http/);
  });
});
