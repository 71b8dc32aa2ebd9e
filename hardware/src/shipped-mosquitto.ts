// The shipped production Mosquitto config (hardware/mosquitto/mosquitto.conf), run for real with only
// its address, paths, OS user and log destination swapped for a test's, and faults a test can cause:
// kill -9 and a restart on the same port and persistence directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHIPPED_CONF = fileURLToPath(new URL('../mosquitto/mosquitto.conf', import.meta.url));
export const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/opt/homebrew/sbin/mosquitto'].find(
  (p) => existsSync(p),
);

/** The production config with this machine's test values; fails if the config changed shape. */
export function testConf(dataDir: string, port: number): string {
  const swaps: [RegExp, string][] = [
    [/^user glassbay$/m, `user ${userInfo().username}`],
    [/^listener 1883$/m, `listener ${port} 127.0.0.1`],
    [/\/var\/lib\/glassbay\//g, `${dataDir}/`],
    [/^log_dest syslog$/m, 'log_dest stderr'],
  ];
  return swaps.reduce(
    (text, [pattern, value]) => {
      if (!pattern.test(text)) throw new Error(`mosquitto.conf no longer has ${pattern}`);
      return text.replace(pattern, value);
    },
    readFileSync(SHIPPED_CONF, 'utf8'),
  );
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

export interface ShippedMosquitto {
  port: number;
  url: string;
  pid: () => number;
  log: () => string;
  /** Crash it: SIGKILL, no chance to save. */
  kill9: () => Promise<void>;
  /** Start it again from the same config and persistence directory. */
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

/** Start the shipped config for a hub data dir whose mosquitto/passwd and acl exist already. */
export async function startShippedMosquitto(
  dataDir: string,
  port?: number,
  /** Settings to change from the shipped ones (a benchmark's comparison), e.g. { autosave_interval: '60' }. */
  settings: Record<string, string> = {},
): Promise<ShippedMosquitto> {
  if (!MOSQUITTO) throw new Error('mosquitto is not installed (apt-get install mosquitto)');
  const p = port ?? (await freePort());
  mkdirSync(join(dataDir, 'broker'), { recursive: true });
  const conf = join(dataDir, 'mosquitto.conf');
  let text = testConf(dataDir, p);
  for (const [key, value] of Object.entries(settings)) {
    const line = new RegExp(`^${key} .*$`, 'm');
    if (!line.test(text)) throw new Error(`mosquitto.conf has no ${key} setting`);
    text = text.replace(line, `${key} ${value}`);
  }
  writeFileSync(conf, text);
  let proc: ChildProcess;
  let log = '';
  const exited = (c: ChildProcess) =>
    c.exitCode !== null || c.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => c.once('exit', () => r()));
  const start = async () => {
    const c = spawn(MOSQUITTO!, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc = c;
    c.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const end = Date.now() + 10_000;
    for (;;) {
      if (c.exitCode !== null) throw new Error(`mosquitto exited: ${log}`);
      const ok = await new Promise<boolean>((r) => {
        const s = connect(p, '127.0.0.1', () => (s.end(), r(true)));
        s.on('error', () => r(false));
      });
      if (ok) return;
      if (Date.now() > end) throw new Error(`mosquitto did not listen on ${p}: ${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await start();
  return {
    port: p,
    url: `mqtt://127.0.0.1:${p}`,
    pid: () => proc.pid!,
    log: () => log,
    kill9: async () => {
      proc.kill('SIGKILL');
      await exited(proc);
    },
    start,
    stop: async () => {
      proc.kill('SIGTERM');
      await exited(proc);
    },
  };
}
