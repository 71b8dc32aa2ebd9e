// The main side of the preload API: one `ipcMain.handle` per channel named in the protocol, each
// refusing callers that are not the hub's page and parsing its arguments with the contract's schema.
import {
  HealthReportSchema,
  HeartbeatSchema,
  type Heartbeat,
  KioskChannels,
  PrintRequestSchema,
  type HealthReport,
  type KioskInfo,
  type CaptureResult,
  type KioskInvokeMap,
  type PairingView,
  type PrintResult,
  type ShellUpdateResult,
} from '@glassbay/protocol';
import type { Log } from './log.ts';
import type { TrustedUrlCheck } from './trusted-url.ts';

export interface InvokeEvent {
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
}

export interface KioskHandlers {
  getInfo(): KioskInfo;
  print(request: { html: string; copies: number }): Promise<PrintResult>;
  reportHealth(report: HealthReport): void;
  captureScreen(): Promise<CaptureResult>;
  refreshPairing(): Promise<PairingView>;
  heartbeat(beat: Heartbeat): void;
  installUpdate(): Promise<ShellUpdateResult>;
}

export class KioskIpcError extends Error {
  constructor(
    readonly code: 'KIOSK_IPC_FORBIDDEN' | 'KIOSK_IPC_INVALID',
    message: string,
  ) {
    // Electron passes only the message to the page, so the code travels inside it.
    super(`${code}: ${message}`);
    this.name = 'KioskIpcError';
  }
}

type Result<C extends keyof KioskInvokeMap> = KioskInvokeMap[C]['result'] | Promise<KioskInvokeMap[C]['result']>;

export function registerKioskIpc(ipc: IpcMainLike, handlers: KioskHandlers, isTrusted: TrustedUrlCheck, log: Log) {
  const guard = <C extends keyof KioskInvokeMap>(channel: C, fn: (args: unknown[]) => Result<C>) => {
    ipc.handle(channel, (event, ...args) => {
      const url = event.senderFrame?.url ?? '';
      // Only the hub's own page may use the shell: not the offline page, not a frame from elsewhere.
      if (!isTrusted(url)) {
        log.warn('refused a kiosk call from outside the hub', { channel, url });
        throw new KioskIpcError('KIOSK_IPC_FORBIDDEN', `${channel} is only for the hub's pages`);
      }
      return fn(args);
    });
  };
  const parse = <T>(schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: Error };
  }) => {
    return (channel: string, value: unknown): T => {
      const r = schema.safeParse(value);
      if (!r.success) throw new KioskIpcError('KIOSK_IPC_INVALID', `${channel}: ${r.error.message}`);
      return r.data;
    };
  };
  const parsePrint = parse(PrintRequestSchema);
  const parseHealth = parse(HealthReportSchema);
  const parseBeat = parse(HeartbeatSchema);

  guard(KioskChannels.getInfo, () => handlers.getInfo());
  guard(KioskChannels.print, (args) => handlers.print(parsePrint(KioskChannels.print, args[0])));
  guard(KioskChannels.reportHealth, (args) => handlers.reportHealth(parseHealth(KioskChannels.reportHealth, args[0])));
  guard(KioskChannels.captureScreen, () => handlers.captureScreen());
  guard(KioskChannels.refreshPairing, () => handlers.refreshPairing());
  guard(KioskChannels.heartbeat, (args) => handlers.heartbeat(parseBeat(KioskChannels.heartbeat, args[0])));
  guard(KioskChannels.installUpdate, () => handlers.installUpdate());
}
