import { HUB_DNSSD_SERVICE } from '@glassbay/protocol';
import { describe, expect, it } from 'vitest';
import {
  SERVICES_META_QUERY,
  answerQuery,
  hostName,
  hubRecords,
  instanceName,
  safeLabel,
  type Answer,
} from './dnssd.ts';

/** The records built here are never OPT pseudo-records: each has a ttl and data. */
const plain = (a: Answer[]) => a as unknown as { type: string; ttl: number; data: unknown }[];

const advert = { hubId: 'a1b2c3d4', hostLabel: 'shop_hub.lan', port: 8080, addresses: ['10.0.0.5', '192.168.1.9'] };

describe('the hub DNS-SD records', () => {
  it('name the service, the host and port, the addresses and the hub id', () => {
    const records = hubRecords(advert);
    const instance = instanceName(advert);
    expect(instance).toBe(`Glassbay hub shop-hub-lan.${HUB_DNSSD_SERVICE}`);
    expect(records).toContainEqual(expect.objectContaining({ name: HUB_DNSSD_SERVICE, type: 'PTR', data: instance }));
    expect(records).toContainEqual(
      expect.objectContaining({
        name: instance,
        type: 'SRV',
        data: expect.objectContaining({ port: 8080, target: 'shop-hub-lan.local' }),
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({ type: 'TXT', data: ['v=1', 'id=a1b2c3d4', 'scheme=http'] }),
    );
    expect(
      plain(records)
        .filter((r) => r.type === 'A')
        .map((r) => r.data),
    ).toEqual(['10.0.0.5', '192.168.1.9']);
  });

  it('say goodbye with the same records at TTL 0', () => {
    expect(plain(hubRecords(advert, 0)).every((r) => r.ttl === 0)).toBe(true);
  });

  it('answer a question for the service, the instance or the host, and nothing else', () => {
    expect(answerQuery(advert, [{ name: HUB_DNSSD_SERVICE, type: 'PTR' }])).toHaveLength(5);
    expect(answerQuery(advert, [{ name: instanceName(advert).toUpperCase(), type: 'SRV' }])).toHaveLength(5);
    expect(answerQuery(advert, [{ name: hostName(advert), type: 'A' }])?.map((r) => r.type)).toEqual(['A', 'A']);
    expect(answerQuery(advert, [{ name: '_printer._tcp.local', type: 'PTR' }])).toBeNull();
    expect(answerQuery(advert, [{ name: SERVICES_META_QUERY, type: 'PTR' }])).toEqual([
      expect.objectContaining({ data: HUB_DNSSD_SERVICE }),
    ]);
  });

  it('turn any hostname into a valid DNS label', () => {
    expect(safeLabel('车间 hub #1')).toBe('hub-1');
    expect(safeLabel('***')).toBe('glassbay-hub');
  });
});
