// Issue #7's measure of the kiosk: the memory of a screen's page over a busy simulated hour. The demo
// (hub, eight bays with sensors, technicians' wristbands) runs as a child process at an accelerated
// clock; Chromium opens the pairing page as a new kiosk would, the bench approves it as a manager, and
// the page shows its role's board (the bay board by default) with the demo's events streaming in.
// After a warm-up, the renderer's memory is read (garbage collected first, so the figures are what the
// page keeps, not what it has yet to collect), then again after a simulated hour.
//
// Environment: BENCH_KIOSK_SPEED (simulated seconds per real second, default 30: an hour in 2 min),
// BENCH_KIOSK_SIM_MINUTES (the measured stretch, 60), BENCH_KIOSK_WARMUP_MINUTES (simulated, 10),
// BENCH_KIOSK_ROLE (bay-board; lounge-board shows the lounge board instead).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { KioskRoleSchema, kioskRolePaths, type KioskRole } from '@glassbay/protocol';
import { CHROMIUM_ARGS, systemChromium } from '../../scripts/browser.ts';
import { REPO_ROOT, startService } from '../children.ts';
import { defer } from '../cleanup.ts';
import { target, type BenchGroup, type Figures } from '../figures.ts';
import { rendererRss } from '../kiosk/renderers.ts';
import { procAvailable } from '../proc.ts';
import { percentile, round } from '../stats.ts';
import { SOAK_SCALE, soak } from '../kiosk/soak.ts';

const SCREENS_INDEX = join(REPO_ROOT, 'apps/screens/dist/index.html');
const SAMPLE_EVERY_MS = 10_000;
const MiB = 1024 * 1024;

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!(Number.isFinite(n) && n > 0))
    throw new Error(`${name}=${JSON.stringify(raw)} is not a positive number; unset it or see bench/README.md`);
  return n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sample {
  /** The page's renderer (the largest of the browser's renderers; see renderers.ts). */
  rssMb: number;
  /** Every renderer of the browser, for the log. */
  allMb: number[];
  heapMb: number;
}

/** What the page keeps: collect garbage first, then read the JS heap and the renderers' RSS. */
async function sample(cdp: CDPSession): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  const all = rendererRss();
  return { rssMb: all[0] ?? Number.NaN, allMb: all, heapMb: heap / MiB };
}

/** A manager approves the page's pairing code over the real API (first admin from the setup code). */
async function approveAsManager(httpUrl: string, dataDir: string, page: Page, role: KioskRole): Promise<void> {
  const codeBox = page.getByTestId('pairing-code');
  await codeBox.waitFor({ timeout: 30_000 });
  const code = await codeBox.getAttribute('aria-label');
  const setupCode = readFileSync(join(dataDir, 'setup-code.txt'), 'utf8').trim();
  const setup = await fetch(`${httpUrl}/api/staff/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ setupCode, username: 'bench.admin', displayName: 'Bench', password: 'bench password 1' }),
  });
  if (!setup.ok) throw new Error(`could not create the bench's admin: ${setup.status} ${await setup.text()}`);
  const cookie = setup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const approve = await fetch(`${httpUrl}/api/screens/pairing/${code}/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ name: 'Bench kiosk', role }),
  });
  if (!approve.ok) throw new Error(`could not approve the kiosk: ${approve.status} ${await approve.text()}`);
}

/**
 * `pnpm bench kiosk`: the soak (bench/kiosk/soak.ts) for recovery and memory under faults; with
 * BENCH_KIOSK_PAGE_HOUR=1 also the page's memory over a demo hour, as page_* figures.
 */
export const run: BenchGroup = async (ctx) => {
  const realMinutes = envNumber('BENCH_KIOSK_SOAK_MINUTES', 8);
  ctx.log(`kiosk soak: ${realMinutes} real minutes at ${SOAK_SCALE.factor}x liveness speed`);
  const r = await soak({ realMinutes, log: ctx.log });
  const LIMIT_S = 120;
  const times = r.recoveries.map((x) => x.recoveredS ?? LIMIT_S).sort((a, b) => a - b);
  const unrecovered = r.recoveries.filter((x) => x.recoveredS === null).length;
  const figures: Figures = {
    recovery_p95_s: {
      value: times.length ? round(percentile(times, 95), 1) : null,
      unit: 's',
      target: target('<', 30),
      note: 'end of a fault to the page connected again; an unrecovered fault counts as 120 s',
    },
    recovery_median_s: { value: times.length ? round(percentile(times, 50), 1) : null, unit: 's' },
    recovery_max_s: { value: times.length ? times.at(-1)! : null, unit: 's' },
    faults: { value: r.recoveries.length, unit: 'faults', note: faultList(r.recoveries) },
    faults_unrecovered: { value: unrecovered, unit: 'faults', target: target('=', 0) },
    rss_warm_mb: {
      value: round(r.rssWarmMb, 1),
      unit: 'MiB',
      note: 'both screens’ browsers, every process, after a GC',
    },
    rss_end_mb: { value: round(r.rssEndMb, 1), unit: 'MiB' },
    rss_growth_pct: {
      value: round(((r.rssEndMb - r.rssWarmMb) / r.rssWarmMb) * 100, 1),
      unit: '%',
      target: target('<', 10),
      note: 'from warm (after the first round of faults) to the end of the soak',
    },
    soak_real_minutes: { value: round(r.realMinutes, 1), unit: 'min' },
    soak_simulated_minutes: {
      value: round(r.realMinutes * SOAK_SCALE.factor, 0),
      unit: 'min',
      note: `liveness timings scaled ${SOAK_SCALE.factor}x (bench/kiosk/soak.ts)`,
    },
    check_ins: { value: r.checkIns, unit: 'tickets', note: 'walk-ins during the soak, shown on the queue board' },
  };
  if (process.env.BENCH_KIOSK_PAGE_HOUR === '1') {
    for (const [name, figure] of Object.entries(await pageHour(ctx))) figures[`page_${name}`] = figure;
  }
  return figures;
};

function faultList(recoveries: { kind: string; recoveredS: number | null }[]): string {
  const counts = new Map<string, number>();
  for (const r of recoveries) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} ×${n}`).join(', ');
}

/** Issue #7's page memory over a demo hour (the figures this group reported before the soak). */
const pageHour: BenchGroup = async ({ log }) => {
  if (!procAvailable()) throw new Error('the kiosk bench reads renderer memory from /proc: run it on Linux');
  if (!existsSync(SCREENS_INDEX))
    throw new Error('the screens are not built; run: pnpm --filter @glassbay/screens build');
  const speed = envNumber('BENCH_KIOSK_SPEED', 30);
  const simMinutes = envNumber('BENCH_KIOSK_SIM_MINUTES', 60);
  const warmupMinutes = envNumber('BENCH_KIOSK_WARMUP_MINUTES', 10);
  const role = KioskRoleSchema.parse(process.env.BENCH_KIOSK_ROLE ?? 'bay-board');
  const realMs = (simMin: number) => (simMin * 60_000) / speed;

  const dataDir = mkdtempSync(join(tmpdir(), 'glassbay-bench-kiosk-'));
  const removeDir = defer(() => rmSync(dataDir, { recursive: true, force: true }));
  try {
    log(`demo at ${speed}x: ${simMinutes} simulated minutes take ${Math.round(realMs(simMinutes) / 1000)} s`);
    const demo = await startService<{ http: string }>({
      name: 'demo',
      entry: 'bench/kiosk/demo-child.ts',
      env: {
        GLASSBAY_DATA_DIR: dataDir,
        GLASSBAY_HOST: '127.0.0.1',
        GLASSBAY_HTTP_PORT: '0',
        GLASSBAY_MQTT_PORT: '0',
        GLASSBAY_LOG_LEVEL: 'info',
        GLASSBAY_DISCOVERY: 'off',
        BENCH_KIOSK_SPEED: String(speed),
      },
      readyMsg: 'hub started',
      timeoutMs: 90_000,
    });
    try {
      const browser = await chromium.launch({ executablePath: systemChromium(), args: CHROMIUM_ARGS });
      const closeBrowser = defer(() => browser.close());
      try {
        const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Performance.enable');
        await cdp.send('Network.enable');
        let frames = 0;
        cdp.on('Network.webSocketFrameReceived', () => frames++);

        // As a new kiosk: the pairing page, a manager's approval, then the role's board by itself.
        await page.goto(`${demo.ready.http}/pair?role=${role}`);
        await approveAsManager(demo.ready.http, dataDir, page, role);
        await page.waitForURL((u) => u.pathname === kioskRolePaths[role], { timeout: 30_000 });
        log(`kiosk paired, showing ${kioskRolePaths[role]}; warming up for ${warmupMinutes} simulated minutes`);
        await sleep(realMs(warmupMinutes));

        const start = await sample(cdp);
        const framesAtStart = frames;
        let peakRss = start.rssMb;
        const began = Date.now();
        while (Date.now() - began < realMs(simMinutes)) {
          await sleep(Math.min(SAMPLE_EVERY_MS, realMs(simMinutes) - (Date.now() - began)));
          peakRss = Math.max(peakRss, rendererRss()[0] ?? 0);
        }
        const end = await sample(cdp);
        const received = frames - framesAtStart;
        log(`measured ${Math.round((Date.now() - began) / 1000)} s; ${received} socket frames reached the page`);
        const list = (mbs: number[]) => mbs.map((m) => m.toFixed(1)).join(' + ');
        log(`renderer RSS (MiB), the page's first: start ${list(start.allMb)}; end ${list(end.allMb)}`);

        const growth = (a: number, b: number) => round(((b - a) / a) * 100, 1);
        const figures: Figures = {
          rss_start_mb: {
            value: round(start.rssMb, 1),
            unit: 'MiB',
            note: "the page's renderer, after warm-up and a GC",
          },
          rss_end_mb: { value: round(end.rssMb, 1), unit: 'MiB' },
          rss_growth_pct: { value: growth(start.rssMb, end.rssMb), unit: '%', target: target('<', 10) },
          rss_peak_mb: { value: round(peakRss, 1), unit: 'MiB' },
          heap_start_mb: { value: round(start.heapMb, 2), unit: 'MiB' },
          heap_end_mb: { value: round(end.heapMb, 2), unit: 'MiB' },
          heap_growth_pct: { value: growth(start.heapMb, end.heapMb), unit: '%' },
          socket_frames: { value: received, unit: 'frames', note: 'state patches and fleet messages in the hour' },
          renderers: {
            value: end.allMb.length,
            unit: 'processes',
            note: "the browser's renderers; rss_* is the page's",
          },
          sim_minutes: { value: simMinutes, unit: 'min' },
          speed: { value: speed, unit: 'x' },
        };
        // The hub's first-start setup code is expected here (the bench uses it); anything else is worth a look.
        const warnings = demo.warnings.filter((w) => !w.includes('"setupCode"'));
        if (warnings.length) log(`the demo logged ${warnings.length} warnings, e.g. ${warnings[0]}`);
        return figures;
      } finally {
        await closeBrowser();
      }
    } finally {
      await demo.stop();
    }
  } finally {
    await removeDir();
  }
};
