// Health, metrics, the OpenAPI document and error shapes, against a real hub.
import { routes, type ApiError, type Health } from '@glassbay/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../src/hub.ts';
import { cli, scrapeHeaders, startTestHub, tempDataDir } from '../src/testing.ts';
import { TestScreen } from './helpers.ts';

interface OpenApiOperation {
  operationId: string;
  responses: Record<string, { content: Record<string, { schema: unknown }> }>;
}

describe('hub HTTP', () => {
  let hub: Hub;
  beforeAll(async () => {
    const dataDir = tempDataDir();
    await cli(dataDir, ['bay', 'add', 'bay-1', '--name', 'Bay 1']);
    hub = await startTestHub({ dataDir });
  });
  afterAll(async () => hub?.stop());

  it('reports health as JSON: broker, database, uptime and counts', async () => {
    const screen = new TestScreen(hub.httpUrl);
    await screen.until((s) => s.bays['bay-1']);
    const res = await fetch(`${hub.httpUrl}/healthz`, { headers: scrapeHeaders() });
    expect(res.status).toBe(200);
    const h = (await res.json()) as Health;
    expect(h).toMatchObject({
      status: 'ok',
      broker: { mode: 'embedded', connected: true },
      database: { ok: true, migrations: expect.any(Number) },
    });
    expect(h.counts).toMatchObject({ bays: 1, devices: 0, screens: 1 });
    expect(h.uptimeSec).toBeGreaterThanOrEqual(0);
    screen.close();
  });

  it('exposes Prometheus metrics with the names the dashboards use', async () => {
    const text = await (await fetch(`${hub.httpUrl}/metrics`, { headers: scrapeHeaders() })).text();
    for (const name of [
      'glassbay_mqtt_messages_accepted_total',
      'glassbay_mqtt_messages_rejected_total',
      'glassbay_screens_connected',
      'glassbay_relay_latency_seconds_bucket',
    ])
      expect(text).toContain(name);
  });

  it('describes every API operation in OpenAPI, with the role it needs', async () => {
    const doc = (await (await fetch(`${hub.httpUrl}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const [id, r] of Object.entries(routes)) {
      const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(op, id).toMatchObject({ operationId: id, 'x-glassbay-access': r.access });
      expect(op?.responses['200']?.content['application/json']?.schema).toBeTypeOf('object');
    }
  });

  it('answers errors with a stable code and a sentence', async () => {
    const missing = await fetch(`${hub.httpUrl}/api/bays/bay-9`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'BAY_NOT_FOUND', message: 'no bay "bay-9"' } });
    const nowhere = await fetch(`${hub.httpUrl}/api/nothing-here`);
    expect(nowhere.status).toBe(404);
    expect(((await nowhere.json()) as ApiError).error.code).toBe('NOT_FOUND');
  });

  it('refuses a staff audience on the socket without a staff login', async () => {
    const screen = new TestScreen(hub.httpUrl, 'staff');
    const err = await new Promise<Error>((r) => screen.socket.once('connect_error', r));
    expect(err.message).toBe('STAFF_LOGIN_REQUIRED');
    screen.close();
  });
});
