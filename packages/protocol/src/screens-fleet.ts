// The screens fleet: what the hub knows of every paired screen (name, role, health), how staff
// approve, rename, re-role, reload and remove screens from the console, and the socket.io namespace
// over which screens report their health and obey commands. Pairing itself (code, credential) is in
// kiosk.ts; this file is what happens around it.
import { z } from 'zod';
import { KioskRoleSchema, PairingCodeSchema, ScreenIdentitySchema } from './kiosk.ts';
import { defineRoute } from './route.ts';

export const ScreenNameSchema = z.string().trim().min(1, 'give the screen a name').max(80);
export const ScreenIdSchema = z.string().regex(/^scr_[A-Za-z0-9_-]{8,40}$/, 'not a screen id');

/** What the shell (Electron) knows about itself; absent in a plain browser. */
export const ShellHealthSchema = z.object({
  uptimeSec: z.number().int().nonnegative(),
  /** Working set of the whole shell (main, renderer, GPU), in MB. */
  memoryMb: z.number().nonnegative(),
  /** The last time the watchdog had to recover the page, and why. */
  lastCrash: z.object({ at: z.number(), reason: z.string().max(200) }).nullable(),
  /** When the page last beat through the preload API (KIOSK_HEARTBEAT_INTERVAL_MS); absent from older shells. */
  lastHeartbeatAt: z.number().nullable().optional(),
});
export type ShellHealth = z.infer<typeof ShellHealthSchema>;

/** A screen's report of itself, sent on connect and every FLEET_HEALTH_INTERVAL_MS. */
export const ScreenHealthSchema = z.object({
  /** The screens app's version, and the shell's (null in a plain browser). */
  appVersion: z.string().max(40),
  shellVersion: z.string().max(40).nullable(),
  /** Seconds since the page loaded (a reload resets it). */
  uptimeSec: z.number().int().nonnegative(),
  /** The page's JavaScript heap in MB where the browser tells (Chromium does), else null. */
  memoryMb: z.number().nonnegative().nullable(),
  shell: ShellHealthSchema.nullable(),
  /** The page it shows, e.g. /lounge. */
  path: z.string().max(200),
  /** Whether its live state link to the hub is up (it is, when it can report). */
  connected: z.boolean(),
});
export type ScreenHealth = z.infer<typeof ScreenHealthSchema>;

export const FLEET_HEALTH_INTERVAL_MS = 60_000;
/** A screenshot travels as a JPEG data URL inside one socket.io message; the hub caps messages at 64 KiB. */
export const SCREENSHOT_MAX_CHARS = 60_000;
export const SCREENSHOT_WIDTH = 480;

/** What the console shows per screen. Staff only. */
export const FleetScreenSchema = z.object({
  id: ScreenIdSchema,
  name: z.string(),
  role: KioskRoleSchema,
  pairedAt: z.number(),
  /** False until the screen collected its credential after approval. */
  credentialCollected: z.boolean(),
  online: z.boolean(),
  lastSeenAt: z.number().nullable(),
  /** The address the screen last connected from, for the installer walking the showroom. */
  address: z.string().nullable(),
  health: ScreenHealthSchema.nullable(),
  healthAt: z.number().nullable(),
  /** The last screenshot asked for: when it arrived (fetch it with getScreenshot), or why it could not be taken. */
  screenshot: z.object({ at: z.number(), error: z.string().nullable() }).nullable(),
});
export type FleetScreen = z.infer<typeof FleetScreenSchema>;

/** A screen showing a code, waiting for staff to approve it. */
export const PendingPairingSchema = z.object({
  code: PairingCodeSchema,
  requestedRole: KioskRoleSchema,
  shellVersion: z.string(),
  address: z.string().nullable(),
  requestedAt: z.number(),
  expiresAt: z.number(),
});
export type PendingPairing = z.infer<typeof PendingPairingSchema>;

export const FleetViewSchema = z.object({
  screens: z.array(FleetScreenSchema),
  pending: z.array(PendingPairingSchema),
  /** The shell release this hub publishes (kiosk-updates.ts), to compare each screen's shellVersion with. */
  update: z.object({ version: z.string(), publishedAt: z.number() }).nullable(),
});
export type FleetView = z.infer<typeof FleetViewSchema>;

/** What staff can make a screen do; the hub sends it on the fleet namespace to that screen only. */
export const ScreenCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reload') }),
  /** Renamed or re-roled: show the role's page. */
  z.object({ type: z.literal('identity'), screen: ScreenIdentitySchema }),
  z.object({ type: z.literal('screenshot'), requestId: z.string().max(64) }),
  /** Removed in the console: forget the credential and show a fresh pairing code. */
  z.object({ type: z.literal('revoked') }),
  /** Staff asked for the shell release the hub publishes (kiosk-updates.ts); the page tells the shell. */
  z.object({ type: z.literal('update'), version: z.string().max(40) }),
]);
export type ScreenCommand = z.infer<typeof ScreenCommandSchema>;

export const ScreenshotReplySchema = z.union([
  z.object({
    requestId: z.string().max(64),
    dataUrl: z
      .string()
      .max(SCREENSHOT_MAX_CHARS)
      .regex(/^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/, 'a base64 image data URL'),
  }),
  z.object({ requestId: z.string().max(64), error: z.string().max(200) }),
]);
export type ScreenshotReply = z.infer<typeof ScreenshotReplySchema>;

// ---------------------------------------------------------------------------------------------
// The fleet namespace. A screen proves itself with its credential: the shell's header
// (SCREEN_CREDENTIAL_HEADER) or, in a plain browser, `auth.credential`. Staff (manager and up) join
// with `auth.audience = 'staff'` and their session cookie and receive the whole view on each change.

export const FLEET_NAMESPACE = '/fleet';

export const FleetEvents = {
  /** hub → staff: the whole fleet (small: a shop has tens of screens). */
  view: 'fleet:view',
  /** hub → one screen. */
  command: 'fleet:command',
  /** screen → hub. */
  health: 'fleet:health',
  screenshot: 'fleet:screenshot',
} as const;

export type FleetHandshakeAuth = { credential: string } | { audience: 'staff' } | Record<string, never>;

export interface FleetServerEvents {
  [FleetEvents.view]: (view: FleetView) => void;
  [FleetEvents.command]: (command: ScreenCommand) => void;
}
export interface FleetClientEvents {
  [FleetEvents.health]: (health: ScreenHealth) => void;
  [FleetEvents.screenshot]: (reply: ScreenshotReply) => void;
}

/** Why the fleet namespace refused a socket (the connect_error's message). */
export const FleetRefusals = {
  revoked: 'SCREEN_REVOKED',
  noCredential: 'SCREEN_CREDENTIAL_REQUIRED',
  staffLogin: 'STAFF_LOGIN_REQUIRED',
  role: 'ROLE_REQUIRED',
} as const;

// ---------------------------------------------------------------------------------------------
// Console operations (manager and up).

const ScreenParams = z.object({ screenId: ScreenIdSchema });

export const fleetRoutes = {
  listScreens: defineRoute({
    method: 'GET',
    path: '/api/screens',
    access: 'manager',
    summary: 'Every paired screen with its last health report, and the screens waiting to be paired.',
    response: FleetViewSchema,
  }),
  approveScreenPairing: defineRoute({
    method: 'POST',
    path: '/api/screens/pairing/:code/approve',
    access: 'manager',
    summary: 'Approve the screen showing this code, with a name and a role; it collects its credential next.',
    params: z.object({ code: z.string().trim().toUpperCase().pipe(PairingCodeSchema) }),
    body: z.strictObject({ name: ScreenNameSchema, role: KioskRoleSchema }),
    response: FleetScreenSchema,
  }),
  declineScreenPairing: defineRoute({
    method: 'DELETE',
    path: '/api/screens/pairing/:code',
    access: 'manager',
    summary: 'Refuse a pairing request (a screen nobody recognises); it shows a new code later.',
    params: z.object({ code: z.string().trim().toUpperCase().pipe(PairingCodeSchema) }),
    response: z.object({ ok: z.literal(true) }),
  }),
  updateScreen: defineRoute({
    method: 'PATCH',
    path: '/api/screens/:screenId',
    access: 'manager',
    summary: 'Rename a screen or give it another role; an online screen switches at once.',
    params: ScreenParams,
    body: z.strictObject({ name: ScreenNameSchema.optional(), role: KioskRoleSchema.optional() }),
    response: FleetScreenSchema,
  }),
  reloadScreen: defineRoute({
    method: 'POST',
    path: '/api/screens/:screenId/reload',
    access: 'manager',
    summary: 'Reload the page on a screen (after an update, or when it looks wrong).',
    params: ScreenParams,
    response: z.object({ delivered: z.boolean() }),
  }),
  requestScreenshot: defineRoute({
    method: 'POST',
    path: '/api/screens/:screenId/screenshot',
    access: 'manager',
    summary: 'Ask an online screen for a small screenshot; the fleet view says when it arrived.',
    params: ScreenParams,
    response: z.object({ requestId: z.string() }),
  }),
  getScreenshot: defineRoute({
    method: 'GET',
    path: '/api/screens/:screenId/screenshot',
    access: 'manager',
    summary: "The screen's last screenshot, as a data URL.",
    params: ScreenParams,
    response: z.object({ at: z.number(), dataUrl: z.string() }),
  }),
  removeScreen: defineRoute({
    method: 'DELETE',
    path: '/api/screens/:screenId',
    access: 'manager',
    summary: 'Revoke a screen: its credential stops working and it shows a new pairing code.',
    params: ScreenParams,
    response: z.object({ ok: z.literal(true) }),
  }),
} as const;

// ---------------------------------------------------------------------------------------------
// Discovery: the hub advertises itself with DNS-SD over multicast DNS on the shop's network, so a
// new screen finds it without anyone typing an address.

export const HUB_DNSSD_SERVICE = '_glassbay-hub._tcp.local';
/** TXT keys: `v` contract version, `id` the hub's stable id, `scheme` http or https. */
export const HUB_DNSSD_VERSION = '1';
