// The faults a lounge screen meets in a week on the wall, each caused for real against a screen run
// by the harness, and how long the screen took to come back by itself: the time from the end of the
// fault (the hub up again, the network back) or, for faults inside the screen (a crashed renderer, a
// frozen page), from the fault itself, to the page saying its live link to the hub is up again.
import type { HubProcess } from '../hub-process.ts';
import type { FaultyLink } from './faulty-link.ts';
import type { KioskHarness } from './harness.ts';

export const faultKinds = [
  'hub-restart',
  'hub-503',
  'hub-hang',
  'network-drop',
  'renderer-crash',
  'frozen-page',
] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface FaultRig {
  hub: HubProcess;
  link: FaultyLink;
  kiosk: KioskHarness;
}

export interface Recovery {
  kind: FaultKind;
  /** Seconds from the end of the fault to the page connected again; null: not within the limit. */
  recoveredS: number | null;
  /** Whether the screen showed its own offline page during the fault (not the hub's error page). */
  showedOffline: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until the page says it is connected after `since`; seconds taken, or null after `limitMs`. */
export async function recoveredAfter(kiosk: KioskHarness, since: number, limitMs: number): Promise<number | null> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    const at = kiosk.connectedAfter(since);
    if (at !== null) return Math.round((at - since) / 100) / 10;
    await sleep(250);
  }
  return null;
}

/** Cause one fault, hold it for `holdMs` where it lasts, end it, and measure the recovery. */
export async function injectFault(
  kind: FaultKind,
  rig: FaultRig,
  holdMs: number,
  limitMs = 120_000,
): Promise<Recovery> {
  const { hub, link, kiosk } = rig;
  const began = Date.now();
  let ended: number;
  switch (kind) {
    case 'hub-restart':
      // A hub that does not stop within 10 s is killed (HubProcess says so by throwing): for the
      // screen that is the same fault, a hub gone and back.
      await hub.stop().catch((err: Error) => console.warn(`hub stop: ${err.message.split('\n')[0]}`));
      await sleep(holdMs);
      await hub.start();
      ended = Date.now();
      break;
    case 'hub-503':
    case 'hub-hang':
    case 'network-drop':
      link.set(kind === 'hub-503' ? 'http-503' : kind === 'hub-hang' ? 'hang' : 'drop');
      await sleep(holdMs);
      link.set('none');
      ended = Date.now();
      break;
    case 'renderer-crash':
      ended = Date.now();
      kiosk.contents.forcefullyCrashRenderer();
      break;
    case 'frozen-page':
      ended = Date.now();
      // The page's main thread stops for good: no timer, no event, no heartbeat ever again.
      await kiosk.page.evaluate(
        () =>
          void setTimeout(() => {
            for (;;);
          }, 0),
      );
      break;
  }
  const recoveredS = await recoveredAfter(kiosk, ended, limitMs);
  const showedOffline = kiosk.shown.some((s) => s.at >= began && s.url.startsWith('data:text/html'));
  return { kind, recoveredS, showedOffline };
}
