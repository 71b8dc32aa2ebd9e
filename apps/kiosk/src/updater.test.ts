import { describe, expect, it } from 'vitest';
import { memoryLog } from './log.ts';
import { manualTimers } from './testing.ts';
import { createShellUpdater, isNewer, QUIET_AFTER_INPUT_MS, type UpdaterLike } from './updater.ts';

/** electron-updater's autoUpdater as far as the shell uses it: a feed that names `published`. */
function fakeUpdater(published: string | null, download: () => Promise<unknown> = () => Promise.resolve([])) {
  const calls: string[] = [];
  const u: UpdaterLike & { calls: string[] } = {
    calls,
    autoDownload: true,
    autoInstallOnAppQuit: true,
    requestHeaders: null,
    setFeedURL: (o) => void calls.push(`feed ${o.provider} ${o.url}`),
    checkForUpdates: () => {
      calls.push('check');
      return Promise.resolve(published === null ? null : { updateInfo: { version: published } });
    },
    downloadUpdate: () => {
      calls.push('download');
      return download();
    },
    quitAndInstall: (silent, runAfter) => void calls.push(`install ${silent} ${runAfter}`),
  };
  return u;
}

function setup(
  updater: UpdaterLike | null,
  opts: { origin?: string | null; lastInputAt?: number; touch?: boolean } = {},
) {
  const timers = manualTimers(1_000_000);
  let lastInputAt = opts.lastInputAt ?? 0;
  const shell = createShellUpdater({
    updater,
    currentVersion: '0.1.0',
    hubOrigin: () => (opts.origin === undefined ? 'http://10.0.0.5:8080' : opts.origin),
    credential: () => 'cred-123',
    touch: () => opts.touch ?? false,
    lastInputAt: () => lastInputAt,
    timers,
    now: timers.now,
    log: memoryLog(),
  });
  return { shell, timers, touch: () => (lastInputAt = timers.now()) };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('shell update', () => {
  it('asks only the proven hub, with the screen’s credential, and installs a newer version at once on a board', async () => {
    const u = fakeUpdater('0.2.0');
    // A board restarts at once, whatever input it saw (a board has no touch layer in use).
    const { shell } = setup(u, { lastInputAt: 1_000_000 });
    expect(await shell.install()).toEqual({ state: 'installing', version: '0.2.0' });
    expect(u.calls.slice(0, 3)).toEqual(['feed generic http://10.0.0.5:8080/kiosk-updates', 'check', 'download']);
    expect(u.requestHeaders).toEqual({ 'x-glassbay-screen-credential': 'cred-123' });
    // electron-updater must neither download on its own nor install when the app quits for another reason.
    expect([u.autoDownload, u.autoInstallOnAppQuit]).toEqual([false, false]);
    await settle();
    expect(u.calls.at(-1)).toBe('install true true');
  });

  it('waits for a quiet moment on a touch screen in use', async () => {
    const u = fakeUpdater('0.2.0');
    const { shell, timers, touch } = setup(u, { lastInputAt: 1_000_000, touch: true });
    await shell.install();
    await settle();
    expect(u.calls).not.toContain('install true true');
    timers.advance(QUIET_AFTER_INPUT_MS / 2);
    touch();
    timers.advance(QUIET_AFTER_INPUT_MS - 1);
    expect(u.calls).not.toContain('install true true');
    timers.advance(10_000);
    expect(u.calls.at(-1)).toBe('install true true');
  });

  it('installs nothing that is not newer, and asks nothing before a hub proved itself', async () => {
    const same = fakeUpdater('0.1.0');
    expect(await setup(same).shell.install()).toEqual({ state: 'up-to-date', version: '0.1.0' });
    expect(same.calls).not.toContain('download');
    const older = fakeUpdater('0.0.9');
    expect((await setup(older).shell.install()).state).toBe('up-to-date');
    const unproven = fakeUpdater('0.2.0');
    expect((await setup(unproven, { origin: null }).shell.install()).state).toBe('failed');
    expect(unproven.calls).toEqual([]);
  });

  it('says so where it cannot update, and lets a failed download (a sha512 mismatch) be tried again', async () => {
    expect((await setup(null).shell.install()).state).toBe('unsupported');
    expect((await setup(fakeUpdater(null)).shell.install()).state).toBe('unsupported');
    const u = fakeUpdater('0.2.0', () => Promise.reject(new Error('sha512 checksum mismatch')));
    const { shell } = setup(u);
    expect((await shell.install()).state).toBe('installing');
    await settle();
    expect(u.calls).not.toContain('install true true');
    await shell.install();
    expect(u.calls.filter((c) => c === 'download')).toHaveLength(2);
  });

  it('does not start a second download while one runs', async () => {
    const u = fakeUpdater('0.2.0', () => new Promise(() => undefined));
    const { shell } = setup(u);
    await shell.install();
    expect(await shell.install()).toEqual({ state: 'installing', version: '0.2.0' });
    expect(u.calls.filter((c) => c === 'check')).toHaveLength(1);
  });
});

describe('versions', () => {
  it('orders releases and pre-releases', () => {
    expect(isNewer('0.2.0', '0.1.9')).toBe(true);
    expect(isNewer('0.10.0', '0.9.0')).toBe(true);
    expect(isNewer('0.1.0', '0.1.0')).toBe(false);
    expect(isNewer('0.1.0', '0.1.0-beta.1')).toBe(true);
    expect(isNewer('0.1.0-beta.1', '0.1.0')).toBe(false);
    expect(isNewer('1.0.0', '2.0.0')).toBe(false);
  });
});
