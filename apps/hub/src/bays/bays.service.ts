// Bay sensor readings: check the device, apply the rule, store reading and state in one
// transaction, then relay the bay to the screens.
//
// Every reading needs its sensor's record and its bay as the screens see it. Both are kept in
// memory as last stored, for as long as the store's version holds (store/version.ts: another
// connection committed, a repository changed a device or a bay, a turn rolled back); then they
// are read again. At a thousand readings a second that is three SQLite queries a reading saved.
import type { BaySensorReading, BayView } from '@glassbay/protocol';
import { applyReading, type BayState } from '../domain/bays.ts';
import type { BaysRepository } from './bays.repository.ts';
import type { Db } from '../store/db.ts';
import type { DeviceRecord, DevicesRepository } from '../mqtt/devices.repository.ts';
import { storeVersion } from '../store/version.ts';
import { accepted, ignore, reject, type Outcome } from '../domain/outcome.ts';
import type { Publisher } from '../realtime/publisher.ts';

export function createBaysService(deps: {
  db: Db;
  bays: BaysRepository;
  devices: DevicesRepository;
  relay: Publisher;
  /** Told after an accepted reading changed whether a car is on the bay (the jobs follow the car). */
  onOccupancy?: (bayId: string, occupied: boolean, now: number, sensorId: string) => void;
}) {
  const { db, bays, devices, relay } = deps;
  const version = storeVersion(db);
  let cachedAt = version.current();
  const sensorCache = new Map<string, DeviceRecord>();
  const bayCache = new Map<string, BayView>();
  // Forget what was kept once the store's version has moved.
  const current = () => {
    const v = version.current();
    if (v !== cachedAt) {
      cachedAt = v;
      sensorCache.clear();
      bayCache.clear();
    }
  };

  // A reading that repeats the bay's state (most do: sensors report periodically) leaves bay_state as
  // it is; `updated_at` there is when the state last changed.
  const store = db.transaction(
    (deviceId: string, bayId: string, r: BaySensorReading, next: BayState | null, now: number) => {
      bays.logReading({
        deviceId,
        bayId,
        seq: r.seq,
        deviceTs: r.ts,
        receivedAt: now,
        occupied: r.occupied,
        lift: r.lift,
        door: r.door,
      });
      if (next) bays.saveState(bayId, next, now);
      devices.markSeen(deviceId, now, r.seq);
    },
  );

  return {
    applyReading(deviceId: string, bayId: string, reading: BaySensorReading, now: number): Outcome {
      current();
      const device = sensorCache.get(deviceId) ?? devices.get(deviceId);
      if (!device) return reject('unknown_device', `no device "${deviceId}" is provisioned`);
      if (device.kind !== 'bay-sensor')
        return reject('wrong_kind', `device "${deviceId}" is a ${device.kind}, not a bay sensor`);
      if (device.bayId !== bayId)
        return reject(
          'wrong_bay',
          `sensor "${deviceId}" is assigned to bay "${device.bayId ?? 'none'}", not "${bayId}"`,
        );
      const bay = bayCache.get(bayId) ?? bays.get(bayId);
      if (!bay) return reject('wrong_bay', `bay "${bayId}" does not exist`);
      const decision = applyReading(bay, device.lastSeq, reading, now);
      if (!decision.accepted) return ignore(decision.reason);
      store(deviceId, bayId, reading, decision.stateChanged ? decision.state : null, now);
      // The sensor and the bay as just stored, built from what is in hand rather than read back.
      sensorCache.set(deviceId, { ...device, lastSeen: now, lastSeq: reading.seq });
      const sensors = bay.sensors.map((s) => (s.id === deviceId ? { ...s, lastSeen: now, seq: reading.seq } : s));
      const view: BayView = { ...bay, ...decision.state, sensors };
      bayCache.set(bayId, view);
      relay.publish('bays', bayId, view);
      const { occupied } = decision.state;
      if (decision.occupancyChanged && occupied !== null) deps.onOccupancy?.(bayId, occupied, now, deviceId);
      return accepted;
    },
    addBay(id: string, name: string, position: number, now: number) {
      bays.add(id, name, position, now);
      relay.publish('bays', id, bays.get(id)!);
    },
    removeBay(id: string): boolean {
      const removed = bays.remove(id);
      if (removed) relay.publish('bays', id, null);
      return removed;
    },
  };
}
export type BaysService = ReturnType<typeof createBaysService>;
