// Following a hub that was found on the network when it moves (a new DHCP lease): a search for the
// paired hub, accepting only a hub that proves its key, started by the watchdog after failed loads
// or by the move watch as soon as nothing listens at the hub's address (hub-moved.ts). The search
// changes nothing unless the paired hub answers at another address; then the screen follows it.
import type { HubCandidate } from './discovery.ts';
import { HubMoveWatch, MOVE_POLICY, probeOrigin } from './hub-moved.ts';
import type { Log } from './log.ts';
import type { HubTrust } from './shell.ts';
import { hubOrigin } from './trusted-url.ts';
import type { Timers } from './watchdog.ts';

const REDISCOVERY_GIVE_UP_MS = 10 * 60_000;

export function followHub(deps: {
  /** Whether the hub was found on the network (a configured address is never searched for). */
  discovered: boolean;
  search: (accept: (url: string) => Promise<boolean>) => { found: Promise<HubCandidate>; stop(): void };
  /** Ask an address to prove it is the paired hub. */
  prove: (url: string) => Promise<boolean | 'unreachable'>;
  trust: HubTrust;
  /** The hub is at a new address now: show its page. */
  moved: () => void;
  fetch: typeof fetch;
  timers: Timers;
  log: Log;
}) {
  const { trust, timers, log } = deps;
  let rediscovery: { stop(): void } | null = null;

  const rediscover = () => {
    if (!deps.discovered || rediscovery !== null) return;
    log.info('hub keeps failing: looking for it on the network again');
    // An address that does not answer now may answer later in the same search (the hub restarting).
    const current = deps.search(async (u) => {
      const proved = await deps.prove(u);
      if (proved === 'unreachable') throw new Error('no answer');
      return proved;
    });
    // One search at a time; each ends when it finds the hub, gives up, or the page's link is back.
    // The next failures may start another (the hub can move again the next day).
    const giveUp = timers.setTimeout(() => end(), REDISCOVERY_GIVE_UP_MS);
    const end = () => {
      timers.clearTimeout(giveUp);
      current.stop();
      if (rediscovery === handle) rediscovery = null;
    };
    const handle = { stop: end };
    rediscovery = handle;
    void current.found.then((hub) => {
      end();
      if (hubOrigin(hub.url) !== trust.hubUrl()) {
        log.warn('the hub moved: following it', { from: trust.hubUrl(), to: hub.url });
        trust.set(hub.url);
        deps.moved();
      }
    });
  };

  // The page's link dropping is the first sign of a moved hub.
  const moveWatch = deps.discovered
    ? new HubMoveWatch({
        timers,
        probe: () => probeOrigin(trust.hubUrl()!, deps.fetch, MOVE_POLICY.probeTimeoutMs),
        search: rediscover,
        endSearch: () => rediscovery?.stop(),
        log,
      })
    : null;

  return {
    /** The watchdog's "the hub keeps failing". */
    rediscover,
    /** What the page says about its live link to the hub. */
    link: (connected: boolean) => moveWatch?.link(connected),
    stop() {
      moveWatch?.stop();
      rediscovery?.stop();
    },
  };
}
