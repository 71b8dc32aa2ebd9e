// Abuse: the HTTP edge. A page on another site must not drive a signed-in advisor's browser (foreign
// Origin, or a text/plain "simple" request that skips CORS); every page carries the headers that keep
// it out of frames and sniffing; /healthz tells the public only ok or degraded, and /metrics only
// staff or the scraper with its token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../src/hub.ts';
import { addStaff, signIn, startTestHub, tempDataDir } from '../src/testing.ts';

const SCRAPE = 'scrape-token-for-the-abuse-test';

describe('abuse: HTTP edge', () => {
  let hub: Hub;
  let advisor: string;
  const dataDir = tempDataDir();

  beforeAll(async () => {
    await addStaff(dataDir, 'li.advisor', 'advisor', 'advisor password 1');
    hub = await startTestHub({ dataDir, env: { GLASSBAY_METRICS_TOKEN: SCRAPE } });
    advisor = await signIn(hub.httpUrl, 'li.advisor', 'advisor password 1');
  });
  afterAll(async () => hub?.stop());

  const openDesk = (headers: Record<string, string>, body?: string) =>
    fetch(`${hub.httpUrl}/api/desks/desk-1/open`, { method: 'POST', headers: { cookie: advisor, ...headers }, body });

  it('refuses a state change from a foreign origin or as text/plain, and takes it from its own', async () => {
    const foreign = await openDesk({ origin: 'http://evil.example', 'content-type': 'application/json' }, '{}');
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('ORIGIN_REFUSED');
    const plain = await openDesk({ 'content-type': 'text/plain' }, '{}');
    expect(plain.status).toBe(415);
    const form = await openDesk({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=1');
    expect(form.status).toBe(415);
    const own = await openDesk({ origin: hub.httpUrl, 'content-type': 'application/json' }, '{}');
    expect(own.status).toBe(200);
  });

  it('sends CSP with frame-ancestors none, nosniff and a referrer policy on pages and API answers', async () => {
    for (const path of ['/', '/lounge', '/api/bays', '/healthz']) {
      const res = await fetch(`${hub.httpUrl}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("default-src 'self'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });

  it('tells the public only ok or degraded; details to staff and the scrape token', async () => {
    const pub = await fetch(`${hub.httpUrl}/healthz`);
    expect(pub.status).toBe(200);
    expect(await pub.json()).toEqual({ status: 'ok' });
    const withToken = (await (
      await fetch(`${hub.httpUrl}/healthz`, { headers: { authorization: `Bearer ${SCRAPE}` } })
    ).json()) as { database?: { file: string } };
    expect(withToken.database?.file).toMatch(/glassbay\.db$/);
    const forStaff = (await (await fetch(`${hub.httpUrl}/healthz`, { headers: { cookie: advisor } })).json()) as {
      database?: unknown;
    };
    expect(forStaff.database).toBeDefined();
    const wrong = await fetch(`${hub.httpUrl}/healthz`, { headers: { authorization: 'Bearer guess' } });
    expect(await wrong.json()).toEqual({ status: 'ok' });
  });

  it('serves /metrics to staff and the scrape token only', async () => {
    expect((await fetch(`${hub.httpUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${hub.httpUrl}/metrics`, { headers: { authorization: 'Bearer guess' } })).status).toBe(401);
    const scraped = await fetch(`${hub.httpUrl}/metrics`, { headers: { authorization: `Bearer ${SCRAPE}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('glassbay_');
    expect((await fetch(`${hub.httpUrl}/metrics`, { headers: { cookie: advisor } })).status).toBe(200);
  });
});
