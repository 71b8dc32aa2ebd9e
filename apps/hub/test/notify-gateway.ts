// A real webhook receiver for the notify tests: an HTTP server on 127.0.0.1 standing in for the
// shop's SMS/WeChat gateway. It checks each delivery's HMAC signature as the README tells a gateway
// to, and dedupes by Idempotency-Key as a gateway should; it can refuse (503) on request.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NOTIFY_HEADERS, notifySignedText, parseNotifySignature, type NotifyWebhookBody } from '@glassbay/protocol';

export function verify(secret: string, header: string | undefined, raw: string): boolean {
  const sig = parseNotifySignature(header);
  if (!sig) return false;
  const mac = createHmac('sha256', secret).update(notifySignedText(sig.t, raw)).digest();
  return timingSafeEqual(mac, Buffer.from(sig.v1, 'hex'));
}

export class TestGateway {
  mode: 'accept' | 'refuse' = 'accept';
  /** Every attempt's key, in order, accepted or not. */
  readonly attempts: string[] = [];
  /** Accepted deliveries by Idempotency-Key: a key seen twice here is a message sent twice. */
  readonly accepted = new Map<string, NotifyWebhookBody[]>();
  badSignatures = 0;
  private server: Server;
  url = '';
  constructor(private readonly secret: string) {
    this.server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => {
        const sig = req.headers[NOTIFY_HEADERS.signature.toLowerCase()] as string | undefined;
        const key = req.headers[NOTIFY_HEADERS.idempotencyKey.toLowerCase()] as string;
        if (!verify(this.secret, sig, raw)) this.badSignatures++;
        this.attempts.push(key);
        if (this.mode === 'refuse') {
          res.writeHead(503).end('busy');
          return;
        }
        const body = JSON.parse(raw) as NotifyWebhookBody;
        this.accepted.set(key, [...(this.accepted.get(key) ?? []), body]);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
  }
  async listen(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/glassbay`;
    return this;
  }
  /** Every accepted message, once each. */
  messages(): NotifyWebhookBody[] {
    return [...this.accepted.values()].map((v) => v[0]!);
  }
  async until<T>(pick: () => T | undefined | false, timeoutMs = 8000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = pick();
      if (v) return v;
      if (Date.now() > end) throw new Error(`gateway: condition not met in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** An address where nothing listens: a gateway that is down. */
export async function deadUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}/hooks`;
}
