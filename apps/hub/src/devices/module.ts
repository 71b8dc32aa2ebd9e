// The devices module: provisioning and presence (status and last will) of every device. The device
// registry itself belongs to the MQTT edge (a device is its credential); this module keeps it current
// and tells features that follow a device's own status messages (a band's clock sample).
import type { DeviceStatus } from '@glassbay/protocol';
import type { BayDirectory } from '../bays/module.ts';
import type { HubModule, Kernel } from '../module.ts';
import { toDeviceView, type DevicesRepository } from '../mqtt/devices.repository.ts';
import { createDevicesService } from './devices.service.ts';

/** An accepted status message; `retained` when the broker replayed its stored copy. */
export type StatusListener = (deviceId: string, status: DeviceStatus, now: number, retained: boolean) => void;

export function createDevicesModule(k: Kernel, ports: { registry: DevicesRepository; bays: BayDirectory }) {
  const { registry } = ports;
  const service = createDevicesService({ db: k.db, devices: registry, bays: ports.bays, relay: k.relay });
  const statusListeners: StatusListener[] = [];
  const module: HubModule = {
    name: 'devices',
    fill(state) {
      for (const d of registry.list()) state.devices[d.id] = toDeviceView(d);
    },
    devices: {
      deviceStatus(deviceId, status, now, retained) {
        const outcome = service.applyStatus(deviceId, status, now);
        if (outcome.ok) for (const listen of statusListeners) listen(deviceId, status, now, retained);
        return outcome;
      },
    },
  };
  return {
    module,
    service,
    onStatus: (listen: StatusListener) => void statusListeners.push(listen),
  };
}
