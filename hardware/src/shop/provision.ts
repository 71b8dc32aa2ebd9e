// Setting the demo shop up the way an installer would: bays, sensors, wristbands, cameras and staff
// accounts through the hub's own command line (a child process per command, as `pnpm glassbay`),
// and a device's stored secret checked by logging in to the broker with it. The secrets the demo
// must keep (devices', staff passwords, the cameras' ports) live in <data dir>/demo-devices.json
// (fleet.ts says why that file is acceptable for a demo and nowhere else).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import type { StaffRole } from '@glassbay/protocol';
import type { DemoBandProvisioner } from '../demo/bands.ts';
import { readSecrets, writeSecrets, type DemoProvisioner } from '../demo/fleet.ts';
import { staffMember, type HubApi, type StaffMember } from './hub-api.ts';

export interface Cli {
  /** Run one command with `--json`; resolves with its answer, rejects with its error sentence. */
  run<T = unknown>(args: string[], stdin?: string): Promise<T>;
}

/**
 * `command` starts the CLI (e.g. node apps/hub/dist/cli.js); `limit` commands run at once. Each is a
 * short process that mostly waits on its own start-up, so a few more than the cores still help.
 */
export function createCli(command: readonly string[], env: NodeJS.ProcessEnv, limit = 8): Cli {
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    while (running >= limit) await new Promise<void>((r) => waiting.push(r));
    running += 1;
  };
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return {
    async run<T>(args: string[], stdin?: string): Promise<T> {
      await slot();
      try {
        const [bin, ...pre] = command;
        const child = spawn(bin!, [...pre, ...args, '--json'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
        child.stdin.end(stdin ?? '');
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        const code = await new Promise<number | null>((resolve, reject) => {
          child.once('error', reject);
          child.once('close', resolve);
        });
        let json: unknown;
        try {
          json = JSON.parse(out);
        } catch {
          json = undefined;
        }
        const failure = (json as { error?: { message?: string } } | undefined)?.error;
        if (code !== 0 || failure)
          throw new Error(`glassbay ${args.join(' ')}: ${failure?.message ?? (err.trim() || `exit ${code}`)}`);
        return json as T;
      } finally {
        release();
      }
    },
  };
}

interface Provisioned {
  mqtt: { password: string };
}

/** Does the broker take this device's secret? A login and a goodbye, nothing published. */
async function secretOpens(mqttUrl: string, id: string, secret: string): Promise<boolean> {
  try {
    const c = await mqtt.connectAsync(mqttUrl, {
      clientId: id,
      username: id,
      password: secret,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 5000,
    });
    await c.endAsync();
    return true;
  } catch {
    return false;
  }
}

/** The fleet's provisioner (fleet.ts, bands.ts) on the installer's CLI. */
export async function cliProvisioner(cli: Cli, mqttUrl: string): Promise<DemoProvisioner & DemoBandProvisioner> {
  const [bayList, deviceList] = await Promise.all([
    cli.run<{ bays: { id: string }[] }>(['bay', 'list']),
    cli.run<{ devices: { id: string }[] }>(['device', 'list']),
  ]);
  const bays = new Set(bayList.bays.map((b) => b.id));
  const devices = new Set(deviceList.devices.map((d) => d.id));
  const add = async (id: string, kind: string, bay?: string) => {
    const p = await cli.run<Provisioned>(['device', 'add', id, '--kind', kind, ...(bay ? ['--bay', bay] : [])]);
    devices.add(id);
    return p.mqtt.password;
  };
  return {
    hasBay: (id) => bays.has(id),
    async addBay(id, name, position) {
      await cli.run(['bay', 'add', id, '--name', name, '--position', String(position)]);
      bays.add(id);
    },
    hasDevice: (id) => devices.has(id),
    secretMatches: (id, secret) => secretOpens(mqttUrl, id, secret),
    addSensor: (id, bayId) => add(id, 'bay-sensor', bayId),
    addWristband: (id) => add(id, 'wristband'),
    async removeDevice(id) {
      await cli.run(['device', 'remove', id]);
      devices.delete(id);
    },
  };
}

/** Point each bay's camera at its simulated camera, unless it already points there. */
export async function ensureCameraInputs(
  cli: Cli,
  cameras: readonly { cameraId: string; bayId: string; name: string; url: string }[],
): Promise<void> {
  const { cameras: known } = await cli.run<{ cameras: { id: string; inputUrl: string }[] }>(['camera', 'list']);
  const urls = new Map(known.map((c) => [c.id, c.inputUrl]));
  await Promise.all(
    cameras.map(async (c) => {
      if (urls.get(c.cameraId) === c.url) return;
      if (urls.has(c.cameraId)) await cli.run(['camera', 'remove', c.cameraId]);
      await cli.run(['camera', 'add', c.cameraId, '--bay', c.bayId, '--url', c.url, '--name', c.name]);
    }),
  );
}

export interface StaffAccount {
  username: string;
  role: StaffRole;
  name: string;
}

/**
 * Create the demo's staff accounts that are not in the secrets file yet, through the CLI, each with
 * a random password kept in that file. Run before the hub's first start, so it never asks for a
 * first admin the demo would create anyway. Returns every account's password.
 */
export async function ensureStaffAccounts(
  cli: Cli,
  accounts: readonly StaffAccount[],
  secretsFile: string,
): Promise<Record<string, string>> {
  const secrets = readSecrets(secretsFile);
  const key = (u: string) => `staff:${u}`;
  const missing = accounts.filter((a) => secrets[key(a.username)] === undefined);
  await Promise.all(
    missing.map(async (a) => {
      const password = randomBytes(12).toString('base64url');
      await cli
        .run(['staff', 'add', a.username, '--role', a.role, '--name', a.name], `${password}\n`)
        .catch((err: Error) => {
          throw new Error(
            `${err.message}\nThe demo's account ${a.username} exists but its password is not in ${secretsFile}: ` +
              'start the demo with a fresh data dir (delete it, or set GLASSBAY_DATA_DIR).',
          );
        });
      secrets[key(a.username)] = password;
    }),
  );
  if (missing.length > 0) writeSecrets(secretsFile, secrets);
  return Object.fromEntries(accounts.map((a) => [a.username, secrets[key(a.username)]!]));
}

/** Sign a demo staff member in over the hub's login route. */
export async function signInStaff(api: HubApi, account: StaffAccount, password: string): Promise<StaffMember> {
  const session = await api.signIn(account.username, password).catch((err: Error) => {
    throw new Error(
      `${err.message}\nThe demo could not sign in as ${account.username}: start it with a fresh data dir.`,
    );
  });
  return staffMember(api, { username: account.username, name: account.name, password, session });
}
