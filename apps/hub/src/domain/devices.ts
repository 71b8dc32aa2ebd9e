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
 * Every `online: true` starts a new sequence window: the device's counter may have restarted with
 * it, even when it rebooted faster than the broker noticed its old connection die [GB-3.1.3].
 * (A retained reading redelivered after that is the device's latest state: applying it again
 * changes nothing.) Going offline keeps what was last known (battery, firmware) for the console.
 */
export function applyStatus(p: Presence, status: DeviceStatus, now: number): Presence {
  return {
    online: status.online,
    battery: status.battery ?? p.battery,
    firmware: status.firmware ?? p.firmware,
    lastSeen: now,
    lastSeq: status.online ? null : p.lastSeq,
  };
}
