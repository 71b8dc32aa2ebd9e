// The bays module: the workshop's bays and their sensors' readings. Offers the bays as others read
// them (a directory) and a port for features that follow a car arriving on or leaving a bay.
import type { DevicesRepository } from '../mqtt/devices.repository.ts';
import type { HubModule, Kernel } from '../module.ts';
import { createBaysRepository, type BaysRepository } from './bays.repository.ts';
import { mountBayRoutes } from './bays.routes.ts';
import { createBaysService } from './bays.service.ts';

/** The bays as other features read them. */
export type BayDirectory = Pick<BaysRepository, 'get' | 'list' | 'count' | 'state'>;
export type OccupancyListener = (bayId: string, occupied: boolean, now: number, sensorId: string) => void;

export function createBaysModule(k: Kernel, ports: { registry: DevicesRepository }) {
  const repository = createBaysRepository(k.db);
  const occupancy: OccupancyListener[] = [];
  const service = createBaysService({
    db: k.db,
    bays: repository,
    devices: ports.registry,
    relay: k.relay,
    onOccupancy: (...change) => occupancy.forEach((listen) => listen(...change)),
  });
  const module: HubModule = {
    name: 'bays',
    fill(state) {
      for (const b of repository.list()) state.bays[b.id] = b;
    },
    routes: (mount) => mountBayRoutes(mount, repository),
    devices: { baySensor: (deviceId, bayId, reading, now) => service.applyReading(deviceId, bayId, reading, now) },
  };
  const directory: BayDirectory = {
    get: repository.get,
    list: repository.list,
    count: repository.count,
    state: repository.state,
  };
  return {
    module,
    service,
    directory,
    /** Told after an accepted reading changed whether a car is on a bay. */
    onOccupancy: (listen: OccupancyListener) => void occupancy.push(listen),
  };
}
export type BaysModule = ReturnType<typeof createBaysModule>;
