// The real hub as a child process, the way an installer runs it (`node --import tsx apps/hub/src/main.ts`),
// on loopback with a temporary data dir; and the real CLI against the same data dir.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const HUB_ENTRY = 'apps/hub/src/main.ts';
const CLI_ENTRY = 'apps/hub/src/cli/main.ts';
const SCREENS_INDEX = join(REPO_ROOT, 'apps/screens/dist/index.html');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface DeviceCredentials {
  username: string;
  clientId: string;
  password: string;
}

export class HubProcess {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'glassbay-e2e-'));
  httpUrl = '';
  mqttUrl = '';
  /** The loopback address the hub listens on; change it between stop() and start() to move the hub. */
  host = '127.0.0.1';
  /** Everything the hub wrote, for the report of a failed test. */
  readonly output: string[] = [];
  #child: ChildProcess | undefined;
  #httpPort = 0;

  env(): Record<string, string> {
    return {
      GLASSBAY_DATA_DIR: this.dataDir,
      GLASSBAY_HOST: this.host,
      GLASSBAY_HTTP_PORT: String(this.#httpPort),
      GLASSBAY_MQTT_PORT: '0',
      GLASSBAY_LOG_LEVEL: 'info',
    };
  }

  /**
   * Start the hub and wait for its "hub started" log line. A restart reuses the HTTP port of the
   * first start, so screens that are open reconnect to it on their own, as they would in the shop.
   */
  async start(): Promise<void> {
    if (this.#child) throw new Error('the hub is already running');
    if (!existsSync(SCREENS_INDEX))
      throw new Error('The screens are not built. Run: pnpm --filter @glassbay/screens build');
    const child = spawn(process.execPath, ['--import', 'tsx', HUB_ENTRY], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    child.stderr!.setEncoding('utf8').on('data', (s: string) => this.output.push(s));
    const started = new Promise<{ http: string; mqtt: string }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the hub did not log "hub started" within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      createInterface({ input: child.stdout! }).on('line', (line) => {
        this.output.push(line);
        let entry: { msg?: unknown; http?: unknown; mqtt?: unknown };
        try {
          entry = JSON.parse(line) as typeof entry;
        } catch {
          return;
        }
        if (entry.msg === 'hub started' && typeof entry.http === 'string' && typeof entry.mqtt === 'string') {
          clearTimeout(timer);
          resolve({ http: entry.http, mqtt: entry.mqtt });
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the hub exited (code ${code}, signal ${signal}) before it started:\n${this.tail()}`));
      });
    });
    try {
      const { http, mqtt } = await started;
      this.httpUrl = http;
      this.mqttUrl = mqtt;
      this.#httpPort = Number(new URL(http).port);
    } catch (err) {
      child.kill('SIGKILL');
      this.#child = undefined;
      throw err;
    }
  }

  /** Stop the hub as a service manager does (SIGTERM) and wait until it has exited. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const code = await exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`the hub did not stop cleanly (exit code ${code}):\n${this.tail()}`);
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  /** Run `pnpm glassbay <args> --json` for real against this hub's data dir. */
  async cli<T = unknown>(...args: string[]): Promise<T> {
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...args, '--json'], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...this.env() },
      });
      return JSON.parse(stdout) as T;
    } catch (err) {
      const out = (err as { stdout?: string }).stdout ?? '';
      throw new Error(`glassbay ${args.join(' ')} failed: ${out || (err as Error).message}`);
    }
  }

  async addBay(id: string, name: string): Promise<void> {
    await this.cli('bay', 'add', id, '--name', name);
  }

  /** Provision a bay sensor; returns the MQTT credentials the CLI prints once. */
  async provisionSensor(id: string, bayId: string): Promise<DeviceCredentials> {
    const r = await this.cli<{ mqtt: DeviceCredentials }>('device', 'add', id, '--kind', 'bay-sensor', '--bay', bayId);
    return r.mqtt;
  }

  tail(lines = 40): string {
    return this.output.join('\n').split('\n').slice(-lines).join('\n');
  }

  async dispose(): Promise<void> {
    await this.stop().catch(() => {});
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
