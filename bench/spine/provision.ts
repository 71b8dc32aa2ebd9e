// Bays and bay sensors for the benchmark, provisioned with the installer's real CLI
// (`pnpm glassbay …`) into the hub's data dir before the hub starts.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../children.ts';
import type { SensorCreds } from './publishers.ts';

const run = promisify(execFile);
const CLI = join(REPO_ROOT, 'apps/hub/src/cli/main.ts');

async function cli<T>(env: Record<string, string>, args: string[]): Promise<T> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', CLI, ...args, '--json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    return JSON.parse(stdout) as T;
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`glassbay ${args.join(' ')} failed: ${e.stdout || e.stderr || e.message}`);
  }
}

/** Run tasks with at most `limit` at a time (each CLI call is a Node start-up: spare the 2 cores). */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array<T>(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return out;
}

export async function provisionWorkshop(
  env: Record<string, string>,
  bays: number,
  sensorsPerBay: number,
): Promise<SensorCreds[]> {
  const bayIds = Array.from({ length: bays }, (_, i) => `bench-bay-${i + 1}`);
  // The first call creates and migrates the database; the rest may then run side by side.
  const addBay = (id: string, i: number) => () => cli(env, ['bay', 'add', id, '--name', `Bay ${i + 1}`]);
  await addBay(bayIds[0]!, 0)();
  await pool(
    bayIds.slice(1).map((id, i) => addBay(id, i + 1)),
    3,
  );
  const wanted = bayIds.flatMap((bayId, b) =>
    Array.from({ length: sensorsPerBay }, (_, s) => ({ bayId, id: `bench-sensor-${b + 1}-${s + 1}` })),
  );
  return pool(
    wanted.map(({ bayId, id }) => async () => {
      const r = await cli<{ mqtt: { username: string; password: string } }>(env, [
        'device',
        'add',
        id,
        '--kind',
        'bay-sensor',
        '--bay',
        bayId,
      ]);
      return { id, bayId, username: r.mqtt.username, password: r.mqtt.password };
    }),
    3,
  );
}
