// Screens over HTTP: the pairing routes a new screen calls (public, by code), the credential check a
// paired screen calls, and the console's fleet operations (manager). Rules live in the service.
import {
  KIOSK_UPDATE_FILE_ROUTE,
  SCREEN_CREDENTIAL_HEADER,
  SCREEN_PAIRING_SECRET_HEADER,
  fleetRoutes,
  kioskRoutes,
  kioskUpdateRoutes,
} from '@glassbay/protocol';
import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { FastifyRequest } from 'fastify';
import type { ScreensService } from './fleet.service.ts';
import { errorBody, type Mount } from '../http/api.ts';
import { isRefusal } from '../domain/fleet.ts';
import type { PublishedUpdates } from './kiosk-updates.ts';

/** The credential a request carries: the shell's header (a plain browser's page sets the same header). */
export function screenCredential(req: FastifyRequest): string | undefined {
  const h = req.headers[SCREEN_CREDENTIAL_HEADER];
  return typeof h === 'string' && h ? h : undefined;
}

const peer = (req: FastifyRequest) => req.ip.replace(/^::ffff:/, '');

/** The secret a screen polls its pairing code with. */
function pairingSecret(req: FastifyRequest): string | undefined {
  const h = req.headers[SCREEN_PAIRING_SECRET_HEADER];
  return typeof h === 'string' && h ? h : undefined;
}

export function mountScreenRoutes(mount: Mount, screens: ScreensService): void {
  mount(kioskRoutes.requestScreenPairing, ({ body, req }) => screens.requestPairing(body, peer(req), Date.now()));
  mount(kioskRoutes.getScreenPairing, ({ params, req }) =>
    screens.pairingStatus(params.code, pairingSecret(req), Date.now()),
  );
  mount(kioskRoutes.getScreenSelf, ({ req }) => screens.self(screenCredential(req), peer(req), Date.now()));

  mount(fleetRoutes.listScreens, () => screens.view(Date.now()));
  mount(fleetRoutes.approveScreenPairing, ({ params, body, staff }) =>
    screens.approve(params.code, body, staff, Date.now()),
  );
  mount(fleetRoutes.declineScreenPairing, ({ params }) => {
    screens.decline(params.code);
    return { ok: true as const };
  });
  mount(fleetRoutes.updateScreen, ({ params, body }) => screens.update(params.screenId, body));
  mount(fleetRoutes.reloadScreen, ({ params }) => screens.reload(params.screenId));
  mount(fleetRoutes.requestScreenshot, ({ params }) => screens.requestScreenshot(params.screenId, Date.now()));
  mount(fleetRoutes.getScreenshot, ({ params }) => screens.screenshot(params.screenId));
  mount(kioskUpdateRoutes.updateScreens, ({ body }) => screens.updateShells(body.screenId));
  mount(fleetRoutes.removeScreen, ({ params }) => {
    screens.remove(params.screenId, Date.now());
    return { ok: true as const };
  });
}

/**
 * The shell's update files (electron-builder's generic feed and the artifacts it names), to paired
 * screens only: a stranger on the guest Wi-Fi cannot pull installers off the hub over and over.
 */
export function mountUpdateFiles(app: FastifyInstance, screens: ScreensService, updates: PublishedUpdates): void {
  app.get(KIOSK_UPDATE_FILE_ROUTE, async (req, reply) => {
    const refuse = (status: number, code: string, message: string) =>
      reply.status(status).header('cache-control', 'no-store').send(errorBody(code, message));
    const credential = screenCredential(req);
    if (!credential || isRefusal(screens.identify(credential)))
      return refuse(401, 'SCREEN_CREDENTIAL_REQUIRED', "update files are for this hub's paired screens");
    const file = updates.file((req.params as { file: string }).file);
    if (!file) return refuse(404, 'KIOSK_UPDATE_FILE_NOT_FOUND', 'no such update file on this hub');
    return reply
      .type(file.path.endsWith('.yml') ? 'text/yaml; charset=utf-8' : 'application/octet-stream')
      .header('cache-control', 'no-cache')
      .header('content-length', file.size)
      .send(createReadStream(file.path));
  });
}
