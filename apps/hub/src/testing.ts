// Helpers for tests and benchmarks: a real hub on random loopback ports with a temporary data dir,
// and the real CLI run as a child process.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadConfig } from './config.ts';
import { startHub, type Hub } from './hub.ts';
import { createLogger } from './logger.ts';

const run = promisify(execFile);
export const CLI_ENTRY = fileURLToPath(new URL('./cli/main.ts', import.meta.url));

/**
 * A test that cannot run here keeps in its title, as every report lists it, why (something a reader
 * can check on the machine) and the command that runs it where it can; the same words go to the log.
 */
export function skippedTitle(title: string, why: string | false | undefined, run: string): string {
  if (!why) return title;
  console.log(`[glassbay] skipped: ${why}; run it with: ${run}`);
  return `${title} [skipped: ${why}; run it with: ${run}]`;
}

export const tempDataDir = (prefix = 'glassbay-test-') => mkdtempSync(join(tmpdir(), prefix));

/** The scrape token test hubs accept for /metrics and the details of /healthz. */
export const TEST_SCRAPE_TOKEN = 'test-scrape-token-not-a-secret';
/** Headers that let a test or bench read /metrics and /healthz details. */
export const scrapeHeaders = (token = TEST_SCRAPE_TOKEN) => ({ authorization: `Bearer ${token}` });

export function testEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GLASSBAY_METRICS_TOKEN: TEST_SCRAPE_TOKEN,
    GLASSBAY_DATA_DIR: dataDir,
    GLASSBAY_HOST: '127.0.0.1',
    GLASSBAY_HTTP_PORT: '0',
    GLASSBAY_MQTT_PORT: '0',
    GLASSBAY_LOG_LEVEL: process.env.GLASSBAY_TEST_LOG ?? 'silent',
    // A test machine's disk may be nearly full; the storage tests set their own reserve.
    GLASSBAY_STORAGE_RESERVE_MB: '1',
    ...extra,
  };
}

export async function startTestHub(opts: { dataDir?: string; env?: Record<string, string> } = {}): Promise<Hub> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const config = loadConfig(testEnv(dataDir, opts.env));
  return startHub(config, createLogger(config.logLevel));
}

/** Run `pnpm glassbay …` for real (a child process) against a data dir; parses `--json` output. */
export async function cli<T = unknown>(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<T> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...args, '--json'], {
    env: { ...process.env, ...testEnv(dataDir, env) },
  });
  return JSON.parse(stdout) as T;
}

export interface Provisioned {
  device: { id: string };
  mqtt: { username: string; clientId: string; password: string };
}

/** Create a staff account with the real CLI (the password goes in on standard input). */
export async function addStaff(
  dataDir: string,
  username: string,
  role: 'advisor' | 'manager' | 'admin',
  password: string,
) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI_ENTRY, 'staff', 'add', username, '--role', role, '--name', username, '--json'],
    {
      env: { ...process.env, ...testEnv(dataDir) },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  child.stdin.end(`${password}\n`);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`staff add failed: ${out}`);
}

/** Sign in over HTTP; returns the Cookie header value a browser would send. */
export async function signIn(httpUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${httpUrl}/api/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
