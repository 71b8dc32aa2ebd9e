// A screen's health report as the console shows it: what the page can tell about itself, plus what
// the shell tells when there is one.
import type { KioskInfo, ScreenHealth } from '@glassbay/protocol';
import pkg from '../../../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;

/** Chromium's non-standard heap figures (absent in other browsers). */
interface HeapInfo {
  usedJSHeapSize: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export function screenHealth(input: {
  info: KioskInfo | null;
  /** performance.now(): milliseconds since the page loaded. */
  pageMs: number;
  heap: HeapInfo | undefined;
  path: string;
  connected: boolean;
}): ScreenHealth {
  return {
    appVersion: APP_VERSION,
    shellVersion: input.info?.version.slice(0, 40) ?? null,
    uptimeSec: Math.max(0, Math.floor(input.pageMs / 1000)),
    memoryMb: input.heap ? mb(input.heap.usedJSHeapSize) : null,
    shell: input.info?.health ?? null,
    path: input.path.slice(0, 200),
    connected: input.connected,
  };
}

/** `performance.memory` where the browser has it (Chromium, Electron). */
export const pageHeap = (): HeapInfo | undefined => (performance as Performance & { memory?: HeapInfo }).memory;
