// `pnpm demo` as a first-time visitor meets it: the demo script runs as its own process (hub,
// embedded broker, SQLite, a real ffmpeg camera per bay, the simulated shop), and this test looks
// only through the hub's public doors. It walks in itself as a customer, like anyone at the kiosk,
// and follows its own car: within a minute of the shop opening there must be a busy workshop and
// people waiting, and its own car must come back with a repair clip its follow link plays.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { activeStages, routes, type JobStage } from '@glassbay/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, tempDataDir, testEnv } from '@glassbay/hub/testing';
import { createHubApi, type HubApi } from '../hardware/src/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SPEED = 120;
const BAYS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isActive = (s: JobStage) => (activeStages as readonly JobStage[]).includes(s);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('pnpm demo: a living shop', () => {
  const dataDir = tempDataDir('glassbay-demo-');
  let demo: ChildProcess;
  let output = '';
  let api: HubApi;
  let followToken: string;
  let ticketNumber: string;

  beforeAll(async () => {
    // As `pnpm demo` does: the hub's bundle holds the CLI the demo provisions its shop with.
    execFileSync('pnpm', ['--filter', '@glassbay/hub', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const [http, mqttPort] = [await freePort(), await freePort()];
    const env = { ...testEnv(dataDir), GLASSBAY_HTTP_PORT: String(http), GLASSBAY_MQTT_PORT: String(mqttPort) };
    // Its own process group, so the afterAll can end the demo and every ffmpeg it started at once.
    demo = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/demo.ts', '--speed', String(SPEED), '--bays', String(BAYS)],
      {
        cwd: ROOT,
        env: { ...process.env, ...env, GLASSBAY_DISCOVERY: 'off', GLASSBAY_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    demo.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    demo.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    api = createHubApi(`http://127.0.0.1:${http}`);

    // The hub is up before the demo has set its shop up: walk in first, for the quickest service.
    // Setting the shop up is the CLI once per device: seconds on a quiet machine, more on a busy one.
    const end = Date.now() + 120_000;
    for (;;) {
      if (demo.exitCode !== null) throw new Error(`the demo exited early:\n${output}`);
      const up = await api.get('/healthz').then(
        (r) => r.status < 500,
        () => false,
      );
      if (up) break;
      if (Date.now() > end) throw new Error(`the hub did not come up:\n${output}`);
      await sleep(200);
    }
    const receipt = await api.call(routes.checkIn, {
      body: {
        attemptId: randomBytes(12).toString('base64url'),
        lang: 'en',
        identity: { by: 'plate', plate: { mode: 'cn', text: '粤B12345' }, phone: '13800138000' },
        mileageKm: 42_000,
        categories: [],
        services: ['tyre-rotation'],
      },
    });
    followToken = receipt.followToken;
    ticketNumber = receipt.ticket.number;
    while (!output.includes('Ctrl-C stops the demo.')) {
      if (demo.exitCode !== null || Date.now() > end) throw new Error(`the demo did not start:\n${output}`);
      await sleep(200);
    }
  }, 150_000);

  afterAll(async () => {
    if (!demo || demo.exitCode !== null) return;
    const exited = new Promise((r) => demo.once('exit', r));
    demo.kill('SIGTERM');
    const clean = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!clean) process.kill(-demo.pid!, 'SIGKILL');
  });

  it('within a minute: 6+ cars in the workshop while people wait, and a delivered car with its repair clip', async () => {
    const password = randomBytes(12).toString('base64url');
    await addStaff(dataDir, 'test-manager', 'manager', password);
    const session = await api.signIn('test-manager', password);
    const deadline = Date.now() + 60_000;
    let busy: { jobs: number; waiting: number } | undefined;
    let mostActive = 0;
    let calledSeen = false;
    let clip: { url: string; durationMs: number | null } | undefined;
    let jobId: string | undefined;

    while (Date.now() < deadline && !(busy && clip)) {
      const [{ jobs }, { tickets }] = await Promise.all([
        api.call(routes.listJobs, {}, session),
        api.call(routes.listTickets, {}, session),
      ]);
      const active = jobs.filter((j) => isActive(j.stage)).length;
      const waiting = tickets.filter((t) => t.status === 'waiting').length;
      if (!busy && active >= 6 && waiting >= 1) busy = { jobs: active, waiting };
      mostActive = Math.max(mostActive, active);
      calledSeen ||= tickets.some((t) => t.status === 'called');
      jobId ??= jobs.find((j) => j.code === ticketNumber)?.id;
      const view = await api.call(routes.follow, { params: { token: followToken } });
      if (view.kind === 'job' && view.job.stage === 'delivered') {
        const video = await api.call(routes.jobVideoSession, { body: { followToken } });
        if (video.clip?.state === 'ready' && video.clip.url)
          clip = { url: video.clip.url, durationMs: video.clip.durationMs };
      }
      await sleep(500);
    }

    expect(
      busy,
      `no moment with 6+ active jobs and a waiting ticket within 60 s\n${output.slice(-3000)}`,
    ).toBeDefined();
    // The lounge shows 6 to 12 cars: the workshop takes no more, the rest wait in the queue to be called.
    expect(mostActive).toBeLessThanOrEqual(12);
    expect(calledSeen).toBe(true);
    expect(
      clip,
      `our car ${ticketNumber} was not delivered with a clip within 60 s\n${output.slice(-3000)}`,
    ).toBeDefined();
    const res = await api.get(clip!.url);
    expect(res.status).toBe(200);
    const mp4 = Buffer.from(await res.arrayBuffer());
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(mp4.length).toBeGreaterThan(10_000);
    expect(clip!.durationMs).toBeGreaterThan(0);

    // The wristband's times agreed with the hub's clock: every step of our car was timed by the band.
    const { steps } = await api.call(routes.jobSteps, { params: { jobId: jobId! } }, session);
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.filter((s) => s.clock !== 'device')).toEqual([]);
    // The technician cutting corners raised alerts, and each belongs to a job.
    const { alerts } = await api.call(routes.listAlerts, { query: { state: 'all' } }, session);
    expect(alerts.filter((a) => a.kind === 'short-operation').length).toBeGreaterThan(0);
    expect(alerts.filter((a) => a.jobId === null)).toEqual([]);
  }, 90_000);
});
