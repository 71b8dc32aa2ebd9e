// Updating the screens' shell from the console, against a real hub: a release directory is published
// (every artifact checked against its feed's sha512), the hub serves the feed and the artifact to its
// paired screens only, a manager's "update screens" reaches a connected screen over the fleet
// namespace, and the shell's own update handler (apps/kiosk/src/updater.ts) fetches that feed from
// the hub, downloads and verifies the artifact and installs it. Electron-updater itself cannot run
// without the Electron binary (not downloadable here): the stand-in below does over HTTP what its
// generic provider does (feed, then artifact, then sha512), with the headers the shell set.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FLEET_NAMESPACE,
  FleetEvents,
  SCREEN_CREDENTIAL_HEADER,
  SCREEN_PAIRING_SECRET_HEADER,
  generatePairingSecret,
  type FleetClientEvents,
  type FleetServerEvents,
  type FleetView,
  type ScreenCommand,
  type ScreenPairingStatus,
} from '@glassbay/protocol';
import { io, type Socket } from 'socket.io-client';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShellUpdater, type UpdaterLike } from '../../kiosk/src/updater.ts';
import { memoryLog } from '../../kiosk/src/log.ts';
import { publishRelease } from '../src/fleet/kiosk-updates.ts';
import type { Hub } from '../src/hub.ts';
import { addStaff, signIn, startTestHub, tempDataDir } from '../src/testing.ts';

const ARTIFACT = 'Glassbay-Kiosk-0.2.0.AppImage';

/** A release directory as electron-builder leaves it: the artifact and its feed. */
function release(version = '0.2.0', body = randomBytes(200_000)) {
  const dir = mkdtempSync(join(tmpdir(), 'glassbay-release-'));
  writeFileSync(join(dir, ARTIFACT), body);
  const sha512 = createHash('sha512').update(body).digest('base64');
  writeFileSync(
    join(dir, 'latest-linux.yml'),
    `version: ${version}\nfiles:\n  - url: ${ARTIFACT}\n    sha512: ${sha512}\n    size: ${body.length}\n` +
      `path: ${ARTIFACT}\nsha512: ${sha512}\nreleaseDate: '2026-12-06T00:00:00.000Z'\n`,
  );
  return { dir, body };
}

/** What electron-updater's generic provider does, over real HTTP, with the feed URL and headers set. */
function httpUpdater() {
  let feed = '';
  let downloaded: Buffer | null = null;
  const u: UpdaterLike & { installed: () => Buffer | null } = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    requestHeaders: null,
    setFeedURL: (o) => void (feed = o.url),
    async checkForUpdates() {
      const res = await fetch(`${feed}/latest-linux.yml`, { headers: u.requestHeaders as Record<string, string> });
      if (!res.ok) throw new Error(`feed: HTTP ${res.status}`);
      const info = parse(await res.text()) as { version: string };
      return { updateInfo: info };
    },
    async downloadUpdate() {
      const res = await fetch(`${feed}/latest-linux.yml`, { headers: u.requestHeaders as Record<string, string> });
      const info = parse(await res.text()) as { files: { url: string; sha512: string }[] };
      const file = info.files[0]!;
      const got = await fetch(`${feed}/${file.url}`, { headers: u.requestHeaders as Record<string, string> });
      const bytes = Buffer.from(await got.arrayBuffer());
      if (createHash('sha512').update(bytes).digest('base64') !== file.sha512)
        throw new Error('sha512 checksum mismatch');
      downloaded = bytes;
      return [file.url];
    },
    quitAndInstall: () => undefined,
    installed: () => downloaded,
  };
  return u;
}

type FleetSocket = Socket<FleetServerEvents, FleetClientEvents>;

describe('updating the screens from the console', () => {
  let hub: Hub;
  const dataDir = tempDataDir();
  let cookie = '';
  let credential = '';
  let screen: FleetSocket | null = null;

  const call = (method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${hub.httpUrl}${path}`, {
      method,
      headers: {
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
  const asManager = (method: string, path: string, body?: unknown) => call(method, path, { body, headers: { cookie } });
  const asScreen = (path: string) => call('GET', path, { headers: { [SCREEN_CREDENTIAL_HEADER]: credential } });

  beforeAll(async () => {
    hub = await startTestHub({ dataDir });
    await addStaff(dataDir, 'zhao.manager', 'manager', 'manager password 1');
    cookie = await signIn(hub.httpUrl, 'zhao.manager', 'manager password 1');
    // Pair one screen, as the shell does.
    const code = 'AC4D7K';
    const secret = generatePairingSecret(() => new TextEncoder().encode(code.repeat(6).slice(0, 32)));
    await call('POST', '/api/screens/pairing', { body: { code, secret, role: 'lounge-board', shellVersion: '0.1.0' } });
    await asManager('POST', `/api/screens/pairing/${code}/approve`, { name: 'Lounge TV', role: 'lounge-board' });
    const status = (await (
      await call('GET', `/api/screens/pairing/${code}`, { headers: { [SCREEN_PAIRING_SECRET_HEADER]: secret } })
    ).json()) as ScreenPairingStatus;
    if (status.status !== 'approved') throw new Error('pairing failed');
    credential = status.credential;
  });
  afterAll(async () => {
    screen?.close();
    await hub?.stop();
  });

  it('refuses "update screens" while nothing is published, and serves nothing', async () => {
    const res = await asManager('POST', '/api/screens/update', {});
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('KIOSK_UPDATE_NONE');
    expect((await asScreen('/kiosk-updates/latest-linux.yml')).status).toBe(404);
  });

  it('publishes a release only when every artifact matches its sha512, and keeps the live one otherwise', async () => {
    const good = release();
    expect(await publishRelease(good.dir, dataDir)).toEqual({
      version: '0.2.0',
      files: ['latest-linux.yml', ARTIFACT],
    });
    // Tampered after the feed was written: refused, and the published release is still the good one.
    const bad = release('0.3.0');
    writeFileSync(join(bad.dir, ARTIFACT), randomBytes(200_000));
    await expect(publishRelease(bad.dir, dataDir)).rejects.toMatchObject({ code: 'KIOSK_UPDATE_SHA512' });
    const feed = await asScreen('/kiosk-updates/latest-linux.yml');
    expect(await feed.text()).toMatch(/^version: 0\.2\.0$/m);
    expect(Buffer.from(await (await asScreen(`/kiosk-updates/${ARTIFACT}`)).arrayBuffer())).toEqual(good.body);
    const view = (await (await asManager('GET', '/api/screens')).json()) as FleetView;
    expect(view.update).toMatchObject({ version: '0.2.0' });
  });

  it('serves the files to paired screens only, and nothing else from the folder', async () => {
    expect((await call('GET', '/kiosk-updates/latest-linux.yml')).status).toBe(401);
    expect(
      (
        await call('GET', '/kiosk-updates/latest-linux.yml', {
          headers: { [SCREEN_CREDENTIAL_HEADER]: 'x'.repeat(43) },
        })
      ).status,
    ).toBe(401);
    writeFileSync(join(dataDir, 'kiosk-updates', 'notes.txt'), 'not in any feed');
    expect((await asScreen('/kiosk-updates/notes.txt')).status).toBe(404);
    expect((await asScreen('/kiosk-updates/..%2Fglassbay.db')).status).toBe(404);
    expect((await asScreen('/kiosk-updates/.hidden')).status).toBe(404);
  });

  it('sends "update" to a connected screen, whose shell fetches, verifies and installs the release from its hub', async () => {
    screen = io(`${hub.httpUrl}${FLEET_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { [SCREEN_CREDENTIAL_HEADER]: credential },
    });
    await new Promise<void>((resolve, reject) => {
      screen!.once('connect', () => resolve());
      screen!.once('connect_error', reject);
    });
    const command = new Promise<ScreenCommand>((resolve) => screen!.once(FleetEvents.command, resolve));
    const res = await asManager('POST', '/api/screens/update', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ version: '0.2.0', asked: 1, delivered: 1 });
    expect(await command).toEqual({ type: 'update', version: '0.2.0' });

    // The page passes the command to the shell (installUpdate); the shell's handler does the rest.
    const electronUpdater = httpUpdater();
    const shell = createShellUpdater({
      updater: electronUpdater,
      currentVersion: '0.1.0',
      hubOrigin: () => hub.httpUrl,
      credential: () => credential,
      touch: () => false,
      lastInputAt: () => 0,
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
      now: Date.now,
      log: memoryLog(),
    });
    expect(await shell.install()).toEqual({ state: 'installing', version: '0.2.0' });
    await expect.poll(() => electronUpdater.installed()?.length).toBe(200_000);
    expect(electronUpdater.installed()).toEqual(readFileSync(join(dataDir, 'kiosk-updates', ARTIFACT)));
  });

  it('asks one screen when the console names it, and says when it is not connected', async () => {
    const view = (await (await asManager('GET', '/api/screens')).json()) as FleetView;
    const id = view.screens[0]!.id;
    screen?.close();
    await expect
      .poll(async () => ((await (await asManager('GET', '/api/screens')).json()) as FleetView).screens[0]!.online)
      .toBe(false);
    const res = await asManager('POST', '/api/screens/update', { screenId: id });
    expect(await res.json()).toEqual({ version: '0.2.0', asked: 1, delivered: 0 });
  });
});
