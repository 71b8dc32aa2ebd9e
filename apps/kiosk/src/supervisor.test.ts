import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { memoryLog } from './log.ts';
import { QuitIntent, restart, restartOnFatal, restartPlan, vetoClose } from './supervisor.ts';

describe('restart plan', () => {
  it('leaves the restart to systemd, Shell Launcher or cage when one supervises the shell', () => {
    expect(restartPlan({ INVOCATION_ID: 'abc' })).toEqual({ kind: 'exit-for-supervisor', exitCode: 1 });
    expect(restartPlan({ GLASSBAY_KIOSK_SUPERVISED: '1' })).toEqual({ kind: 'exit-for-supervisor', exitCode: 1 });
  });

  it('relaunches itself when alone, the AppImage rather than its mounted binary', () => {
    expect(restartPlan({})).toEqual({ kind: 'relaunch', exitCode: 0 });
    expect(restartPlan({ APPIMAGE: '/opt/Glassbay.AppImage' })).toEqual({
      kind: 'relaunch',
      execPath: '/opt/Glassbay.AppImage',
      exitCode: 0,
    });
  });
});

describe('close veto', () => {
  function setup() {
    const win = new EventEmitter();
    const app = new EventEmitter();
    const intent = new QuitIntent();
    const log = memoryLog();
    vetoClose(win, app, intent, log);
    const close = () => {
      let prevented = false;
      win.emit('close', { preventDefault: () => (prevented = true) });
      return prevented;
    };
    return { app, close, log, intent };
  }

  it('keeps the window when something closes it', () => {
    const { close, log } = setup();
    expect(close()).toBe(true);
    expect(log.lines[0]).toMatchObject({ level: 'warn', msg: 'refused to close the kiosk window' });
  });

  it('lets it close when the app quits on purpose', () => {
    const { app, close } = setup();
    app.emit('before-quit');
    expect(close()).toBe(false);
  });

  it('lets it close for its own restart', () => {
    const { close, intent } = setup();
    const calls: unknown[] = [];
    restart(
      { relaunch: (o) => calls.push(['relaunch', o]), exit: (c) => calls.push(['exit', c]) },
      { kind: 'relaunch', exitCode: 0 },
      intent,
      ['--x'],
    );
    expect(calls).toEqual([
      ['relaunch', { args: ['--x'] }],
      ['exit', 0],
    ]);
    expect(close()).toBe(false);
  });
});

describe('fatal errors in main', () => {
  it('logs them and starts afresh, once, without a dialog', () => {
    const proc = new EventEmitter();
    const log = memoryLog();
    const restarts: string[] = [];
    restartOnFatal(proc, log, (r) => restarts.push(r));
    expect(proc.listenerCount('uncaughtException')).toBe(1); // what suppresses Electron's dialog
    proc.emit('uncaughtException', new Error('boom'));
    proc.emit('unhandledRejection', 'later');
    expect(restarts).toEqual(['uncaught exception: boom']);
    expect(log.lines.map((l) => l.level)).toEqual(['error', 'error']);
    expect(log.lines[0]!.fields).toMatchObject({ error: 'boom' });
  });
});
