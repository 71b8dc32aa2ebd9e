// HTTP: health, metrics, the REST API with its OpenAPI document, and the screens app itself.
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildOpenApi, routes, type Health } from '@glassbay/protocol';
import type { Metrics } from '../metrics.ts';
import type { BaysRepository } from '../store/bays.repository.ts';
import { HttpError, errorBody, installErrorHandling, mount } from './api.ts';

export const HUB_VERSION = '0.1.0';

export interface HttpDeps {
  bays: BaysRepository;
  metrics: Metrics;
  health: () => Promise<Health>;
  screensDir: string;
}

/** Paths the screens app must never shadow. */
const NOT_SCREENS = /^\/(api|healthz|metrics|socket\.io|mqtt|hls)(\/|$)/;

export async function registerHttp(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  installErrorHandling(app);

  app.get('/healthz', async (_req, reply) => {
    const h = await deps.health();
    return reply.status(h.status === 'ok' ? 200 : 503).send(h);
  });
  app.get('/metrics', async (_req, reply) =>
    reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()),
  );
  app.get('/api/openapi.json', async () => buildOpenApi(routes, { title: 'Glassbay hub API', version: HUB_VERSION }));

  mount(app, routes.listBays, () => ({ bays: deps.bays.list() }));
  mount(app, routes.getBay, ({ params }) => {
    const bay = deps.bays.get(params.bayId);
    if (!bay) throw new HttpError(404, 'BAY_NOT_FOUND', `no bay "${params.bayId}"`);
    return bay;
  });

  const index = join(deps.screensDir, 'index.html');
  if (existsSync(index)) {
    await app.register(fastifyStatic, { root: deps.screensDir, wildcard: false, index: 'index.html' });
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
