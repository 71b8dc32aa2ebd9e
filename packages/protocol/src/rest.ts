// REST operations under /api, as data: method, path, who may call it, and the schemas the hub
// validates with. The OpenAPI document is generated from this same table (openapi.ts).
import { z } from 'zod';
import { defineRoute } from './route.ts';
import { staffRoutes } from './staff.ts';
import { queueRoutes } from './queue-routes.ts';
import { jobRoutes } from './jobs-api.ts';
import { videoRoutes } from './job-video.ts';
import { wristbandRoutes } from './wristbands-api.ts';
import { kioskRoutes } from './kiosk.ts';
import { fleetRoutes } from './screens-fleet.ts';
import { kioskUpdateRoutes } from './kiosk-updates.ts';
import { kpiRoutes } from './kpi.ts';
import { evidenceRoutes } from './evidence.ts';
import { notifyRoutes } from './notify.ts';

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

/** The hub's health: ok or degraded for anyone, these details for staff and the scrape token. */
export const HEALTH_PATH = '/healthz';

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeSec: z.number(),
  broker: z.object({ mode: z.enum(['embedded', 'external']), connected: z.boolean(), url: z.string() }),
  database: z.object({ ok: z.boolean(), file: z.string(), migrations: z.number() }),
  /** HTTPS with the hub's own certificate: its SHA-256 fingerprint (AA:BB:…) for screens to pin. */
  tls: z.object({ on: z.boolean(), fingerprint256: z.string().nullable() }),
  /** The data filesystem and the database's writes: degraded below the reserve or after a failed write. */
  storage: z.object({
    ok: z.boolean(),
    reason: z.enum(['disk_low', 'write_failed']).nullable(),
    freeMb: z.number().nullable(),
    reserveMb: z.number(),
    since: z.number(),
  }),
  /** Why the hub is degraded, one stable code each (empty when ok). */
  reasons: z.array(z.string()),
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

const coreRoutes = {
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

/** Every REST operation of the hub; each issue's module adds its table here. */
export const routes = {
  ...coreRoutes,
  ...staffRoutes,
  ...jobRoutes,
  ...queueRoutes,
  ...videoRoutes,
  ...wristbandRoutes,
  ...kioskRoutes,
  ...fleetRoutes,
  ...kioskUpdateRoutes,
  ...kpiRoutes,
  ...evidenceRoutes,
  ...notifyRoutes,
} as const;
export type Routes = typeof routes;
