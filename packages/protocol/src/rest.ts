// REST operations under /api, as data: method, path, who may call it, and the schemas the hub
// validates with. The OpenAPI document is generated from this same table (openapi.ts).
import { z } from 'zod';
import type { Access } from './domain.ts';

export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify-style path, `:name` for parameters. */
  path: `/api/${string}`;
  access: Access;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
}

export const defineRoute = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  r: RouteDef<P, Q, B, R>,
) => r;

/** Error body of every failed request: a stable code and a sentence a person can act on. */
export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

const BaySensorViewSchema = z.object({
  id: z.string(),
  online: z.boolean(),
  lastSeen: z.number().nullable(),
  seq: z.number().nullable(),
});

export const BayViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number(),
  occupied: z.boolean().nullable(),
  lift: z.enum(['down', 'moving', 'up']).nullable(),
  door: z.enum(['open', 'closed']).nullable(),
  since: z.number().nullable(),
  sensors: z.array(BaySensorViewSchema),
});

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeSec: z.number(),
  broker: z.object({ mode: z.enum(['embedded', 'external']), connected: z.boolean(), url: z.string() }),
  database: z.object({ ok: z.boolean(), file: z.string(), migrations: z.number() }),
  counts: z.object({
    bays: z.number(),
    devices: z.number(),
    devicesOnline: z.number(),
    screens: z.number(),
    accepted: z.number(),
    rejected: z.number(),
    deadLetters: z.number(),
  }),
});
export type Health = z.infer<typeof HealthSchema>;

export const routes = {
  listBays: defineRoute({
    method: 'GET',
    path: '/api/bays',
    access: 'public',
    summary: 'Every workshop bay with its live state (public: no personal data).',
    response: z.object({ bays: z.array(BayViewSchema) }),
  }),
  getBay: defineRoute({
    method: 'GET',
    path: '/api/bays/:bayId',
    access: 'public',
    summary: 'One bay with its live state.',
    params: z.object({ bayId: z.string() }),
    response: BayViewSchema,
  }),
} as const;
export type Routes = typeof routes;
