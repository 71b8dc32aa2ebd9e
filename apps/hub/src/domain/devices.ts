// Device presence from retained status and last will [GB-3.3]: pure rules.
import type { DeviceStatus } from '@glassbay/protocol';

export interface Presence {
  online: boolean;
  battery: number | null;
  firmware: string | null;
  lastSeen: number | null;
  lastSeq: number | null;
}

/**
 * A device coming online starts a new sequence window: its counter may have restarted with it
 * [GB-3.1.3]. Going offline keeps what was last known (battery, firmware) for the console.
 */
export function applyStatus(p: Presence, status: DeviceStatus, now: number): Presence {
  const cameOnline = status.online && !p.online;
  return {
    online: status.online,
    battery: status.battery ?? p.battery,
    firmware: status.firmware ?? p.firmware,
    lastSeen: now,
    lastSeq: cameOnline ? null : p.lastSeq,
  };
}
