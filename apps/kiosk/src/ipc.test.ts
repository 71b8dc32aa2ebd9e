import { describe, expect, it } from 'vitest';
import { KioskChannels, type HealthReport, type Heartbeat, type KioskInfo, type PairingView } from '@glassbay/protocol';
import { registerKioskIpc, type IpcMainLike, type KioskHandlers } from './ipc.ts';
import { memoryLog } from './log.ts';
import { trustedUrlCheck } from './trusted-url.ts';

type Listener = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown;

function setup() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
  const info: KioskInfo = {
    version: '0.1.0',
    role: 'check-in',
    touch: true,
    pairing: { state: 'showing-code', code: 'ACD347', expiresAt: 1 },
  };
  const printed: unknown[] = [];
  const health: HealthReport[] = [];
  const beats: Heartbeat[] = [];
  const kiosk: KioskHandlers = {
    getInfo: () => info,
    print: async (r) => (printed.push(r), { ok: true }),
    reportHealth: (r) => void health.push(r),
    captureScreen: async () => ({ ok: true, dataUrl: 'data:image/jpeg;base64,AAAA' }),
    refreshPairing: async (): Promise<PairingView> => ({ state: 'unpaired' }),
    heartbeat: (b) => void beats.push(b),
    installUpdate: async () => ({ state: 'installing', version: '0.2.0' }),
  };
  const log = memoryLog();
  registerKioskIpc(ipc, kiosk, trustedUrlCheck('http://hub.local:8080'), log);
  const call = (channel: string, url: string | null, ...args: unknown[]) =>
    Promise.resolve().then(() => handlers.get(channel)!({ senderFrame: url === null ? null : { url } }, ...args));
  return { handlers, call, info, printed, health, beats, log };
}

const page = 'http://hub.local:8080/checkin';

describe('kiosk IPC', () => {
  it('handles exactly the channels the protocol names', () => {
    expect([...setup().handlers.keys()].sort()).toEqual(Object.values(KioskChannels).sort());
  });

  it('answers the hub’s page', async () => {
    const { call, info, printed, health, beats } = setup();
    expect(await call(KioskChannels.getInfo, page)).toEqual(info);
    expect(await call(KioskChannels.print, page, { html: '<p>A023</p>' })).toEqual({ ok: true });
    expect(printed).toEqual([{ html: '<p>A023</p>', copies: 1 }]);
    await call(KioskChannels.reportHealth, page, { connected: false, rev: 12 });
    expect(health).toEqual([{ connected: false, rev: 12 }]);
    expect(await call(KioskChannels.captureScreen, page)).toEqual({ ok: true, dataUrl: 'data:image/jpeg;base64,AAAA' });
    expect(await call(KioskChannels.refreshPairing, page)).toEqual({ state: 'unpaired' });
    await call(KioskChannels.heartbeat, page, { path: '/checkin', connected: true });
    expect(beats).toEqual([{ path: '/checkin', connected: true }]);
    expect(await call(KioskChannels.installUpdate, page)).toEqual({ state: 'installing', version: '0.2.0' });
  });

  it.each([
    ['the offline page', 'data:text/html,offline'],
    ['another site in a frame', 'http://evil.example/'],
    ['a destroyed frame', null],
  ])('refuses %s', async (_what, url) => {
    const { call, printed, log } = setup();
    await expect(call(KioskChannels.print, url, { html: '<p>x</p>' })).rejects.toThrow(/^KIOSK_IPC_FORBIDDEN/);
    await expect(call(KioskChannels.getInfo, url)).rejects.toThrow(/^KIOSK_IPC_FORBIDDEN/);
    await expect(call(KioskChannels.captureScreen, url)).rejects.toThrow(/^KIOSK_IPC_FORBIDDEN/);
    // Only the hub's page may set an update going.
    await expect(call(KioskChannels.installUpdate, url)).rejects.toThrow(/^KIOSK_IPC_FORBIDDEN/);
    expect(printed).toEqual([]);
    expect(log.lines[0]).toMatchObject({ level: 'warn' });
  });

  it.each([
    ['no receipt', KioskChannels.print, undefined],
    ['an empty receipt', KioskChannels.print, { html: '' }],
    ['a receipt too large for a kiosk', KioskChannels.print, { html: 'x'.repeat(300 * 1024) }],
    ['too many copies', KioskChannels.print, { html: '<p>x</p>', copies: 50 }],
    ['a health report without the link state', KioskChannels.reportHealth, { rev: 3 }],
    ['a heartbeat without its page', KioskChannels.heartbeat, { connected: true }],
  ])('rejects %s with a reason', async (_what, channel, arg) => {
    const { call, printed, health } = setup();
    await expect(call(channel, page, arg)).rejects.toThrow(/^KIOSK_IPC_INVALID/);
    expect(printed).toEqual([]);
    expect(health).toEqual([]);
  });
});
