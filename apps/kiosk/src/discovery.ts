// Finding the hub on the shop's network without an address typed in: the hub advertises itself with
// DNS-SD over multicast DNS (RFC 6762/6763); the shell asks for `_glassbay-hub._tcp.local` and takes the
// first hub that answers (or the one whose id the config names). Parsing is plain data; the socket is
// behind a small seam so tests can keep it on the loopback interface.
import { HUB_DNSSD_SERVICE, HUB_DNSSD_VERSION } from '@glassbay/protocol';
import type { Log } from './log.ts';
import type { Timers } from './watchdog.ts';

export interface HubCandidate {
  /** The hub's stable id from its TXT record. */
  id: string;
  /** The address to use, e.g. http://10.0.0.5:8080 (by IP: Chromium may not resolve .local names). */
  url: string;
  instance: string;
}

/** A DNS record as multicast-dns decodes it (only the fields read here). */
export interface DnsRecord {
  name: string;
  type: string;
  ttl?: number;
  data?: unknown;
}

export interface DnsPacket {
  answers?: DnsRecord[];
  additionals?: DnsRecord[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** TXT data arrives as Buffers (or strings); `key=value` pairs per RFC 6763 §6. */
export function parseTxt(data: unknown): Record<string, string> {
  const items = Array.isArray(data) ? data : [data];
  const out: Record<string, string> = {};
  for (const item of items) {
    const s = Buffer.isBuffer(item) ? item.toString('utf8') : typeof item === 'string' ? item : '';
    const eq = s.indexOf('=');
    if (eq > 0) out[s.slice(0, eq).toLowerCase()] = s.slice(eq + 1);
  }
  return out;
}

const isIpv4 = (s: unknown): s is string => typeof s === 'string' && /^\d{1,3}(\.\d{1,3}){3}$/.test(s);

/**
 * The hubs a response describes. `source` is the address the response came from: when the hub has
 * several addresses, the one it answered from is the one this screen can reach.
 */
export function hubsFromPacket(packet: DnsPacket, source: string): HubCandidate[] {
  const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])];
  const hubs: HubCandidate[] = [];
  for (const ptr of records) {
    // A record with TTL 0 is a goodbye: that hub is going away.
    if (ptr.type !== 'PTR' || !same(ptr.name, HUB_DNSSD_SERVICE) || ptr.ttl === 0 || typeof ptr.data !== 'string')
      continue;
    const instance = ptr.data;
    const srv = records.find((r) => r.type === 'SRV' && same(r.name, instance));
    const txt = parseTxt(records.find((r) => r.type === 'TXT' && same(r.name, instance))?.data);
    const target = (srv?.data as { port?: unknown; target?: unknown } | undefined) ?? {};
    if (typeof target.port !== 'number' || !txt.id || txt.v !== HUB_DNSSD_VERSION) continue;
    const addresses = records
      .filter((r) => r.type === 'A' && typeof target.target === 'string' && same(r.name, target.target))
      .map((r) => r.data)
      .filter(isIpv4);
    const address = addresses.includes(source) ? source : (addresses[0] ?? (isIpv4(source) ? source : null));
    if (!address) continue;
    const scheme = txt.scheme === 'https' ? 'https' : 'http';
    hubs.push({ id: txt.id, url: `${scheme}://${address}:${target.port}`, instance });
  }
  return hubs;
}

/** The part of a multicast-dns instance the browser uses. */
export interface MdnsLike {
  on(event: 'response', listener: (packet: DnsPacket, rinfo: { address: string }) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  query(q: { questions: { name: string; type: 'PTR' }[] }): void;
  destroy(cb?: () => void): void;
}

export const DISCOVERY_RETRY = { firstMs: 1_000, maxMs: 30_000 } as const;

/**
 * Ask until a hub answers (the hub may start after the screen), with growing pauses between the
 * questions. Resolves with the first hub found (or the one with `hubId`) that `accept` takes: a paired
 * screen accepts only the hub that proves it holds the key it paired with (hub-identity.ts), so a
 * stranger answering for `_glassbay-hub._tcp` is asked nothing further and sent nothing.
 */
export function discoverHub(deps: {
  mdns: MdnsLike;
  timers: Timers;
  log: Log;
  hubId?: string;
  accept?: (hub: HubCandidate) => Promise<boolean>;
}): {
  found: Promise<HubCandidate>;
  stop(): void;
} {
  const { mdns, timers, log } = deps;
  const accept = deps.accept ?? (() => Promise.resolve(true));
  let timer: unknown = null;
  let done = false;
  let pause: number = DISCOVERY_RETRY.firstMs;
  // Answers already being checked or refused in this search: each address is asked once.
  const seen = new Set<string>();
  const stop = () => {
    if (done) return;
    done = true;
    if (timer !== null) timers.clearTimeout(timer);
    mdns.destroy();
  };
  const found = new Promise<HubCandidate>((resolve) => {
    mdns.on('error', (err) => log.warn('discovery: multicast DNS failed; set hubUrl instead', { error: err.message }));
    mdns.on('response', (packet, rinfo) => {
      if (done) return;
      for (const hub of hubsFromPacket(packet, rinfo.address)) {
        if ((deps.hubId && hub.id !== deps.hubId) || seen.has(hub.url)) continue;
        seen.add(hub.url);
        void accept(hub).then(
          (ok) => {
            if (done) return;
            if (!ok) {
              log.warn('discovery: ignoring an answer that is not this screen’s hub', { url: hub.url, id: hub.id });
              return;
            }
            log.info('discovery: found the hub', { url: hub.url, id: hub.id });
            stop();
            resolve(hub);
          },
          // Could not ask it (gone, not a hub): another answer may come.
          () => seen.delete(hub.url),
        );
      }
    });
    const ask = () => {
      if (done) return;
      mdns.query({ questions: [{ name: HUB_DNSSD_SERVICE, type: 'PTR' }] });
      timer = timers.setTimeout(ask, pause);
      pause = Math.min(pause * 2, DISCOVERY_RETRY.maxMs);
    };
    ask();
  });
  return { found, stop };
}
