import { describe, expect, expectTypeOf, it } from 'vitest';
import { KioskChannels, type KioskApi, type KioskInvokeMap } from '@glassbay/protocol';
import { createKioskApi, type Invoke } from './preload-api.ts';

describe('preload API', () => {
  it('maps each method to its protocol channel and nothing else', async () => {
    const calls: unknown[][] = [];
    const invoke = ((channel: string, ...args: unknown[]) => {
      calls.push([channel, ...args]);
      return Promise.resolve(channel === KioskChannels.print ? { ok: true } : undefined);
    }) as Invoke;
    const api = createKioskApi(invoke);
    await api.getInfo();
    expect(await api.print({ html: '<p>A023</p>' })).toEqual({ ok: true });
    await api.reportHealth({ connected: true, rev: 3 });
    await api.captureScreen();
    await api.refreshPairing();
    await api.heartbeat!({ path: '/queue', connected: true });
    await api.installUpdate!();
    expect(calls).toEqual([
      [KioskChannels.getInfo],
      [KioskChannels.print, { html: '<p>A023</p>' }],
      [KioskChannels.reportHealth, { connected: true, rev: 3 }],
      [KioskChannels.captureScreen],
      [KioskChannels.refreshPairing],
      [KioskChannels.heartbeat, { path: '/queue', connected: true }],
      [KioskChannels.installUpdate],
    ]);
  });

  it('is one frozen object with exactly the API’s methods: no event stream, no ipcRenderer', () => {
    const api = createKioskApi((() => Promise.resolve()) as Invoke);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual([
      'captureScreen',
      'getInfo',
      'heartbeat',
      'installUpdate',
      'print',
      'refreshPairing',
      'reportHealth',
    ]);
    expectTypeOf(api).toEqualTypeOf<KioskApi>();
    expectTypeOf(api.heartbeat).not.toBeUndefined();
  });

  it('keeps the API and the channel map in step', () => {
    expectTypeOf<Awaited<ReturnType<KioskApi['getInfo']>>>().toEqualTypeOf<
      KioskInvokeMap[typeof KioskChannels.getInfo]['result']
    >();
    expectTypeOf<Parameters<KioskApi['print']>>().toEqualTypeOf<KioskInvokeMap[typeof KioskChannels.print]['args']>();
    expectTypeOf<keyof KioskInvokeMap>().toEqualTypeOf<(typeof KioskChannels)[keyof typeof KioskChannels]>();
  });
});
