// The kiosk soak: two screens run by the kiosk harness (e2e/kiosk/harness.ts: the shell's own code and
// preload, Debian's Chromium in kiosk mode) against the real hub for a simulated busy hour, with every
// fault a lounge wall meets injected in turn: hub restart, hub answering 503, hub hanging, network
// drop, renderer crash, frozen page, and the hub moving to 127.0.0.2 (and back). Walk-ins check in
// all along, so the queue board keeps changing.
//
// Time-scaled: the shell's liveness waits run 9x faster (20 s of silence instead of 3 min), its load
// timeout 3x (10 s instead of 30 s) and its back-off tops out at 4 s; BENCH_KIOSK_SOAK_MINUTES real
// minutes (default 8) therefore stand for about nine times as many minutes on the wall. Recovery is
// measured in real seconds: from the end of a fault (or the fault itself, for faults inside the
// screen) to the page saying its live link to the hub is up again.
import { queuePaths } from '@glassbay/protocol';
import { HubProcess } from '../../e2e/hub-process.ts';
import { Advertiser, freeUdpPort, hubIdOf, loopbackMdns } from '../../e2e/kiosk/advertiser.ts';
import { faultKinds, injectFault, recoveredAfter, type Recovery } from '../../e2e/kiosk/faults.ts';
import { FaultyLink } from '../../e2e/kiosk/faulty-link.ts';
import { KioskHarness } from '../../e2e/kiosk/harness.ts';
import { Manager } from '../../e2e/kiosk/manager.ts';
import { defer } from '../cleanup.ts';

export const SOAK_SCALE = {
  tuning: {
    liveness: { silentMs: 20_000, disconnectedMs: 20_000 },
    limits: { loadTimeoutMs: 10_000, hangGraceMs: 5_000, rediscoverAfter: 3 },
  },
  config: { watchdog: { baseDelayMs: 500, maxDelayMs: 4_000 } },
  /** How many times faster than the wall the shell's liveness runs here. */
  factor: 9,
};

export interface SoakResult {
  recoveries: (Omit<Recovery, 'kind'> & { kind: string; screen: string })[];
  /** Sum of each harness browser's processes' resident memory (MiB), warm and at the end. */
  rssWarmMb: number;
  rssEndMb: number;
  realMinutes: number;
  checkIns: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rssMb(kiosks: KioskHarness[]): Promise<number> {
  let kb = 0;
  for (const k of kiosks) {
    // What the page keeps, not what it has yet to collect.
    const cdp = await k.page.context().newCDPSession(k.page);
    await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
    await cdp.detach().catch(() => undefined);
    await k.refreshMetrics();
    kb += k.metrics.reduce((sum, m) => sum + m.memory.workingSetSize, 0);
  }
  return kb / 1024;
}

export async function soak(opts: { realMinutes: number; log: (line: string) => void }): Promise<SoakResult> {
  const { log } = opts;
  const hub = new HubProcess();
  const release = defer(() => hub.dispose());
  const closers: (() => Promise<void>)[] = [];
  try {
    await hub.start();
    const port = Number(new URL(hub.httpUrl).port);
    const manager = await Manager.create(hub.httpUrl, hub.dataDir);
    closers.push(() => manager.dispose());
    const hubId = await hubIdOf(hub.httpUrl);
    const mdnsPort = await freeUdpPort();
    const advert = await Advertiser.start(mdnsPort, () => (hub.running ? { hubId, address: hub.host, port } : null));
    closers.push(() => advert.close());

    // The queue board reaches the hub through a link that can fail; the lounge board finds the hub
    // over multicast DNS, and follows it when it moves.
    const link = new FaultyLink('127.0.0.3', () => ({ host: hub.host, port }));
    await link.listen();
    closers.push(() => link.close());
    const queue = await KioskHarness.launch({ hubUrl: link.origin, role: 'queue-board', ...SOAK_SCALE });
    closers.push(() => queue.close());
    const lounge = await KioskHarness.launch({
      hubUrl: null,
      role: 'lounge-board',
      mdns: loopbackMdns(mdnsPort),
      ...SOAK_SCALE,
    });
    closers.push(() => lounge.close());
    log(`kiosk soak: two screens in Chromium ${queue.mode}`);
    await manager.approve(queue.page, 'Queue TV', 'queue-board');
    await manager.approve(lounge.page, 'Lounge TV', 'lounge-board');
    for (const k of [queue, lounge])
      if ((await recoveredAfter(k, 0, 60_000)) === null) throw new Error('a screen never connected after pairing');

    // Walk-ins all along: the queue board has something to show and change.
    let checkIns = 0;
    let walking = true;
    const walkIns = (async () => {
      while (walking) {
        await sleep(5_000);
        if (!hub.running) continue;
        const res = await fetch(new URL(queuePaths.checkIn, hub.httpUrl), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            attemptId: `soak-${checkIns}-${Date.now()}`,
            lang: 'zh-CN',
            identity: {
              by: 'plate',
              plate: { mode: 'cn', text: `粤B${String(10000 + checkIns)}` },
              phone: '13800138000',
            },
            mileageKm: 40_000,
            categories: [],
            services: ['oil-change'],
          }),
        }).catch(() => null);
        if (res?.ok) checkIns++;
      }
    })();

    const began = Date.now();
    const until = began + opts.realMinutes * 60_000;
    const recoveries: SoakResult['recoveries'] = [];
    let rssWarmMb: number | null = null;
    let moved = false;
    while (Date.now() < until) {
      for (const kind of faultKinds) {
        if (Date.now() >= until) break;
        const hold = kind === 'hub-503' || kind === 'hub-hang' ? 35_000 : 10_000;
        // Faults inside a screen go to one screen; faults of the hub or the network to the queue
        // board's view of it (the lounge board lives through the hub's own faults too).
        const target =
          kind === 'frozen-page' || kind === 'renderer-crash' ? (recoveries.length % 2 ? lounge : queue) : queue;
        const r = await injectFault(kind, { hub, link, kiosk: target }, hold);
        recoveries.push({ ...r, screen: target === queue ? 'queue' : 'lounge' });
        log(`  ${kind} (${target === queue ? 'queue' : 'lounge'} board): back in ${r.recoveredS ?? 'never'} s`);
        if (kind === 'hub-restart') {
          const lr = await recoveredAfter(lounge, Date.now() - 1_000, 120_000);
          if (lr === null) recoveries.push({ kind, recoveredS: null, showedOffline: false, screen: 'lounge' });
        }
      }
      // The hub moves (a new DHCP lease) and the lounge board, which found it by discovery, follows.
      if (Date.now() < until) {
        await hub.stop().catch((err: Error) => log(`  hub stop: ${err.message.split('\n')[0]}`));
        hub.host = moved ? '127.0.0.1' : '127.0.0.2';
        moved = !moved;
        await hub.start();
        advert.announce();
        const at = Date.now();
        const back = await recoveredAfter(lounge, at, 180_000);
        await recoveredAfter(queue, at, 60_000);
        recoveries.push({ kind: 'hub-moves', recoveredS: back, showedOffline: false, screen: 'lounge' });
        log(`  hub moved to ${hub.host} (lounge board): back in ${back ?? 'never'} s`);
      }
      // Warm once the first round of faults is behind both screens.
      rssWarmMb ??= await rssMb([queue, lounge]);
    }
    walking = false;
    await walkIns;
    const rssEndMb = await rssMb([queue, lounge]);
    return {
      recoveries,
      rssWarmMb: rssWarmMb ?? rssEndMb,
      rssEndMb,
      realMinutes: (Date.now() - began) / 60_000,
      checkIns,
    };
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await release();
  }
}
