// The installer's CLI, run for real as a child process.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { verifySecret } from '../src/mqtt/credentials.ts';
import { openRepositories } from '../src/tools.ts';
import { CLI_ENTRY, cli, tempDataDir, testEnv, type Provisioned } from '../src/testing.ts';

const run = promisify(execFile);

describe('pnpm glassbay', () => {
  it('adds a device, shows its secret once, stores only a hash, lists and removes it', async () => {
    const dir = tempDataDir();
    await cli(dir, ['bay', 'add', 'bay-3', '--name', 'Bay 3']);
    const added = await cli<Provisioned>(dir, ['device', 'add', 'bay3-lift', '--kind', 'bay-sensor', '--bay', 'bay-3']);
    expect(added.mqtt).toMatchObject({ username: 'bay3-lift', clientId: 'bay3-lift' });
    expect(added.mqtt.password.length).toBeGreaterThanOrEqual(24);

    const store = openRepositories(`${dir}/glassbay.db`);
    const row = store.devices.get('bay3-lift')!;
    expect(row.secretHash).not.toContain(added.mqtt.password);
    expect(await verifySecret(added.mqtt.password, row.secretHash)).toBe(true);
    store.db.close();

    const list = await cli<{ devices: { id: string; kind: string; bayId: string; online: boolean }[] }>(dir, [
      'device',
      'list',
    ]);
    expect(list.devices).toEqual([
      expect.objectContaining({ id: 'bay3-lift', kind: 'bay-sensor', bayId: 'bay-3', online: false }),
    ]);
    expect(JSON.stringify(list)).not.toContain(added.mqtt.password);

    await cli(dir, ['device', 'remove', 'bay3-lift']);
    expect((await cli<{ devices: unknown[] }>(dir, ['device', 'list'])).devices).toEqual([]);
  });

  it('explains what is wrong with a command, with a stable code', async () => {
    const dir = tempDataDir();
    const fail = (args: string[]) =>
      run(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...args], { env: { ...process.env, ...testEnv(dir) } }).then(
        () => {
          throw new Error('expected failure');
        },
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const badKind = await fail(['device', 'add', 'x1', '--kind', 'toaster', '--json']);
    expect(badKind.code).toBe(64);
    expect(JSON.parse(badKind.stdout).error).toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/--kind must be one of bay-sensor/),
    });
    const noBay = await fail(['device', 'add', 's1', '--kind', 'bay-sensor']);
    expect(noBay.stderr).toMatch(/must be assigned to a bay: add --bay/);
    const badId = await fail(['device', 'add', 'Bad/Id', '--kind', 'wristband']);
    expect(badId.stderr).toMatch(/lower-case letters, digits and dashes/);
    await cli(dir, ['device', 'add', 'band-1', '--kind', 'wristband']);
    const dup = await fail(['device', 'add', 'band-1', '--kind', 'wristband', '--json']);
    expect(JSON.parse(dup.stdout).error.code).toBe('DEVICE_EXISTS');
  });
});
