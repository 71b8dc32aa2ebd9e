// Issue #4's measure: how long after a bay sensor sees a job's car arrive the lounge board and the
// customer's phone show the job in service ("both update within a second"). The hub runs as
// production does (the bundle, a child process); a real MQTT sensor publishes, a public socket.io
// screen and a phone on the follow channel receive. Each round puts the job back to waiting and the
// bay free, then times one arrival from publish to each screen's update.
// Environment: BENCH_JOBS_ROUNDS (default 50).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  FOLLOW_NAMESPACE,
  FollowEvents,
  SocketEvents,
  jobPaths,
  staffPaths,
  topics,
  type FollowServerEvents,
  type Patch,
  type ServerToClientEvents,
} from '@glassbay/protocol';
import mqtt from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import { REPO_ROOT, startService } from '../children.ts';
import { defer } from '../cleanup.ts';
import { target, type BenchGroup } from '../figures.ts';
import { HUB_BUNDLE } from '../hub-bundle.ts';
import { percentile, round } from '../stats.ts';

const run$ = promisify(execFile);
const rounds = Number(process.env.BENCH_JOBS_ROUNDS ?? 50);

interface Ready {
  http: string;
  mqtt: string;
}

function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() > end) return reject(new Error(`gave up waiting for ${what}`));
      setTimeout(tick, 2);
    };
    tick();
  });
}

export const run: BenchGroup = async ({ log }) => {
  if (!Number.isInteger(rounds) || rounds <= 0) throw new Error('BENCH_JOBS_ROUNDS must be a positive whole number');
  const dataDir = mkdtempSync(join(tmpdir(), 'glassbay-bench-jobs-'));
  const removeDir = defer(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    GLASSBAY_DATA_DIR: dataDir,
    GLASSBAY_HOST: '127.0.0.1',
    GLASSBAY_HTTP_PORT: '0',
    GLASSBAY_MQTT_PORT: '0',
    GLASSBAY_LOG_LEVEL: 'info',
  };
  const cli = async <T>(...args: string[]) =>
    JSON.parse(
      (
        await run$(process.execPath, ['--import', 'tsx', 'apps/hub/src/cli/main.ts', ...args, '--json'], {
          cwd: REPO_ROOT,
          env: { ...process.env, ...env },
        })
      ).stdout,
    ) as T;
  try {
    await cli('bay', 'add', 'bay-1', '--name', 'Bay 1');
    const creds = (
      await cli<{ mqtt: { username: string; password: string } }>(
        'device',
        'add',
        'bay-1-sensor',
        '--kind',
        'bay-sensor',
        '--bay',
        'bay-1',
      )
    ).mqtt;
    const hub = await startService<Ready>({ name: 'hub', entry: HUB_BUNDLE, env, readyMsg: 'hub started' });
    const closers: (() => unknown)[] = [];
    try {
      const url = (p: string) => `${hub.ready.http}${p}`;
      const setupCode = readFileSync(join(dataDir, 'setup-code.txt'), 'utf8').trim();
      const setup = await fetch(url(staffPaths.setup), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ setupCode, username: 'bench', displayName: 'Bench', password: 'bench password 1' }),
      });
      const cookie = setup.headers.getSetCookie()[0]!.split(';')[0]!;
      const call = async <T>(method: string, path: string, body?: unknown) => {
        const res = await fetch(url(path), {
          method,
          headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
        return (await res.json()) as T;
      };
      const created = await call<{ job: { id: string }; followToken: string }>('POST', jobPaths.jobs, {
        plate: '粤B12345',
        services: ['oil-change'],
        bayId: 'bay-1',
      });
      const jobId = created.job.id;
      const move = (to: string) => call('POST', jobPaths.stage.replace(':jobId', jobId), { to });

      // The lounge board's socket and the customer's phone, each noting when it saw the job in service.
      let boardStage = '';
      let boardAt = 0;
      const board: Socket<ServerToClientEvents> = io(hub.ready.http, {
        transports: ['websocket'],
        auth: { audience: 'public' },
        forceNew: true,
      });
      closers.push(() => board.close());
      board.on(SocketEvents.patches, (batch: Patch[]) => {
        for (const p of batch) {
          if (p.collection !== 'jobs' || p.id !== jobId || !p.value) continue;
          boardStage = p.value.stage;
          if (boardStage === 'in-service') boardAt = performance.now();
        }
      });
      let phoneStage = '';
      let phoneAt = 0;
      const phone: Socket<FollowServerEvents> = io(`${hub.ready.http}${FOLLOW_NAMESPACE}`, {
        transports: ['websocket'],
        auth: { token: created.followToken },
        forceNew: true,
      });
      closers.push(() => phone.close());
      phone.on(FollowEvents.view, (v) => {
        if (v.kind !== 'job') return;
        phoneStage = v.job.stage;
        if (phoneStage === 'in-service') phoneAt = performance.now();
      });
      await waitFor(() => board.connected && phone.connected, 'the screens to connect');

      const sensor = await mqtt.connectAsync(hub.ready.mqtt, {
        clientId: creds.username,
        username: creds.username,
        password: creds.password,
        protocolVersion: 4,
        reconnectPeriod: 0,
      });
      closers.push(() => sensor.endAsync(true));
      let seq = 0;
      const publish = (occupied: boolean) =>
        sensor.publishAsync(
          topics.baySensor('bay-1', 'bay-1-sensor'),
          JSON.stringify({ seq: ++seq, ts: Date.now(), occupied }),
          { qos: 1 },
        );

      log(`timing ${rounds} arrivals of the job's car on its bay`);
      const toBoard: number[] = [];
      const toPhone: number[] = [];
      await move('waiting');
      for (let i = 0; i < rounds; i++) {
        await publish(false);
        await waitFor(() => boardStage === 'waiting' && phoneStage === 'waiting', 'the job back in waiting');
        boardAt = phoneAt = 0;
        const t0 = performance.now();
        await publish(true);
        await waitFor(() => boardAt > 0 && phoneAt > 0, 'both screens to show the job in service');
        toBoard.push(boardAt - t0);
        toPhone.push(phoneAt - t0);
        await move('waiting');
      }
      toBoard.sort((a, b) => a - b);
      toPhone.sort((a, b) => a - b);
      return {
        sensor_to_lounge_p50_ms: { value: round(percentile(toBoard, 50), 1), unit: 'ms' },
        sensor_to_lounge_p95_ms: { value: round(percentile(toBoard, 95), 1), unit: 'ms', target: target('<', 1000) },
        sensor_to_phone_p50_ms: { value: round(percentile(toPhone, 50), 1), unit: 'ms' },
        sensor_to_phone_p95_ms: { value: round(percentile(toPhone, 95), 1), unit: 'ms', target: target('<', 1000) },
        rounds: {
          value: rounds,
          unit: 'arrivals',
          note: 'from the sensor publishing (MQTT QoS 1) to each screen receiving the job in service',
        },
      };
    } finally {
      for (const c of closers.reverse()) await Promise.resolve(c()).catch(() => {});
      await hub.stop();
    }
  } finally {
    await removeDir();
  }
};
