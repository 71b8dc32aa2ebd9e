// Packaging checks that run without downloading Electron: the electron-builder config, the afterPack
// hook against a stand-in Electron binary carrying a real fuse wire, and one full `--linux dir`
// package built from that stand-in (electron-builder's own download is what is blocked here).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

const kioskDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(kioskDir, '../..');
const require = createRequire(join(kioskDir, 'package.json'));
/** The fields of electron-builder.yml these tests read. */
interface BuilderConfig {
  productName: string;
  afterPack: string;
  electronVersion: string;
  files: string[];
  deb: { fpm: string[] };
  linux: { executableName: string };
}
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const kioskPackage = JSON.parse(readFileSync(join(kioskDir, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
  productName?: string;
};

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** A file laid out like an Electron binary where fuses are concerned: the sentinel, then the wire. */
function standInElectron(file: string): void {
  // Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on,
  // asar integrity off, only-asar off, V8 snapshot off, file privileges on, wasm trap handlers on.
  const wire = Buffer.from([1, 9, ...Buffer.from('101100011')]);
  const body = Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), Buffer.alloc(256), Buffer.from(SENTINEL), wire]);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, Buffer.concat([body, Buffer.alloc(256)]));
  chmodSync(file, 0o755);
}

const expectedFuses = {
  [FuseV1Options.RunAsNode]: FuseState.DISABLE,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: FuseState.DISABLE,
  [FuseV1Options.EnableNodeCliInspectArguments]: FuseState.DISABLE,
  [FuseV1Options.OnlyLoadAppFromAsar]: FuseState.ENABLE,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: FuseState.ENABLE,
  [FuseV1Options.EnableCookieEncryption]: FuseState.ENABLE,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: FuseState.DISABLE,
};

const temp: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'glassbay-pack-'));
  temp.push(d);
  return d;
};
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('electron-builder.yml', () => {
  it('names the product the same for electron-builder and for Electron (the config folder is named after it)', () => {
    expect(kioskPackage.productName).toBe(config.productName);
  });

  it('names the product, the app folder and only the bundled files', () => {
    expect(config).toMatchObject({ appId: 'com.glassbay.kiosk', productName: 'Glassbay Kiosk', asar: true });
    expect(config).toMatchObject({ directories: { app: 'apps/kiosk' } });
    expect(config.files).toEqual(['dist-electron/**/*', 'package.json', '!**/node_modules/**/*']);
  });

  it('builds an AppImage and a deb that starts the kiosk at login, and a Windows installer', () => {
    expect(config).toMatchObject({ linux: { target: ['AppImage', 'deb'] }, win: { target: [{ target: 'nsis' }] } });
    expect(config).toHaveProperty('nsis.perMachine', true);
    const files = Object.fromEntries(config.deb.fpm.map((m) => m.split('=').reverse()));
    const desktop = readFileSync(join(root, files['/etc/xdg/autostart/glassbay-kiosk.desktop']!), 'utf8');
    expect(desktop).toContain('[Desktop Entry]');
    // Login starts the user service; systemd, not the session, keeps the shell running.
    expect(desktop).toContain('Exec=systemctl --user start glassbay-kiosk.service\n');
    const unit = readFileSync(join(root, files['/usr/lib/systemd/user/glassbay-kiosk.service']!), 'utf8');
    expect(unit).toContain(`ExecStart=/usr/bin/${config.linux.executableName}\n`);
    for (const line of [
      'Restart=always',
      'StartLimitBurst=10',
      'StartLimitIntervalSec=300',
      'GLASSBAY_KIOSK_SUPERVISED=1',
    ])
      expect(unit).toContain(line);
    const cage = readFileSync(join(root, files['/usr/lib/systemd/system/glassbay-kiosk-cage@.service']!), 'utf8');
    expect(cage).toContain(`cage -d -s -- /usr/bin/${config.linux.executableName}`);
    expect(cage).toContain('Restart=always');
  });

  it('names an afterPack hook that exists', () => {
    expect(existsSync(join(root, config.afterPack))).toBe(true);
  });

  it('pins the Electron version that is installed, inside the range the kiosk asks for', () => {
    const installed = (
      JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }
    ).version;
    expect(String(config.electronVersion)).toBe(installed);
    const major = kioskPackage.devDependencies.electron!.replace(/^\^/, '').split('.')[0];
    expect(installed.split('.')[0]).toBe(major);
  });
});

describe('afterPack hook', () => {
  it('flips the fuses that keep the kiosk from being used as a Node runtime', async () => {
    const out = tempDir();
    standInElectron(join(out, 'glassbay-kiosk'));
    const hook = (await import(join(root, config.afterPack))) as { default: (ctx: unknown) => Promise<void> };
    await hook.default({
      appOutDir: out,
      electronPlatformName: 'linux',
      packager: { executableName: 'glassbay-kiosk' },
    });
    const wire = await getCurrentFuseWire(join(out, 'glassbay-kiosk'));
    for (const [fuse, state] of Object.entries(expectedFuses)) {
      expect({ fuse: FuseV1Options[Number(fuse)], state: wire[Number(fuse) as FuseV1Options] }).toEqual({
        fuse: FuseV1Options[Number(fuse)],
        state,
      });
    }
  });
});

describe('a packaged kiosk (linux dir target, stand-in Electron)', () => {
  it('holds only the bundle in app.asar and ships with the fuses flipped', { timeout: 180_000 }, async () => {
    if (!existsSync(join(kioskDir, 'dist-electron/main.cjs'))) {
      const built = spawnSync(process.execPath, ['--import', 'tsx', 'build.ts'], { cwd: kioskDir, encoding: 'utf8' });
      expect(built.status, built.stderr).toBe(0);
    }
    const dist = tempDir();
    standInElectron(join(dist, 'electron'));
    writeFileSync(join(dist, 'LICENSE'), 'stand-in');
    writeFileSync(join(dist, 'version'), String(config.electronVersion));
    const out = tempDir();
    const run = spawnSync(
      process.execPath,
      [
        require.resolve('electron-builder/cli.js'),
        '--linux',
        'dir',
        `-c.electronDist=${dist}`,
        `-c.directories.output=${out}`,
        '--publish',
        'never',
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

    const unpacked = join(out, 'linux-unpacked');
    const asar = require(
      require.resolve('@electron/asar', { paths: [dirname(require.resolve('electron-builder/package.json'))] }),
    ) as {
      listPackage(file: string): string[];
    };
    const files = asar.listPackage(join(unpacked, 'resources/app.asar')).map((f) => f.replaceAll('\\', '/'));
    expect(files.filter((f) => f.includes('node_modules'))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining(['/package.json', '/dist-electron/main.cjs', '/dist-electron/preload.cjs']),
    );
    expect(files.filter((f) => !f.startsWith('/dist-electron') && f !== '/package.json')).toEqual([]);
    const wire = await getCurrentFuseWire(join(unpacked, 'glassbay-kiosk'));
    for (const [fuse, state] of Object.entries(expectedFuses)) expect(wire[Number(fuse) as FuseV1Options]).toBe(state);
  });
});
