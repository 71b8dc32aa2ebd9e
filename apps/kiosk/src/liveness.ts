// Page liveness: a hub page that loaded but stopped living. The page beats through the preload API
// (KIOSK_HEARTBEAT_INTERVAL_MS); a page that has beaten before and then falls silent (a frozen event
// loop, a blank document after a script error) or whose live link to the hub stays down while it keeps
// beating (a dead socket) is reloaded. Decisions are a pure function of what was seen and `now`;
// the class below only keeps that state and asks on a timer.
import { KIOSK_SILENT_PAGE_MS, type Heartbeat } from '@glassbay/protocol';
import type { Log } from './log.ts';
import type { Timers } from './watchdog.ts';

export interface LivenessState {
  /** The shown document is a hub page that finished loading, since this time; null otherwise. */
  hubPageSince: number | null;
  /**
   * Whether any page has beaten since the shell started. A hub whose screens predate the heartbeat
   * never beats; its pages are not reloaded for silence.
   */
  beatsSeen: boolean;
  lastBeatAt: number | null;
  /** Since when the page says its live link is down; null while it is up (or unknown). */
  disconnectedSince: number | null;
}

export const initialLiveness: LivenessState = {
  hubPageSince: null,
  beatsSeen: false,
  lastBeatAt: null,
  disconnectedSince: null,
};

export interface LivenessPolicy {
  silentMs: number;
  disconnectedMs: number;
}

export const LIVENESS_POLICY: LivenessPolicy = {
  silentMs: KIOSK_SILENT_PAGE_MS,
  disconnectedMs: KIOSK_SILENT_PAGE_MS,
};

/** Why the page must be reloaded now, or null when it is alive (or not the shell's to judge). */
export function livenessVerdict(s: LivenessState, now: number, policy: LivenessPolicy): string | null {
  if (s.hubPageSince === null || !s.beatsSeen) return null;
  const lastSign = Math.max(s.hubPageSince, s.lastBeatAt ?? 0);
  if (now - lastSign >= policy.silentMs)
    return `silent page: no heartbeat for ${Math.round((now - lastSign) / 1000)} s`;
  if (s.disconnectedSince !== null && now - s.disconnectedSince >= policy.disconnectedMs)
    return `page lost the hub ${Math.round((now - s.disconnectedSince) / 1000)} s ago and did not get it back`;
  return null;
}

export class PageLiveness {
  private state: LivenessState = initialLiveness;
  private timer: unknown = null;

  constructor(
    private readonly deps: {
      timers: Timers;
      now: () => number;
      reload: (reason: string) => void;
      log: Log;
      policy?: LivenessPolicy;
      /** How often to judge; a tenth of the silence is plenty. */
      checkEveryMs?: number;
    },
  ) {}

  private get policy(): LivenessPolicy {
    return this.deps.policy ?? LIVENESS_POLICY;
  }

  start(): void {
    const every = this.deps.checkEveryMs ?? Math.max(1_000, Math.floor(this.policy.silentMs / 10));
    const tick = () => {
      this.timer = this.deps.timers.setTimeout(tick, every);
      this.check();
    };
    this.timer = this.deps.timers.setTimeout(tick, every);
  }

  stop(): void {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** A document finished loading; `hub` says whether it is the hub's page (not the offline page). */
  loaded(hub: boolean): void {
    this.state = { ...this.state, hubPageSince: hub ? this.deps.now() : null, disconnectedSince: null };
  }

  beat(beat: Heartbeat): void {
    const now = this.deps.now();
    const disconnectedSince = beat.connected === false ? (this.state.disconnectedSince ?? now) : null;
    this.state = { ...this.state, beatsSeen: true, lastBeatAt: now, disconnectedSince };
  }

  lastBeatAt(): number | null {
    return this.state.lastBeatAt;
  }

  check(): void {
    const reason = livenessVerdict(this.state, this.deps.now(), this.policy);
    if (reason === null) return;
    this.deps.log.warn('kiosk page is not alive: reloading', { reason });
    // Until the reloaded page finishes loading there is nothing to judge.
    this.state = { ...this.state, hubPageSince: null, disconnectedSince: null };
    this.deps.reload(reason);
  }
}
