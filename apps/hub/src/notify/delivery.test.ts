// Delivery against a real HTTP server on 127.0.0.1 and a real SQLite file: the attempts are bounded,
// the last refusal marks the message failed (kept, with its error), and a gateway that accepts gets
// the stored bytes, signed, under the message's key.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NOTIFY_HEADERS, notifySignedText, parseNotifySignature } from '@glassbay/protocol';
import { createLogger } from '../logger.ts';
import { openDb } from '../store/db.ts';
import { createTurn } from '../store/turn.ts';
import { tempDataDir } from '../testing.ts';
import { createDelivery, type Attempt } from './delivery.ts';
import { createNotifyRepository } from './notify.repository.ts';

const log = createLogger('silent');
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function gateway(status: number) {
  const seen: { key: string; sig: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({
        key: String(req.headers[NOTIFY_HEADERS.idempotencyKey.toLowerCase()]),
        sig: String(req.headers[NOTIFY_HEADERS.signature.toLowerCase()]),
        body,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen };
}

function shop() {
  const { db } = openDb(join(tempDataDir(), 'glassbay.db'));
  const turn = createTurn(db, log);
  closers.push(() => db.close());
  closers.push(() => turn.close());
  const repo = createNotifyRepository(db);
  repo.addRecipient('hash-1', 1, '13800000001', 'zh-CN', 1);
  const recipientId = repo.recipient('hash-1')!.id;
  repo.insert({
    ...{ id: 'msg-1', cause: 'called:1:1', recipientId, kind: 'ticket-called', ref: 'A001', jobId: null },
    body: '{"id":"msg-1","text":"A001号，轮到您了"}',
    createdAt: Date.now(),
  });
  return { repo, turn };
}

describe('delivery', () => {
  it('gives up after the bounded attempts and keeps the message as failed, with its error', async () => {
    const g = await gateway(503);
    const { repo, turn } = shop();
    const outcomes: [Attempt, string][] = [];
    const delivery = createDelivery({
      ...{ repo, turn, log },
      gateway: () => ({ url: g.url, secret: 'secret-secret-secret' }),
      policy: { maxAttempts: 3, retryBaseMs: 20, retryCapMs: 100, timeoutMs: 2000 },
      onOutcome: (_row, a, final) => outcomes.push([a, final]),
    });
    closers.push(() => delivery.stop());
    delivery.kick();
    await expect.poll(() => outcomes.length, { timeout: 5000 }).toBe(3);
    expect(outcomes.map(([, f]) => f)).toEqual(['retry', 'retry', 'failed']);
    expect(g.seen.map((s) => s.key)).toEqual(['msg-1', 'msg-1', 'msg-1']);
    expect(repo.recent(5)[0]).toMatchObject({ state: 'failed', attempts: 3, lastError: 'HTTP 503' });
  });

  it('sends the stored bytes, signed, once, and marks them sent', async () => {
    const g = await gateway(204);
    const { repo, turn } = shop();
    const delivery = createDelivery({
      ...{ repo, turn, log },
      gateway: () => ({ url: g.url, secret: 'secret-secret-secret' }),
      policy: { maxAttempts: 3, retryBaseMs: 20, retryCapMs: 100, timeoutMs: 2000 },
      onOutcome: () => {},
    });
    closers.push(() => delivery.stop());
    delivery.kick();
    await expect.poll(() => repo.recent(1)[0]?.state, { timeout: 5000 }).toBe('sent');
    expect(g.seen).toHaveLength(1);
    expect(g.seen[0]!.body).toBe('{"id":"msg-1","text":"A001号，轮到您了"}');
    const sig = parseNotifySignature(g.seen[0]!.sig)!;
    const mac = createHmac('sha256', 'secret-secret-secret').update(notifySignedText(sig.t, g.seen[0]!.body));
    expect(sig.v1).toBe(mac.digest('hex'));
  });
});
