import { describe, expect, it } from 'vitest';
import { notConfiguredPage, offlinePage, redirectedAwayPage, statusPageHtml, statusPageUrl } from './pages.ts';

describe('status pages', () => {
  it('tell the installer in both languages what is wrong', () => {
    const html = statusPageHtml(notConfiguredPage('KIOSK_CONFIG_INVALID', 'role: Invalid option'));
    expect(html).toContain('此屏幕尚未设置');
    expect(html).toContain('This screen is not set up yet');
    expect(html).toContain('KIOSK_CONFIG_INVALID: role: Invalid option');
  });

  it('escape whatever the config or the network put into them, and run no script', () => {
    const html = statusPageHtml(offlinePage('http://hub.local:8080', '<img src=x onerror=alert(1)>', 4_000));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('retry in 4 s');
  });

  it('travel as a data: URL that decodes back to the page', () => {
    const page = offlinePage('http://hub.local:8080', 'ERR_CONNECTION_REFUSED', 1_000);
    const url = statusPageUrl(page);
    expect(url.startsWith('data:text/html;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toBe(statusPageHtml(page));
  });

  it('tell the installer which address to configure when the hub redirects elsewhere', () => {
    const html = statusPageHtml(redirectedAwayPage('http://hub.local:8080', 'https://hub.local:8443/checkin'));
    expect(html).toContain('KIOSK_HUB_REDIRECTED');
    expect(html).toContain('set hubUrl (or GLASSBAY_KIOSK_HUB_URL) to it');
    expect(html).toContain('https://hub.local:8443 is the hub');
  });
});
