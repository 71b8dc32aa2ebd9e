// Devices: provisioning (secret shown once, stored hashed) and presence from status / last will.
import { HUB_CLIENT_ID, type DeviceKind, type DeviceStatus, type DeviceView } from '@glassbay/protocol';
import { applyStatus } from '../domain/devices.ts';
import { hashSecret, newSecret } from '../mqtt/credentials.ts';
import type { BayDirectory } from '../bays/module.ts';
import type { Db } from '../store/db.ts';
import { toDeviceView, type DevicesRepository } from '../mqtt/devices.repository.ts';
import { accepted, reject, type Outcome } from '../domain/outcome.ts';
import type { Publisher } from '../realtime/publisher.ts';

export class DeviceError extends Error {
  constructor(
    readonly code: 'DEVICE_EXISTS' | 'DEVICE_NOT_FOUND' | 'BAY_REQUIRED' | 'BAY_NOT_FOUND',
    message: string,
  ) {
    super(message);
  }
}

export function createDevicesService(deps: {
  db: Db;
  devices: DevicesRepository;
  bays: Pick<BayDirectory, 'get'>;
  relay: Publisher;
}) {
  const { db, devices, bays, relay } = deps;

  const publishDevice = (id: string) => {
    const d = devices.get(id);
    relay.publish('devices', id, d ? toDeviceView(d) : null);
  };
  const publishBayOf = (bayId: string | null) => {
    const bay = bayId ? bays.get(bayId) : undefined;
    if (bay) relay.publish('bays', bay.id, bay);
  };

  return {
    /** Provision a device; returns its MQTT secret, which is not stored and cannot be shown again. */
    add(id: string, kind: DeviceKind, bayId: string | null, now: number): { device: DeviceView; secret: string } {
      if (id === HUB_CLIENT_ID)
        throw new DeviceError('DEVICE_EXISTS', `"${id}" is the hub's own MQTT identity; choose another id`);
      if (devices.get(id))
        throw new DeviceError('DEVICE_EXISTS', `a device "${id}" already exists; remove it first to re-provision`);
      if (kind === 'bay-sensor' && !bayId)
        throw new DeviceError('BAY_REQUIRED', 'a bay sensor must be assigned to a bay: add --bay <bayId>');
      if (bayId && !bays.get(bayId))
        throw new DeviceError('BAY_NOT_FOUND', `no bay "${bayId}"; add it with "bay add" first`);
      const secret = newSecret();
      devices.add({ id, kind, bayId, secretHash: hashSecret(secret) }, now);
      publishDevice(id);
      publishBayOf(bayId);
      return { device: toDeviceView(devices.get(id)!), secret };
    },
    remove(id: string): void {
      const d = devices.get(id);
      if (!d) throw new DeviceError('DEVICE_NOT_FOUND', `no device "${id}"`);
      devices.remove(id);
      publishDevice(id);
      publishBayOf(d.bayId);
    },
    list: (): DeviceView[] => devices.list().map(toDeviceView),
    applyStatus(deviceId: string, status: DeviceStatus, now: number): Outcome {
      const d = devices.get(deviceId);
      if (!d) return reject('unknown_device', `no device "${deviceId}" is provisioned`);
      db.transaction(() => devices.savePresence(deviceId, applyStatus(d, status, now)))();
      publishDevice(deviceId);
      if (d.kind === 'bay-sensor') publishBayOf(d.bayId);
      return accepted;
    },
  };
}
export type DevicesService = ReturnType<typeof createDevicesService>;
