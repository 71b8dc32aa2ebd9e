// Screens over HTTP: the pairing routes a new screen calls (public, by code), the credential check a
// paired screen calls, and the console's fleet operations (manager). Rules live in the service.
import { SCREEN_CREDENTIAL_HEADER, SCREEN_PAIRING_SECRET_HEADER, fleetRoutes, kioskRoutes } from '@glassbay/protocol';
import type { FastifyRequest } from 'fastify';
import type { ScreensService } from './fleet.service.ts';
import type { Mount } from '../http/api.ts';

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
  mount(fleetRoutes.removeScreen, ({ params }) => {
    screens.remove(params.screenId, Date.now());
    return { ok: true as const };
  });
}
