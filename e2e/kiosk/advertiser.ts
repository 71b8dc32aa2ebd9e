// What answers `_glassbay-hub._tcp.local` on a test's private multicast DNS (loopback only, a port of
// the test's own): the hub's advertisement as the hub's own advertiser words it (the hub does not
// advertise on loopback), pointing at wherever the hub is now, or a stranger's answer for the same id.
import { createSocket } from 'node:dgram';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HUB_DNSSD_SERVICE, HUB_DNSSD_VERSION } from '@glassbay/protocol';

const kioskDir = resolve(fileURLToPath(import.meta.url), '../../../apps/kiosk');
interface Responder {
  on(event: 'query', l: (q: { questions: { name: string }[] }) => void): unknown;
  on(event: 'ready', l: () => void): unknown;
  respond(packet: { answers: unknown[] }): void;
  destroy(cb?: () => void): void;
}
const makeMdns = createRequire(join(kioskDir, 'package.json'))('multicast-dns') as (o: object) => Responder;

export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Socket options that keep multicast DNS on this machine, on `port`. */
export const loopbackMdns = (port: number) => ({
  interface: '127.0.0.1',
  bind: '0.0.0.0',
  port,
  ttl: 1,
  loopback: true,
});

function records(hubId: string, address: string, port: number, label: string) {
  const instance = `Glassbay hub ${label}.${HUB_DNSSD_SERVICE}`;
  const target = `${label}.local`;
  const ttl = 120;
  return [
    { name: HUB_DNSSD_SERVICE, type: 'PTR', ttl, data: instance },
    { name: instance, type: 'SRV', ttl, data: { port, target, priority: 0, weight: 0 } },
    { name: instance, type: 'TXT', ttl, data: [`v=${HUB_DNSSD_VERSION}`, `id=${hubId}`, 'scheme=http'] },
    { name: target, type: 'A', ttl, data: address },
  ];
}

export class Advertiser {
  private constructor(
    private readonly mdns: Responder,
    private readonly where: () => { hubId: string; address: string; port: number } | null,
    private readonly label: string,
  ) {}

  /**
   * Say where the hub is, unasked, as the hub's own advertiser does when it starts (RFC 6762 §8.3:
   * twice, a second apart; apps/hub/src/fleet/discovery/advertise.ts).
   */
  announce(): void {
    const say = () => {
      const at = this.where();
      if (at) this.mdns.respond({ answers: records(at.hubId, at.address, at.port, this.label) });
    };
    say();
    setTimeout(say, 1_000).unref();
  }

  /** Answer every question for the hub service with `where()` (null: stay silent). */
  static async start(
    mdnsPort: number,
    where: () => { hubId: string; address: string; port: number } | null,
    label = 'shop',
  ): Promise<Advertiser> {
    const mdns = makeMdns(loopbackMdns(mdnsPort));
    mdns.on('query', (q) => {
      const at = where();
      if (at && q.questions.some((x) => x.name === HUB_DNSSD_SERVICE))
        mdns.respond({ answers: records(at.hubId, at.address, at.port, label) });
    });
    await new Promise<void>((r) => mdns.on('ready', () => r()));
    return new Advertiser(mdns, where, label);
  }

  close = () => new Promise<void>((r) => this.mdns.destroy(() => r()));
}

/** The hub's id, from its own signed answer (the id its advertisement carries). */
export async function hubIdOf(httpUrl: string): Promise<string> {
  const res = await fetch(`${httpUrl}/api/hub/identity`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nonce: '0'.repeat(64), origin: httpUrl }),
  });
  const body = (await res.json()) as { hubId: string };
  return body.hubId;
}
