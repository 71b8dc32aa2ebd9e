// The advertisement for real over multicast DNS, kept on this machine: the loopback interface, a
// multicast TTL of 1 and a port of the test's own instead of 5353.
import { createSocket } from 'node:dgram';
import makeMdns from 'multicast-dns';
import { HUB_DNSSD_SERVICE } from '@glassbay/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.ts';
import { advertiseHub, isLoopbackHost, reachableAddresses, type Advertiser } from './advertise.ts';

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

describe('advertising the hub over multicast DNS (loopback only)', () => {
  let advertiser: Advertiser | undefined;
  let browser: makeMdns.MulticastDNS | undefined;
  afterEach(async () => {
    await advertiser?.stop();
    await new Promise<void>((r) => (browser ? browser.destroy(() => r()) : r()));
    advertiser = browser = undefined;
  });

  it('answers a screen asking for Glassbay hubs, and says goodbye when it stops', async () => {
    const port = await freeUdpPort();
    browser = makeMdns(loopback(port));
    /** Records as they arrive; an OPT pseudo-record never does here, so every one has a ttl and data. */
    const responses: { type: string; ttl: number; data: unknown }[][] = [];
    browser.on('response', (r) => responses.push(r.answers as unknown as (typeof responses)[number]));
    await new Promise<void>((r) => browser!.once('ready', () => r()));

    advertiser = advertiseHub({
      hubId: 'feedc0de',
      hostLabel: 'hub',
      port: 8080,
      addresses: ['127.0.0.1'],
      log: createLogger('silent'),
      mdns: loopback(port),
    });
    // The announcement at start arrives unasked…
    await expect.poll(() => responses.length, { timeout: 5000 }).toBeGreaterThan(0);
    // …and a question is answered.
    const before = responses.length;
    browser.query({ questions: [{ name: HUB_DNSSD_SERVICE, type: 'PTR' }] });
    await expect.poll(() => responses.length, { timeout: 5000 }).toBeGreaterThan(before);
    const answer = responses.at(-1)!;
    expect(answer.find((a) => a.type === 'SRV')?.data).toMatchObject({ port: 8080, target: 'hub.local' });
    expect(answer.find((a) => a.type === 'A')?.data).toBe('127.0.0.1');
    expect(answer.find((a) => a.type === 'TXT')?.data).toEqual(expect.arrayContaining([Buffer.from('id=feedc0de')]));

    await advertiser.stop();
    advertiser = undefined;
    await expect.poll(() => responses.at(-1)?.every((a) => a.ttl === 0), { timeout: 5000 }).toBe(true);
  });

  it('does not advertise a hub that only listens on loopback, and names the bound address otherwise', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(reachableAddresses('10.1.2.3')).toEqual(['10.1.2.3']);
    expect(reachableAddresses('0.0.0.0').every((a) => !a.startsWith('127.'))).toBe(true);
  });
});
