// A real Mosquitto for tests: started on a free loopback port with the password file and ACL that
// `pnpm glassbay mosquitto sync` writes, reloaded with SIGHUP as an installer would.
import { BROKER_LIMITS } from '@glassbay/protocol';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { mosquittoDir } from '../src/mqtt/mosquitto.ts';

const CANDIDATES = [
  '/usr/sbin/mosquitto',
  '/usr/local/sbin/mosquitto',
  '/opt/homebrew/sbin/mosquitto',
  '/usr/bin/mosquitto',
];
export const MOSQUITTO_BIN = process.env.MOSQUITTO_BIN ?? CANDIDATES.find((p) => existsSync(p));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface RunningMosquitto {
  url: string;
  reload: () => Promise<void>;
  stop: () => Promise<void>;
}

/** Start Mosquitto for a hub data dir whose mosquitto/passwd and acl already exist. */
export async function startMosquitto(dataDir: string): Promise<RunningMosquitto> {
  if (!MOSQUITTO_BIN) throw new Error('mosquitto is not installed (apt-get install mosquitto)');
  const dir = mosquittoDir(dataDir);
  const port = await freePort();
  const conf = join(dir, 'test.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${join(dir, 'passwd')}`,
      `acl_file ${join(dir, 'acl')}`,
      'persistence false',
      'set_tcp_nodelay true',
      `max_packet_size ${BROKER_LIMITS.maxPacketBytes}`,
      `max_connections ${BROKER_LIMITS.maxConnections}`,
      // The hub's queue must never silently drop QoS 1 messages while it is busy.
      'max_queued_messages 0',
      `user ${userInfo().username}`,
      'log_type error',
      'log_dest stderr',
      '',
    ].join('\n'),
  );
  const proc: ChildProcess = spawn(MOSQUITTO_BIN, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const end = Date.now() + 5000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`mosquitto exited: ${stderr}`);
    const ok = await new Promise<boolean>((r) => {
      const s = connect(port, '127.0.0.1', () => (s.end(), r(true)));
      s.on('error', () => r(false));
    });
    if (ok) break;
    if (Date.now() > end) throw new Error(`mosquitto did not listen on ${port}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    reload: async () => {
      proc.kill('SIGHUP');
      await new Promise((r) => setTimeout(r, 300));
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
