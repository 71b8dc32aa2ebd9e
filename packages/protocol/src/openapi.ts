// OpenAPI 3.1 generated from the route table: the document and the handlers share one set of schemas.
import { z } from 'zod';
import { ApiError, type RouteDef } from './route.ts';

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' });

export function buildOpenApi(table: Record<string, RouteDef>, info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, r] of Object.entries(table)) {
    const parameters: unknown[] = [];
    for (const [where, s] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!s) continue;
      const js = schema(s) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, prop] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || !!js.required?.includes(name), schema: prop });
      }
    }
    const op: Record<string, unknown> = {
      operationId,
      summary: r.summary,
      'x-glassbay-access': r.access,
      ...(r.access === 'public' ? { security: [] } : { security: [{ staffSession: [] }] }),
      parameters,
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: schema(r.response) } } },
        default: { description: 'Error', content: { 'application/json': { schema: schema(ApiError) } } },
      },
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: schema(r.body) } } };
    const path = toOpenApiPath(r.path);
    paths[path] = { ...paths[path], [r.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.1.0',
    info,
    components: {
      securitySchemes: { staffSession: { type: 'apiKey', in: 'cookie', name: 'glassbay_session' } },
    },
    paths,
  };
}
