// Finding the hub: the records parsed as plain data, and the browser for real over multicast DNS kept
// on this machine (loopback interface, TTL 1, a port of the test's own instead of 5353). The hub's own
// advertiser is tested in apps/hub; here a stand-in answers with the records the contract describes.
import { createSocket } from 'node:dgram';
import makeMdns from 'multicast-dns';
import { HUB_DNSSD_SERVICE } from '@glassbay/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverHub, hubsFromPacket, parseTxt, type DnsRecord } from './discovery.ts';
import { memoryLog } from './log.ts';

const instance = `Glassbay hub shop.${HUB_DNSSD_SERVICE}`;
function hubRecords(id: string, addresses: string[], port = 8080, ttl = 4500): DnsRecord[] {
  return [
    { name: HUB_DNSSD_SERVICE, type: 'PTR', ttl, data: instance },
    { name: instance, type: 'SRV', ttl, data: { port, target: 'shop.local', priority: 0, weight: 0 } },
    {
      name: instance,
      type: 'TXT',
      ttl,
      data: [Buffer.from('v=1'), Buffer.from(`id=${id}`), Buffer.from('scheme=http')],
    },
    ...addresses.map((a) => ({ name: 'shop.local', type: 'A', ttl, data: a })),
  ];
}

describe('hub records', () => {
  it('give the hub address by IP, preferring the address the answer came from', () => {
    const answers = hubRecords('a1b2', ['192.168.7.2', '10.0.0.5']);
    expect(hubsFromPacket({ answers }, '10.0.0.5')).toEqual([{ id: 'a1b2', url: 'http://10.0.0.5:8080', instance }]);
    expect(hubsFromPacket({ answers }, '172.16.0.1')[0]?.url).toBe('http://192.168.7.2:8080');
    // Records split between answers and additionals, as RFC 6763 §12 allows.
    expect(hubsFromPacket({ answers: answers.slice(0, 1), additionals: answers.slice(1) }, '10.0.0.5')).toHaveLength(1);
  });

  it('ignore goodbyes, other contract versions and other services', () => {
    expect(hubsFromPacket({ answers: hubRecords('a1b2', ['10.0.0.5'], 8080, 0) }, '10.0.0.5')).toEqual([]);
    const v2 = hubRecords('a1b2', ['10.0.0.5']).map((r) =>
      r.type === 'TXT' ? { ...r, data: [Buffer.from('v=2'), Buffer.from('id=a1b2')] } : r,
    );
    expect(hubsFromPacket({ answers: v2 }, '10.0.0.5')).toEqual([]);
    expect(hubsFromPacket({ answers: [{ name: '_printer._tcp.local', type: 'PTR', data: 'x' }] }, '10.0.0.5')).toEqual(
      [],
    );
  });

  it('read TXT key=value strings', () => {
    expect(parseTxt([Buffer.from('v=1'), 'ID=abc', Buffer.from('novalue')])).toEqual({ v: '1', id: 'abc' });
  });
});

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
const loopback = (port: number): makeMdns.Options => ({
  interface: '127.0.0.1',
  bind: '0.0.0.0',
  port,
  ttl: 1,
  loopback: true,
});
const realTimers = {
  setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
};

describe('discovering the hub over multicast DNS (loopback only)', () => {
  const open: makeMdns.MulticastDNS[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((m) => new Promise<void>((r) => m.destroy(() => r()))));
  });

  /** A stand-in hub that answers questions for the hub service. */
  function standInHub(port: number, id: string, hubPort: number) {
    const m = makeMdns(loopback(port));
    open.push(m);
    m.on('query', (q) => {
      if (q.questions.some((x) => x.name === HUB_DNSSD_SERVICE))
        m.respond({ answers: hubRecords(id, ['127.0.0.1'], hubPort) as never });
    });
    return new Promise<void>((r) => m.once('ready', () => r()));
  }

  it('finds a hub that starts after the screen, by asking again', async () => {
    const port = await freeUdpPort();
    const log = memoryLog();
    const search = discoverHub({ mdns: makeMdns(loopback(port)), timers: realTimers, log });
    // The hub comes up a moment later; the screen's next question finds it.
    await new Promise((r) => setTimeout(r, 300));
    await standInHub(port, 'feedc0de', 8123);
    await expect(search.found).resolves.toEqual({ id: 'feedc0de', url: 'http://127.0.0.1:8123', instance });
    expect(log.lines).toContainEqual(expect.objectContaining({ msg: 'discovery: found the hub' }));
  });

  it('takes the hub the config names when a network has two', async () => {
    const port = await freeUdpPort();
    await standInHub(port, 'aaaaaaaa', 8001);
    await standInHub(port, 'bbbbbbbb', 8002);
    const search = discoverHub({
      mdns: makeMdns(loopback(port)),
      timers: realTimers,
      log: memoryLog(),
      hubId: 'bbbbbbbb',
    });
    await expect(search.found).resolves.toMatchObject({ id: 'bbbbbbbb', url: 'http://127.0.0.1:8002' });
  });
});
