// The screens fleet (kiosk screens, boards): pairing, identity, health and commands, the fleet
// namespace on the relay's socket server, its routes, and the hub's advertisement on the network.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { FLEET_NAMESPACE, type StaffUser } from '@glassbay/protocol';
import type { HubModule, Kernel } from '../module.ts';
import type { Db } from '../store/db.ts';
import { advertiseHub, isLoopbackHost, reachableAddresses, type Advertiser } from './discovery/advertise.ts';
import { createFleetChannel, type FleetNamespace } from './fleet.channel.ts';
import { createScreensRepository } from './fleet.repository.ts';
import { mountScreenRoutes, mountUpdateFiles } from './fleet.routes.ts';
import { publishedUpdates } from './kiosk-updates.ts';
import { createScreensService, type FleetPush } from './fleet.service.ts';
import { loadHubKey, mountHubIdentity } from './hub-identity.ts';

const HUB_ID_KEY = 'hub_id';

/** A random id kept in the database: the same hub keeps it across restarts and address changes. */
function hubId(db: Db): string {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(HUB_ID_KEY);
  if (row) return row.value;
  const id = randomBytes(8).toString('hex');
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(HUB_ID_KEY, id);
  return id;
}

export function createFleetModule(
  k: Kernel,
  ports: { staffFromCookie: (cookie: string | undefined) => StaffUser | undefined },
) {
  const log = k.log.child({ part: 'fleet' });
  const channel = createFleetChannel(k.relay.namespace(FLEET_NAMESPACE) as unknown as FleetNamespace);
  // A screen or a console hears of a change only once the turn that made it is stored. A command
  // counts as delivered when the screen is connected now; it is sent at the turn's end.
  const push: FleetPush = {
    online: (id) => channel.online(id),
    command: (id, command) => {
      k.turn.atEnd((stored) => stored && channel.command(id, command));
      return channel.online(id);
    },
    disconnect: (id) => k.turn.atEnd((stored) => stored && channel.disconnect(id)),
    changed: () => k.turn.atEnd((stored) => stored && channel.changed()),
  };
  const updates = publishedUpdates(k.config.dataDir);
  const service = createScreensService({
    db: k.db,
    screens: createScreensRepository(k.db),
    push,
    release: () => {
      const u = updates.current();
      return u && { version: u.version, publishedAt: u.publishedAt };
    },
  });
  mountUpdateFiles(k.app, service, updates);
  channel.admit({
    identify: (credential) => service.identify(credential),
    staffFromCookie: ports.staffFromCookie,
    view: (now) => service.view(now),
    connected: (id, address, now) => service.connected(id, address, now),
    disconnected: (id, now) => service.disconnected(id, now),
    health: (id, health, now) => service.health(id, health, now),
    screenshotReply: (id, reply, now) => service.screenshotReply(id, reply, now),
    log,
  });

  // Advertise once the port is known; a hub only on loopback has nobody on the network to tell.
  let advertiser: Advertiser | undefined;
  const { host } = k.config;
  if (k.config.discovery && !isLoopbackHost(host)) {
    k.app.addHook('onListen', async () => {
      advertiser = advertiseHub({
        hubId: hubId(k.db),
        hostLabel: hostname(),
        port: (k.app.server.address() as AddressInfo).port,
        addresses: reachableAddresses(host),
        log,
      });
    });
  }
  // Screens check this key before they send their credential (a stranger answering mDNS gets nothing).
  const key = loadHubKey(k.config.dataDir, log);
  const module: HubModule = {
    name: 'fleet',
    routes: (mount) => {
      mountScreenRoutes(mount, service);
      mountHubIdentity(mount, {
        key,
        hubId: hubId(k.db),
        port: () => (k.app.server.address() as AddressInfo).port,
      });
    },
    async stop() {
      channel.close();
      await advertiser?.stop();
    },
  };
  return { module, service };
}
