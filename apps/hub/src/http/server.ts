// HTTP: health, metrics, the REST API with its OpenAPI document, and the screens app itself.
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { buildOpenApi, routes, type Health } from '@glassbay/protocol';
import type { Metrics } from '../metrics.ts';
import type { BaysRepository } from '../bays/bays.repository.ts';
import type { StaffService } from '../staff/staff.service.ts';
import { HttpError, createMount, errorBody, installErrorHandling, type Mount } from './api.ts';
import { installEdgeGuards, scrapeTokenOk } from './guard.ts';
import { installRateLimits } from './rate-limit.ts';
import { mountStaffRoutes, sessionToken } from '../staff/staff.routes.ts';

export const HUB_VERSION = '0.1.0';

export interface HttpDeps {
  bays: BaysRepository;
  metrics: Metrics;
  health: () => Promise<Health>;
  staff: StaffService;
  /** A staff session ended: its sockets must lose the staff view. */
  onLogout: (sessionId: string) => void;
  /** Lets a scraper read /metrics and the details of /healthz (GLASSBAY_METRICS_TOKEN). */
  scrapeToken?: string | undefined;
}

/** Paths the screens app must never shadow. */
const NOT_SCREENS = /^\/(api|healthz|metrics|socket\.io|mqtt|hls)(\/|$)/;

/** Register the core routes; returns `mount` so each module adds its own operations. */
export async function registerHttp(app: FastifyInstance, deps: HttpDeps): Promise<Mount> {
  installErrorHandling(app);
  installEdgeGuards(app);
  installRateLimits(app);
  await app.register(fastifyCookie);
  const staffOf = (req: FastifyRequest) => deps.staff.authenticate(sessionToken(req), Date.now());
  const mount = createMount(app, staffOf);
  // Details (the database path, the broker URL, counts) only for staff and the scraper.
  const insider = (req: FastifyRequest) => scrapeTokenOk(req, deps.scrapeToken) || staffOf(req) !== undefined;

  app.get('/healthz', async (req, reply) => {
    const h = await deps.health();
    void reply.header('cache-control', 'no-store');
    return reply.status(h.status === 'ok' ? 200 : 503).send(insider(req) ? h : { status: h.status });
  });
  app.get('/metrics', async (req, reply) => {
    if (!insider(req))
      return reply
        .status(401)
        .send(
          errorBody('METRICS_TOKEN_REQUIRED', 'sign in as staff or send the scrape token (GLASSBAY_METRICS_TOKEN)'),
        );
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  app.get('/api/openapi.json', async () => buildOpenApi(routes, { title: 'Glassbay hub API', version: HUB_VERSION }));

  mount(routes.listBays, () => ({ bays: deps.bays.list() }));
  mount(routes.getBay, ({ params }) => {
    const bay = deps.bays.get(params.bayId);
    if (!bay) throw new HttpError(404, 'BAY_NOT_FOUND', `no bay "${params.bayId}"`);
    return bay;
  });
  mountStaffRoutes(mount, deps.staff, deps.onLogout);

  return mount;
}

/** Serve the screens app last, so that every API route registered before it wins. */
export async function registerScreens(app: FastifyInstance, screensDir: string): Promise<void> {
  const index = join(screensDir, 'index.html');
  if (existsSync(index)) {
    await app.register(fastifyStatic, { root: screensDir, wildcard: false, index: 'index.html' });
  }
  // Screens are one app with a route per role: any other GET that is not an API path gets index.html.
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    if (req.method === 'GET' && !NOT_SCREENS.test(path)) {
      if (existsSync(index)) return reply.type('text/html').sendFile('index.html');
      return reply
        .status(503)
        .type('text/plain')
        .send('The screens are not built. Run: pnpm --filter @glassbay/screens build');
    }
    return reply.status(404).send(errorBody('NOT_FOUND', `nothing at ${req.method} ${path}`));
  });
}
