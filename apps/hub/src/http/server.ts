// HTTP: health, metrics, the REST API with its OpenAPI document, and the screens app itself.
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HEALTH_PATH, buildOpenApi, routes, type Health, type StaffUser } from '@glassbay/protocol';
import type { Metrics } from '../metrics.ts';
import type { Turn } from '../store/turn.ts';
import { createMount, errorBody, installErrorHandling, type Mount } from './api.ts';
import { installEdgeGuards, scrapeTokenOk } from './guard.ts';
import { installRateLimits } from './rate-limit.ts';

export const HUB_VERSION = '0.1.0';

export interface HttpDeps {
  metrics: Metrics;
  health: () => Promise<Health>;
  /** The signed-in staff member behind a request (the staff module answers). */
  staffOf: (req: FastifyRequest) => StaffUser | undefined;
  /** A handler's writes that joined an open turn are answered only once that turn is stored. */
  turn: Pick<Turn, 'open' | 'atEnd'>;
  /** Storage health: changes are refused while it is degraded. */
  accepting: () => { ok: boolean };
  /** Lets a scraper read /metrics and the details of /healthz (GLASSBAY_METRICS_TOKEN). */
  scrapeToken?: string | undefined;
}

/** Paths the screens app must never shadow. */
const NOT_SCREENS = /^\/(api|healthz|metrics|socket\.io|mqtt|hls)(\/|$)/;

/** Errors in one shape and cookies parsed: first, before any feature adds a route or a hook. */
export async function prepareHttp(
  app: FastifyInstance,
  opts: { onStorageError: (err: unknown) => void },
): Promise<void> {
  installErrorHandling(app, opts.onStorageError);
  installEdgeGuards(app);
  installRateLimits(app);
  await app.register(fastifyCookie);
}

/** Register the core routes (health, metrics, OpenAPI); returns `mount` for the modules' operations. */
export async function registerHttp(app: FastifyInstance, deps: HttpDeps): Promise<Mount> {
  const mount = createMount(app, deps.staffOf, { turn: deps.turn, accepting: deps.accepting });
  // Details (the database path, the broker URL, counts) only for staff and the scraper.
  const insider = (req: FastifyRequest) => scrapeTokenOk(req, deps.scrapeToken) || deps.staffOf(req) !== undefined;

  app.get(HEALTH_PATH, async (req, reply) => {
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
