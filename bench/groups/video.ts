// Issue #6's measure of live video: glass-to-glass latency in Chromium, and what copying H.264
// costs the hub per camera and for sixteen cameras at once.
//
// 1. A simulated 720p25 camera (2 Mbit/s, one key frame a second, the wall clock burned in) is added
//    with the real CLI; the hub runs as a child process and pulls it with ffmpeg.
// 2. Chromium opens the live view (/live?camera=…) as a signed-in manager. Every 250 ms the bench
//    reads the wall clock minus the program date of the picture on screen (hls.js `playingDate`,
//    which the view reports); the first seconds are warm-up.
// 3. The ingest ffmpeg's CPU (from /proc) over 10 s: one camera.
// 4. Fifteen more cameras on the same simulated stream (the simulator serves any number of viewers,
//    so the encoding is paid once): the sixteen ingest ffmpegs' CPU together, and the hub's own.
//    The simulator's encoder is excluded: a real camera encodes on its own chip.
//
// Environment: BENCH_VIDEO_SECONDS (latency samples taken for, default 20).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, systemChromium } from '../../scripts/browser.ts';
import { startCameraSim } from '../../hardware/src/camera/sim.ts';
import { REPO_ROOT, startService } from '../children.ts';
import { defer } from '../cleanup.ts';
import { target, type BenchGroup, type Figures } from '../figures.ts';
import { cpuSeconds, cpuStallUs, procAvailable } from '../proc.ts';
import { percentile, round } from '../stats.ts';
import { HUB_BUNDLE } from '../hub-bundle.ts';

const run$ = promisify(execFile);
const SCREENS_INDEX = join(REPO_ROOT, 'apps/screens/dist/index.html');
const CAMERAS = 16;
const WARMUP_MS = 5_000;
const CPU_WINDOW_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pids of the direct children of `pid` whose command is `comm` (the hub's ingest ffmpegs). */
function childrenNamed(pid: number, comm: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && name === comm) out.push(Number(d));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** CPU of a set of processes over a window, as a percentage of one core. */
async function cpuOver(pids: number[], ms: number): Promise<number> {
  const before = pids.map(cpuSeconds);
  const t0 = Date.now();
  await sleep(ms);
  const used = pids.reduce((n, pid, i) => n + cpuSeconds(pid) - before[i]!, 0);
  return (used / ((Date.now() - t0) / 1000)) * 100;
}

async function until<T>(what: string, pick: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await pick().catch(() => undefined);
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(300);
  }
}

export const run: BenchGroup = async ({ log }) => {
  if (!procAvailable()) throw new Error('the video bench reads CPU from /proc: run it on Linux');
  if (!existsSync(SCREENS_INDEX))
    throw new Error('the screens are not built; run: pnpm --filter @glassbay/screens build');
  const seconds = Number(process.env.BENCH_VIDEO_SECONDS ?? 20);
  if (!(seconds > 0 && seconds <= 600)) throw new Error('BENCH_VIDEO_SECONDS must be a number of seconds up to 600');

  const dataDir = mkdtempSync(join(tmpdir(), 'glassbay-bench-video-'));
  const removeDir = defer(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    GLASSBAY_DATA_DIR: dataDir,
    GLASSBAY_HOST: '127.0.0.1',
    GLASSBAY_HTTP_PORT: '0',
    GLASSBAY_MQTT_PORT: '0',
    GLASSBAY_LOG_LEVEL: 'info',
    GLASSBAY_DISCOVERY: 'off',
  };
  const cli = (...args: string[]) =>
    run$(process.execPath, ['--import', 'tsx', 'apps/hub/src/cli/main.ts', ...args, '--json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
  const sim = await startCameraSim({ label: 'Bench 720p', width: 1280, height: 720, fps: 25, bitrateKbps: 2000 });
  const stopSim = defer(() => sim.stop());
  try {
    await cli('bay', 'add', 'bay-1', '--name', 'Bay 1');
    await cli('camera', 'add', 'cam-1', '--bay', 'bay-1', '--url', sim.url);
    const hub = await startService<{ http: string }>({
      name: 'hub',
      entry: HUB_BUNDLE,
      env,
      readyMsg: 'hub started',
      timeoutMs: 60_000,
    });
    try {
      const http = hub.ready.http;
      const setupCode = readFileSync(join(dataDir, 'setup-code.txt'), 'utf8').trim();
      const setup = await fetch(`${http}/api/staff/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          setupCode,
          username: 'bench.admin',
          displayName: 'Bench',
          password: 'bench password 1',
        }),
      });
      if (!setup.ok) throw new Error(`could not create the bench's admin: ${setup.status} ${await setup.text()}`);
      const session = setup.headers.getSetCookie()[0]!.split(';')[0]!;
      const [cookieName, cookieValue] = [
        session.slice(0, session.indexOf('=')),
        session.slice(session.indexOf('=') + 1),
      ];
      const live = (cam: string) => fetch(`${http}/hls/${cam}/live.m3u8`, { headers: { cookie: session } });
      await until('the camera online', async () => (await live('cam-1')).ok, 30_000);

      // 2. Glass to glass in Chromium.
      const browser = await chromium.launch({ executablePath: systemChromium(), args: CHROMIUM_ARGS });
      const closeBrowser = defer(() => browser.close());
      const latencies: number[] = [];
      let notPlaying = 0;
      let pressure: number | null = null;
      try {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en' });
        await context.addCookies([{ name: cookieName, value: cookieValue, url: http }]);
        const page = await context.newPage();
        await page.goto(`${http}/live?camera=cam-1&lang=en`);
        const read = () =>
          page.evaluate(() => {
            // In the page: the live view reports its player there (globalThis is the window).
            const v = (globalThis as unknown as { __glassbayVideo?: { status: string; playingDate: number | null } })
              .__glassbayVideo;
            return { now: Date.now(), status: v?.status ?? 'none', date: v?.playingDate ?? null };
          });
        await until('the live view playing', async () => (await read()).status === 'playing', 40_000);
        log(`live view playing; warm-up ${WARMUP_MS / 1000} s, then ${seconds} s of samples`);
        await sleep(WARMUP_MS);
        const stall0 = cpuStallUs();
        const began = Date.now();
        const end = began + seconds * 1000;
        while (Date.now() < end) {
          const r = await read();
          if (r.status === 'playing' && r.date !== null) latencies.push(r.now - r.date);
          else notPlaying++;
          await sleep(250);
        }
        const stall1 = cpuStallUs();
        if (stall0 !== null && stall1 !== null) pressure = ((stall1 - stall0) / 1000 / (Date.now() - began)) * 100;
      } finally {
        await closeBrowser();
      }

      // 3. One camera's ingest.
      const one = childrenNamed(hub.pid, 'ffmpeg');
      if (one.length !== 1) throw new Error(`expected one ingest ffmpeg under the hub, found ${one.length}`);
      const perCamera = await cpuOver(one, CPU_WINDOW_MS);
      log(`one camera: ingest ffmpeg ${perCamera.toFixed(2)}% of a core`);

      // 4. Sixteen cameras, one encoding fanned out.
      for (let i = 2; i <= CAMERAS; i++) await cli('camera', 'add', `cam-${i}`, '--bay', 'bay-1', '--url', sim.url);
      await until(
        `${CAMERAS} cameras online`,
        async () => {
          const all = await Promise.all(Array.from({ length: CAMERAS }, (_, i) => live(`cam-${i + 1}`)));
          return all.every((r) => r.ok) && childrenNamed(hub.pid, 'ffmpeg').length === CAMERAS;
        },
        60_000,
      );
      await sleep(3_000);
      const ingests = childrenNamed(hub.pid, 'ffmpeg');
      const [all16, hubCpu, encoder] = await Promise.all([
        cpuOver(ingests, CPU_WINDOW_MS),
        cpuOver([hub.pid], CPU_WINDOW_MS),
        cpuOver([sim.pid!], CPU_WINDOW_MS),
      ]);
      log(
        `${CAMERAS} cameras: ingest ffmpegs ${all16.toFixed(1)}%, hub ${hubCpu.toFixed(1)}%, simulator ${encoder.toFixed(1)}%`,
      );

      const sorted = Float64Array.from(latencies).sort();
      const p = (q: number) => round(percentile(sorted, q), 0);
      const figures: Figures = {
        glass_to_glass_p50_ms: {
          value: p(50),
          unit: 'ms',
          target: target('<', 2000),
          note: "wall clock minus the program date of the picture Chromium shows; the hub dates a segment when it arrives, so the camera's own encode and send time (tens of ms for the simulator) is not in it",
        },
        glass_to_glass_p95_ms: { value: p(95), unit: 'ms', target: target('<', 2000) },
        glass_to_glass_max_ms: { value: p(100), unit: 'ms' },
        cpu_pressure_pct: {
          value: pressure === null ? null : round(pressure, 1),
          unit: '%',
          note: 'share of the latency window in which some task waited for a CPU (Linux PSI): well above 0, the machine was busy',
        },
        latency_samples: { value: latencies.length, unit: 'samples', note: `${notPlaying} reads not playing` },
        cpu_pct_per_camera: {
          value: round(perCamera, 2),
          unit: '% core',
          note: 'the ingest ffmpeg copying one 720p25 2 Mbit/s camera',
        },
        cameras_16_cpu_pct: {
          value: round(all16, 1),
          unit: '% core',
          target: target('<', 50),
          note: 'the 16 ingest ffmpegs together; the simulator that encodes the stream once is excluded',
        },
        cameras_16_hub_cpu_pct: { value: round(hubCpu, 1), unit: '% core', note: "the hub's own process meanwhile" },
        simulator_cpu_pct: { value: round(encoder, 1), unit: '% core', note: 'the one 720p encoder (excluded above)' },
      };
      const warnings = hub.warnings.filter((w) => !w.includes('"setupCode"'));
      if (warnings.length) log(`the hub logged ${warnings.length} warnings, e.g. ${warnings[0]}`);
      return figures;
    } finally {
      await hub.stop();
    }
  } finally {
    await stopSim();
    await removeDir();
  }
};
