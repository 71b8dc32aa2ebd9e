// The client against a real HTTP server on loopback: what goes out (method, path, query, headers,
// body) and what a screen gets back (the answer, or one HubError with a sentence in each language).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from './client.ts';
import { HUB_UNREACHABLE, HubError, errorText } from './errors.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base = '';
const seen: Seen[] = [];
/** What the server answers next: status and body text (null: no body). */
let next: { status: number; body: string | null; delayMs?: number } = { status: 200, body: '{}' };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const { status, body: out, delayMs = 0 } = next;
      setTimeout(() => {
        res.writeHead(status, out === null ? {} : { 'content-type': 'application/json' });
        res.end(out ?? '');
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const refusal = (code: string, message: string) => JSON.stringify({ error: { code, message } });
const failure = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof HubError)) throw new Error(`expected a HubError, got ${String(err)}`);
  return err;
};

describe('the typed hub client', () => {
  const api = createApi({ baseUrl: '' });

  it("sends a route's method, filled path, query and JSON body, and returns the answer", async () => {
    const call = createApi({ baseUrl: base });
    next = { status: 200, body: JSON.stringify({ id: 7, stage: 'in-service' }) };
    const job = await call('moveJob', { params: { jobId: 'j 7' }, body: { to: 'in-service' } });
    expect(job).toMatchObject({ id: 7, stage: 'in-service' });
    const req = seen.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/api/jobs/j%207/stage');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ to: 'in-service' });

    next = { status: 200, body: '{"rows":[]}' };
    await call('stepFigures', { query: { days: 7 } });
    expect(seen.at(-1)!.url).toBe('/api/wristbands/figures?days=7');

    // No body: no content type (the hub refuses an empty JSON body).
    await call('getScreenSelf', { headers: { 'x-glassbay-screen': 'abc' } });
    expect(seen.at(-1)!.headers['content-type']).toBeUndefined();
    expect(seen.at(-1)!.headers['x-glassbay-screen']).toBe('abc');
  });

  it("turns the hub's refusal into one error with its code and a sentence in each language", async () => {
    const call = createApi({ baseUrl: base });
    next = { status: 409, body: refusal('BAY_BUSY', 'Bay 2 is in use by job J-12') };
    const err = await failure(call('updateJob', { params: { jobId: '1' }, body: { bayId: 'bay-2' } }));
    expect([err.status, err.code]).toEqual([409, 'BAY_BUSY']);
    expect(err.text('zh-CN')).toBe('该工位正被其他工单占用');
    // No English wording of our own: the hub's sentence, which names the bay and the job.
    expect(err.text('en')).toBe('Bay 2 is in use by job J-12');

    next = { status: 404, body: refusal('PAIRING_CODE_UNKNOWN', 'no screen is waiting with this code') };
    const unknownCode = await failure(call('declineScreenPairing', { params: { code: 'ABC123' } }));
    expect(unknownCode.text('en')).toMatch(/changes every 10 minutes/);

    next = { status: 418, body: refusal('TEAPOT_FULL', 'short and stout') };
    const odd = await failure(call('listBays'));
    expect(odd.text('zh-CN')).toContain('TEAPOT_FULL');
    expect(odd.text('en')).toMatch(/^That did not work.*TEAPOT_FULL/);
    expect(errorText(new Error('boom'), 'en', 'fallback')).toBe('fallback');
  });

  it('says HUB_UNREACHABLE for no answer, a proxy error page, or an answer later than the limit', async () => {
    const closed = createApi({ baseUrl: 'http://127.0.0.1:9' });
    expect((await failure(closed('listBays'))).code).toBe(HUB_UNREACHABLE);

    const call = createApi({ baseUrl: base });
    next = { status: 502, body: null };
    const proxied = await failure(call('listBays'));
    expect([proxied.status, proxied.unreachable]).toEqual([502, true]);

    next = { status: 200, body: '{}', delayMs: 500 };
    const slow = createApi({ baseUrl: base, timeoutMs: 100 });
    expect((await failure(slow('listBays'))).code).toBe(HUB_UNREACHABLE);
  });

  it('refuses a call whose path parameter is missing, before anything is sent', async () => {
    const before = seen.length;
    // @ts-expect-error -- moveJob needs its jobId (and a body): the route table says so.
    await expect(api('moveJob', { params: {}, body: { to: 'ready' } })).rejects.toThrow(/no value for :jobId/);
    expect(seen.length).toBe(before);
  });
});

// Compile-time checks (svelte-check reads this file): the route table types every call.
export function typeChecks(api: ReturnType<typeof createApi>) {
  void api('listBays');
  // @ts-expect-error -- no route of that name.
  void api('listBayz');
  // @ts-expect-error -- moveJob has params and a body.
  void api('moveJob');
  // @ts-expect-error -- a stage that does not exist.
  void api('moveJob', { params: { jobId: '1' }, body: { to: 'teleported' } });
  return api('listServices').then((r) => r.services.map((s) => s.name.zh satisfies string));
}
