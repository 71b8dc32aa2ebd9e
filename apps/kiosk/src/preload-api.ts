// The page's view of the shell, built on `invoke` alone: every call names a protocol channel and
// returns a promise; the page gets no event stream and no access to ipcRenderer itself.
import { KioskChannels, type KioskApi, type KioskInvokeMap } from '@glassbay/protocol';

export type Invoke = <C extends keyof KioskInvokeMap>(
  channel: C,
  ...args: KioskInvokeMap[C]['args']
) => Promise<KioskInvokeMap[C]['result']>;

export function createKioskApi(invoke: Invoke): KioskApi {
  return Object.freeze({
    getInfo: () => invoke(KioskChannels.getInfo),
    print: (request) => invoke(KioskChannels.print, request),
    reportHealth: (report) => invoke(KioskChannels.reportHealth, report),
    captureScreen: () => invoke(KioskChannels.captureScreen),
    refreshPairing: () => invoke(KioskChannels.refreshPairing),
    heartbeat: (beat) => invoke(KioskChannels.heartbeat, beat),
    installUpdate: () => invoke(KioskChannels.installUpdate),
  } satisfies Required<KioskApi>);
}
