// The screens fleet as the hub starts it: the repository and service, the fleet namespace on the
// relay's socket server, the HTTP routes, and the hub's advertisement on the local network.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { FLEET_NAMESPACE, SESSION_COOKIE } from '@glassbay/protocol';
import type { HubConfig } from '../config.ts';
import { advertiseHub, isLoopbackHost, reachableAddresses, type Advertiser } from '../discovery/advertise.ts';
import type { Mount } from '../http/api.ts';
import { mountScreenRoutes } from '../http/screens.routes.ts';
import type { Logger } from '../logger.ts';
import { createFleetChannel, type FleetNamespace } from '../realtime/fleet.ts';
import type { Relay } from '../realtime/relay.ts';
import type { Db } from '../store/db.ts';
import { createScreensRepository } from '../store/screens.repository.ts';
import { loadHubKey, mountHubIdentity } from './hub-identity.ts';
import { createScreensService, type FleetPush } from './screens.service.ts';
import type { StaffService } from './staff.service.ts';

const HUB_ID_KEY = 'hub_id';

/** A random id kept in the database: the same hub keeps it across restarts and address changes. */
function hubId(db: Db): string {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(HUB_ID_KEY);
  if (row) return row.value;
  const id = randomBytes(8).toString('hex');
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(HUB_ID_KEY, id);
  return id;
}

export function startScreens(deps: {
  db: Db;
  app: FastifyInstance;
  mount: Mount;
  relay: Pick<Relay, 'namespace'>;
  staff: Pick<StaffService, 'authenticate'>;
  config: Pick<HubConfig, 'host' | 'discovery' | 'dataDir'>;
  log: Logger;
}) {
  const log = deps.log.child({ part: 'screens' });
  const service = createScreensService({
    db: deps.db,
    screens: createScreensRepository(deps.db),
    push: (): FleetPush => channel,
  });
  // The service reaches the channel only when something happens, by which time it exists.
  const channel = createFleetChannel(deps.relay.namespace(FLEET_NAMESPACE) as unknown as FleetNamespace, {
    identify: (credential) => service.identify(credential),
    staffFromCookie: (cookie) =>
      deps.staff.authenticate(deps.app.parseCookie(cookie ?? '')[SESSION_COOKIE], Date.now()),
    view: (now) => service.view(now),
    connected: (id, address, now) => service.connected(id, address, now),
    disconnected: (id, now) => service.disconnected(id, now),
    health: (id, health, now) => service.health(id, health, now),
    screenshotReply: (id, reply, now) => service.screenshotReply(id, reply, now),
    log,
  });
  mountScreenRoutes(deps.mount, service);
  // Screens check this key before they send their credential (a stranger answering mDNS gets nothing).
  mountHubIdentity(deps.mount, {
    key: loadHubKey(deps.config.dataDir, log),
    hubId: hubId(deps.db),
    port: () => (deps.app.server.address() as AddressInfo).port,
  });

  // Advertise once the port is known; a hub only on loopback has nobody on the network to tell.
  let advertiser: Advertiser | undefined;
  const { host } = deps.config;
  if (deps.config.discovery && !isLoopbackHost(host)) {
    deps.app.addHook('onListen', async () => {
      advertiser = advertiseHub({
        hubId: hubId(deps.db),
        hostLabel: hostname(),
        port: (deps.app.server.address() as AddressInfo).port,
        addresses: reachableAddresses(host),
        log,
      });
    });
  }
  deps.app.addHook('onClose', async () => {
    channel.close();
    await advertiser?.stop();
  });

  return { service };
}
