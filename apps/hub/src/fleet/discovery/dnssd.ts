// The hub's DNS-SD records (RFC 6763) over multicast DNS (RFC 6762), as plain data: which records
// announce the hub, and which of them answer a question a screen asks. No sockets here.
import { HUB_DNSSD_SERVICE, HUB_DNSSD_VERSION } from '@glassbay/protocol';
import type { QueryPacket, ResponseOutgoingPacket } from 'multicast-dns';

export type Answer = ResponseOutgoingPacket['answers'][number];
export type Question = QueryPacket['questions'][number];

/** The meta-query a generic browser sends to list every service type on the network [RFC 6763 §9]. */
export const SERVICES_META_QUERY = '_services._dns-sd._udp.local';
/** Host records live two minutes, the rest 75 minutes, as RFC 6762 §10 recommends. */
const TTL = { host: 120, service: 4500 } as const;

export interface HubAdvert {
  /** Stable across restarts, so a screen can tell this hub from another in the same shop. */
  hubId: string;
  /** Short host label (no dots), e.g. the machine's hostname. */
  hostLabel: string;
  port: number;
  /** IPv4 addresses the hub can be reached at. */
  addresses: readonly string[];
}

/** DNS labels allow letters, digits and hyphens; anything else in a hostname becomes a hyphen. */
export const safeLabel = (s: string): string =>
  s
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63) || 'glassbay-hub';

export const instanceName = (a: HubAdvert) => `Glassbay hub ${safeLabel(a.hostLabel)}.${HUB_DNSSD_SERVICE}`;
export const hostName = (a: HubAdvert) => `${safeLabel(a.hostLabel)}.local`;

/** TXT strings: the contract version, the hub's id and the scheme to use. */
export const txtOf = (a: HubAdvert) => [`v=${HUB_DNSSD_VERSION}`, `id=${a.hubId}`, 'scheme=http'];

/** Every record that describes the hub; `ttl: 0` makes the same set a goodbye [RFC 6762 §10.1]. */
export function hubRecords(a: HubAdvert, ttl?: 0): Answer[] {
  const instance = instanceName(a);
  const host = hostName(a);
  const t = (normal: number) => ttl ?? normal;
  return [
    { name: HUB_DNSSD_SERVICE, type: 'PTR', ttl: t(TTL.service), data: instance },
    {
      name: instance,
      type: 'SRV',
      ttl: t(TTL.host),
      flush: true,
      data: { port: a.port, target: host, priority: 0, weight: 0 },
    },
    { name: instance, type: 'TXT', ttl: t(TTL.service), flush: true, data: txtOf(a) },
    ...a.addresses.map((ip): Answer => ({ name: host, type: 'A', ttl: t(TTL.host), flush: true, data: ip })),
  ];
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
/** dns-packet decodes type 255 as 'ANY', though its type declarations leave it out. */
const is = (type: string, ...wanted: string[]) => type === 'ANY' || wanted.includes(type);

/**
 * The answer to a query, or null when the query is not about this hub. A question for the service
 * type gets the whole set (PTR with SRV, TXT and A as additionals would do; one packet with all of
 * them as answers is simpler for the screens and allowed).
 */
export function answerQuery(a: HubAdvert, questions: readonly Question[]): Answer[] | null {
  const instance = instanceName(a);
  const host = hostName(a);
  const records = hubRecords(a);
  const wanted = new Set<Answer>();
  for (const q of questions) {
    if (sameName(q.name, SERVICES_META_QUERY) && is(q.type, 'PTR')) {
      return [{ name: SERVICES_META_QUERY, type: 'PTR', ttl: TTL.service, data: HUB_DNSSD_SERVICE }];
    }
    if (sameName(q.name, HUB_DNSSD_SERVICE) || sameName(q.name, instance)) {
      for (const r of records) wanted.add(r);
    } else if (sameName(q.name, host) && is(q.type, 'A')) {
      for (const r of records) if (r.type === 'A') wanted.add(r);
    }
  }
  return wanted.size > 0 ? [...wanted] : null;
}
