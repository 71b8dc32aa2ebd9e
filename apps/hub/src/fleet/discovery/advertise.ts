// Advertise the hub on the shop's network over multicast DNS, so a new screen finds it without anyone
// typing an address. Announces at start (twice, a second apart [RFC 6762 §8.3]), answers queries for
// its service type, and says goodbye when the hub stops.
import { networkInterfaces } from 'node:os';
import makeMdns from 'multicast-dns';
import type { Logger } from '../../logger.ts';
import { answerQuery, hubRecords, type HubAdvert } from './dnssd.ts';

export interface AdvertiseOptions extends HubAdvert {
  log: Logger;
  /** Socket options; tests keep everything on the loopback interface and a port of their own. */
  mdns?: makeMdns.Options;
}

export interface Advertiser {
  stop(): Promise<void>;
}

/** Non-internal IPv4 addresses of this machine, or the one address the hub is bound to. */
export function reachableAddresses(host: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return /^\d+\.\d+\.\d+\.\d+$/.test(host) ? [host] : [];
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
}

/** Loopback-only hubs (tests, a developer's machine) have nobody on the network to tell. */
export const isLoopbackHost = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

export function advertiseHub(opts: AdvertiseOptions): Advertiser {
  const { log } = opts;
  const mdns = makeMdns(opts.mdns);
  const timers: NodeJS.Timeout[] = [];
  const announce = () =>
    mdns.respond({ answers: hubRecords(opts) }, (err) => err && log.debug({ err }, 'mDNS announce failed'));

  mdns.on('error', (err: Error) =>
    log.warn({ err: err.message }, 'mDNS: discovery unavailable; screens need the hub address set'),
  );
  mdns.on('query', (query) => {
    const answers = answerQuery(opts, query.questions);
    if (answers) mdns.respond({ answers });
  });
  mdns.on('ready', () => {
    announce();
    timers.push(setTimeout(announce, 1_000));
    log.info(
      { hubId: opts.hubId, port: opts.port, addresses: opts.addresses },
      'advertising the hub on the local network (mDNS)',
    );
  });

  return {
    stop: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        const close = () => mdns.destroy(() => resolve());
        try {
          // Screens drop the hub from their lists at once instead of waiting for the records to age.
          mdns.respond({ answers: hubRecords(opts, 0) }, close);
        } catch {
          close();
        }
      }),
  };
}
