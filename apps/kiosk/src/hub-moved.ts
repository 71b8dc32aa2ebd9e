// A hub found on the network can move (a new DHCP lease, a replaced box). The page notices first: its
// live link drops. Waiting for the page liveness verdict (minutes) and then for several failed loads
// before looking again left a moved hub's screens dark for half a minute or more. Instead, while the
// page says its link is down, the shell asks the hub's address itself: a hub that restarts or is slow
// is still there (or back soon) and the page reconnects by itself; an address where nothing listens
// any more, twice in a row, starts the search for the paired hub. The search changes nothing unless
// the paired hub proves itself at another address, so a blip never reloads a healthy page.
import type { Log } from './log.ts';
import type { Timers } from './watchdog.ts';

/** What the hub's address said: something answered (any HTTP status), nothing listens, or no answer. */
export type Probe = 'answered' | 'refused' | 'silent';

export interface MovePolicy {
  probeEveryMs: number;
  /** Refusals in a row after which the search starts. */
  refusedBeforeSearch: number;
  probeTimeoutMs: number;
}

export const MOVE_POLICY: Readonly<MovePolicy> = { probeEveryMs: 2_000, refusedBeforeSearch: 2, probeTimeoutMs: 3_000 };

/** Pure: the refusals in a row after one more probe, and whether to search now. */
export function afterProbe(refusedInRow: number, probe: Probe, policy: MovePolicy) {
  // Only refusals count: a hub that hangs or errs is still at its address.
  const next = probe === 'refused' ? refusedInRow + 1 : 0;
  return { refusedInRow: next, search: next === policy.refusedBeforeSearch };
}

/** Socket errors meaning nobody is at that address (as opposed to someone there not answering). */
const NOBODY = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** Ask an origin whether anything listens there; any HTTP answer counts (the hub may be starting). */
export async function probeOrigin(origin: string, fetchFn: typeof fetch, timeoutMs: number): Promise<Probe> {
  try {
    const res = await fetchFn(new URL('/', origin), { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel().catch(() => undefined);
    return 'answered';
  } catch (err) {
    const code = (err as { cause?: { code?: unknown } }).cause?.code;
    return typeof code === 'string' && NOBODY.has(code) ? 'refused' : 'silent';
  }
}

export class HubMoveWatch {
  private timer: unknown = null;
  private refusedInRow = 0;
  private down = false;

  constructor(
    private readonly deps: {
      timers: Timers;
      probe: () => Promise<Probe>;
      /** Start looking for the paired hub (idempotent: one search at a time). */
      search: () => void;
      /** The link is back: a search still running has nothing left to find. */
      endSearch: () => void;
      log: Log;
      policy?: MovePolicy;
    },
  ) {}

  private get policy(): MovePolicy {
    return this.deps.policy ?? MOVE_POLICY;
  }

  /** What the page says about its live link to the hub (on change and with every beat). */
  link(connected: boolean): void {
    if (connected) {
      if (this.down) this.deps.endSearch();
      this.stop();
      return;
    }
    if (this.down) return;
    this.down = true;
    this.refusedInRow = 0;
    this.schedule(0);
  }

  stop(): void {
    this.down = false;
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = null;
      void this.deps.probe().then((probe) => {
        if (!this.down) return;
        const next = afterProbe(this.refusedInRow, probe, this.policy);
        this.refusedInRow = next.refusedInRow;
        if (next.search) {
          this.deps.log.info('nothing listens at the hub’s address: looking for it on the network', { probe });
          // The search runs until it finds the hub or gives up; nothing more to learn by asking here.
          this.deps.search();
          return;
        }
        this.schedule(this.policy.probeEveryMs);
      });
    }, ms);
  }
}
