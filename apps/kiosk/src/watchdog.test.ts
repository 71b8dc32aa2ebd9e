import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { memoryLog } from './log.ts';
import { manualTimers } from './testing.ts';
import { trustedUrlCheck } from './trusted-url.ts';
import { recordFailure, watchKiosk, type BackoffPolicy, type WatchedApp, type WatchedContents } from './watchdog.ts';

const policy: BackoffPolicy = { baseDelayMs: 1_000, maxDelayMs: 30_000, relaunchAfter: 5, windowMs: 600_000 };

describe('back-off policy', () => {
  it('doubles the pause after each failure, up to the cap', () => {
    let history: number[] = [];
    const delays: number[] = [];
    const wide = { ...policy, relaunchAfter: 50, windowMs: 3_600_000 };
    for (let i = 0; i < 8; i++) {
      const r = recordFailure(history, i * 1_000, wide);
      history = r.history;
      if (r.recovery.kind === 'reload') delays.push(r.recovery.delayMs);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('relaunches at the Nth failure inside the window and starts afresh after', () => {
    let history: number[] = [];
    const kinds: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = recordFailure(history, i * 10_000, policy);
      history = r.history;
      kinds.push(r.recovery.kind);
    }
    expect(kinds).toEqual(['reload', 'reload', 'reload', 'reload', 'relaunch', 'reload']);
  });

  it('forgets failures older than the window, so a stable kiosk starts again at the shortest pause', () => {
    const r = recordFailure([0, 1_000, 2_000, 3_000], 700_000, policy);
    expect(r.recovery).toEqual({ kind: 'reload', delayMs: 1_000, attempt: 1 });
  });

  it('never relaunches for failures that a relaunch cannot fix', () => {
    let history: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = recordFailure(history, i, policy, false);
      history = r.history;
      expect(r.recovery.kind).toBe('reload');
    }
  });
});

describe('watchdog', () => {
  const hubPage = 'http://hub.local:8080/queue';

  function setup() {
    const timers = manualTimers(1_000_000);
    const contents = Object.assign(new EventEmitter(), { url: hubPage, getURL: () => contents.url });
    const app = new EventEmitter();
    const did: string[] = [];
    const log = memoryLog();
    const dog = watchKiosk({
      contents: contents as unknown as WatchedContents,
      app: app as unknown as WatchedApp,
      policy,
      timers,
      now: timers.now,
      isTrusted: trustedUrlCheck('http://hub.local:8080'),
      log,
      actions: {
        reload: () => {
          did.push('reload');
          contents.url = hubPage;
        },
        showOffline: (reason, ms) => {
          did.push(`offline ${reason} ${ms}`);
          contents.url = 'data:text/html,offline';
        },
        relaunch: () => did.push('relaunch'),
        crashRenderer: () => did.push('crash-renderer'),
        stopLoading: () => did.push('stop'),
        rediscover: () => did.push('rediscover'),
      },
    });
    return { timers, contents, app, did, log, dog };
  }

  it('reloads a crashed page after the back-off pause, not before', () => {
    const { timers, contents, did, dog } = setup();
    expect(dog.lastCrash()).toBeNull();
    timers.advance(5_000);
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    timers.advance(999);
    expect(did).toEqual([]);
    timers.advance(1);
    expect(did).toEqual(['reload']);
    // The console's fleet view shows what the watchdog last recovered from, and when.
    expect(dog.lastCrash()).toEqual({ at: timers.now() - 1_000, reason: 'render-process-gone: crashed' });
  });

  it('waits longer after each crash and relaunches the app when crashes keep coming', () => {
    const { timers, contents, app, did, log } = setup();
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      contents.emit('render-process-gone', {}, { reason: 'oom' });
      waits.push(timers.pending()[0]!.ms);
      timers.advance(waits.at(-1)!);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000]);
    app.emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed' });
    expect(did).toEqual(['reload', 'reload', 'reload', 'reload', 'relaunch']);
    expect(log.lines.at(-1)).toMatchObject({ level: 'error', msg: 'kiosk keeps failing: relaunching the app' });
  });

  it('crashes and reloads a page that stays hung, and leaves one that comes back by itself', () => {
    const { timers, contents, did, dog } = setup();
    contents.emit('unresponsive');
    timers.advance(9_000);
    contents.emit('responsive');
    timers.advance(60_000);
    expect(did).toEqual([]);
    contents.emit('unresponsive');
    contents.emit('unresponsive'); // Electron repeats it while the page stays hung
    timers.advance(10_000);
    expect(did).toEqual(['crash-renderer']);
    // The crash it caused is the same failure, not a second one.
    contents.emit('render-process-gone', {}, { reason: 'killed' });
    timers.advance(1_000);
    expect(did).toEqual(['crash-renderer', 'reload']);
    expect(dog.lastCrash()?.reason).toMatch(/^unresponsive: no response for 10 s/);
  });

  it('ignores child processes other than the GPU', () => {
    const { timers, app, did } = setup();
    app.emit('child-process-gone', {}, { type: 'Utility', reason: 'crashed' });
    timers.advance(60_000);
    expect(did).toEqual([]);
  });

  it('shows the offline page while the hub is down, retries with back-off, and never relaunches', () => {
    const { timers, contents, did } = setup();
    for (let i = 0; i < 8; i++) {
      contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', hubPage, true);
      contents.emit('did-finish-load'); // the offline page itself
      timers.advance(timers.pending()[0]!.ms);
    }
    expect(did.filter((d) => d === 'relaunch')).toEqual([]);
    const offline = did.filter((d) => d.startsWith('offline'));
    expect(offline.slice(0, 3)).toEqual([
      'offline ERR_CONNECTION_REFUSED 1000',
      'offline ERR_CONNECTION_REFUSED 2000',
      'offline ERR_CONNECTION_REFUSED 4000',
    ]);
    expect(offline.at(-1)).toBe('offline ERR_CONNECTION_REFUSED 30000');
  });

  it('starts the offline back-off afresh once the hub page has loaded', () => {
    const { timers, contents, did } = setup();
    contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', hubPage, true);
    timers.advance(1_000);
    contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', hubPage, true);
    timers.advance(2_000);
    contents.emit('did-finish-load'); // the hub answered
    contents.emit('did-fail-load', {}, -105, 'ERR_NAME_NOT_RESOLVED', hubPage, true);
    expect(did.at(-1)).toBe('offline ERR_NAME_NOT_RESOLVED 1000');
  });

  it('ignores failed sub-frames and navigations that were merely replaced', () => {
    const { timers, contents, did } = setup();
    contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'http://hub.local:8080/frame', false);
    contents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', hubPage, true);
    timers.advance(60_000);
    expect(did).toEqual([]);
  });

  it('treats the hub answering an error status as offline, and its error page as no recovery', () => {
    const { timers, contents, did } = setup();
    for (const delay of [1_000, 2_000]) {
      contents.emit('did-navigate', {}, hubPage, 503);
      contents.emit('did-finish-load'); // the hub's 503 page finished loading: not the hub being back
      expect(did.at(-1)).toBe(`offline HTTP 503 ${delay}`);
      timers.advance(delay);
    }
    contents.emit('did-navigate', {}, hubPage, 200);
    contents.emit('did-finish-load');
    contents.emit('did-navigate', {}, hubPage, 502);
    expect(did.at(-1)).toBe('offline HTTP 502 1000');
  });

  it('gives up on a load that neither finishes nor fails within 30 s', () => {
    const { timers, contents, did } = setup();
    contents.emit('did-start-loading');
    timers.advance(29_999);
    expect(did).toEqual([]);
    timers.advance(1);
    expect(did).toEqual(['stop', 'offline no answer within 30 s 1000']);
    // A load that finishes in time is left alone.
    timers.advance(1_000);
    contents.emit('did-start-loading');
    timers.advance(5_000);
    contents.emit('did-stop-loading');
    timers.advance(60_000);
    expect(did).toEqual(['stop', 'offline no answer within 30 s 1000', 'reload']);
  });

  it('looks for the hub again after every third failure in a row when the hub is there but failing', () => {
    const { timers, contents, did } = setup();
    for (let i = 0; i < 6; i++) {
      contents.emit('did-fail-load', {}, -7, 'ERR_TIMED_OUT', hubPage, true);
      timers.advance(timers.pending()[0]!.ms);
    }
    expect(did.filter((d) => d === 'rediscover')).toHaveLength(2);
    expect(did.indexOf('rediscover')).toBe(did.findIndex((d, i) => d.startsWith('offline') && i > 3) + 1);
  });

  it('looks for the hub at the first refused load: nothing listens at its address any more', () => {
    const { timers, contents, did } = setup();
    contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', hubPage, true);
    expect(did).toEqual(['offline ERR_CONNECTION_REFUSED 1000', 'rediscover']);
    timers.advance(1_000);
    contents.emit('did-fail-load', {}, -109, 'ERR_ADDRESS_UNREACHABLE', hubPage, true);
    expect(did.slice(2)).toEqual(['reload', 'offline ERR_ADDRESS_UNREACHABLE 2000', 'rediscover']);
  });
});
