// The kiosk contract: which screen a kiosk PC shows, how a screen is paired with the hub, and the one
// typed API the Electron shell's preload hands to the page. The shell (apps/kiosk), the screens web
// app and the hub all import these names; no IPC channel or pairing path is spelled anywhere else.
import { z } from 'zod';
import { defineRoute } from './route.ts';
import type { ShellHealth } from './screens-fleet.ts';
import type { ShellUpdateResult } from './kiosk-updates.ts';

/** What a kiosk PC shows. One role per PC; the path is where the hub serves that screen. */
export const kioskRoles = ['check-in', 'queue-board', 'lounge-board', 'bay-board'] as const;
export type KioskRole = (typeof kioskRoles)[number];
export const KioskRoleSchema = z.enum(kioskRoles);

export const kioskRolePaths = {
  'check-in': '/checkin',
  'queue-board': '/queue',
  'lounge-board': '/lounge',
  'bay-board': '/bays',
} as const satisfies Record<KioskRole, `/${string}`>;

// ---------------------------------------------------------------------------------------------
// Pairing. An unpaired screen shows a short code; staff type it into the console and approve the
// screen with a name and a role; the screen then holds a credential of its own until revoked.

/** Letters and digits that cannot be misread on a TV from across the room: no 0/O, 1/I/L, 2/Z, 5/S, 8/B. */
export const PAIRING_CODE_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY' as const;
export const PAIRING_CODE_LENGTH = 6;
export const PairingCodeSchema = z
  .string()
  .length(PAIRING_CODE_LENGTH)
  .regex(new RegExp(`^[${PAIRING_CODE_ALPHABET}]+$`), 'pairing codes use only unambiguous capitals and digits');
export type PairingCode = z.infer<typeof PairingCodeSchema>;

/**
 * A fresh code from random bytes (the shell's crypto, or the browser's). Bytes at or above the largest
 * multiple of the alphabet's size are skipped, so every character is equally likely (a plain modulo
 * would favour the first few).
 */
export function generatePairingCode(randomBytes: (n: number) => Uint8Array): PairingCode {
  const n = PAIRING_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let code = '';
  while (code.length < PAIRING_CODE_LENGTH) {
    for (const byte of randomBytes(PAIRING_CODE_LENGTH * 2)) {
      if (byte < limit && code.length < PAIRING_CODE_LENGTH) code += PAIRING_CODE_ALPHABET[byte % n];
    }
  }
  return code;
}

/**
 * The code is on a screen anyone in the lounge can read, so it cannot be what collects the credential.
 * The screen also makes a secret of its own for each code, sends it with the code, and sends it again
 * (in this header) each time it asks whether the code was approved: whoever only saw the code gets
 * nothing, and cannot take the code over either.
 */
export const SCREEN_PAIRING_SECRET_HEADER = 'x-glassbay-pairing-secret' as const;
export const PairingSecretSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a pairing secret is 64 lowercase hex characters (32 random bytes)');
export type PairingSecret = z.infer<typeof PairingSecretSchema>;

/** A fresh secret for one code, from random bytes (the shell's crypto, or the browser's). */
export function generatePairingSecret(randomBytes: (n: number) => Uint8Array): PairingSecret {
  return Array.from(randomBytes(32), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The page that shows the pairing code, in the shell and in a plain browser alike. */
export const PAIRING_PAGE_PATH = '/pair' as const;

/** Header the shell adds to every request it sends to its own hub once paired; the page never sees it. */
export const SCREEN_CREDENTIAL_HEADER = 'x-glassbay-screen-credential' as const;

/** Stable error code the hub answers with when a screen's credential has been revoked. */
export const SCREEN_REVOKED_CODE = 'SCREEN_REVOKED' as const;

export const ScreenIdentitySchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(80),
  role: KioskRoleSchema,
});
export type ScreenIdentity = z.infer<typeof ScreenIdentitySchema>;

export const ScreenPairingRequestSchema = z.object({
  code: PairingCodeSchema,
  secret: PairingSecretSchema,
  role: KioskRoleSchema,
  shellVersion: z.string().max(40),
});
export type ScreenPairingRequest = z.infer<typeof ScreenPairingRequestSchema>;

export const ScreenPairingStatusSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('waiting'), expiresAt: z.number() }),
  z.object({ status: z.literal('approved'), screen: ScreenIdentitySchema, credential: z.string().min(16).max(512) }),
  z.object({ status: z.literal('expired') }),
]);
export type ScreenPairingStatus = z.infer<typeof ScreenPairingStatusSchema>;

// ---------------------------------------------------------------------------------------------
// The hub's identity. A screen sends its credential only to the hub it paired with. The hub keeps an
// Ed25519 key in its data dir; a screen challenges any hub it is about to trust with a fresh nonce and
// the origin it is talking to, the hub signs both, and the screen keeps the hub's public key from
// pairing on. A stranger answering the hub's mDNS name cannot sign, and cannot pass a challenge on to
// the real hub either: the hub signs only for an origin that is one of its own addresses.

/** What the hub signs: this context, the nonce and the origin, one per line. */
export const HUB_PROOF_CONTEXT = 'glassbay-hub-identity-v1' as const;

export const HubChallengeSchema = z.object({
  /** 32 random bytes from the screen, hex. */
  nonce: z.string().regex(/^[0-9a-f]{64}$/, 'a nonce is 64 lowercase hex characters'),
  /** The origin the screen addressed, e.g. http://10.0.0.5:8080. */
  origin: z.string().url().max(200),
});
export type HubChallenge = z.infer<typeof HubChallengeSchema>;

export const HubProofSchema = z.object({
  hubId: z.string().min(1).max(64),
  /** The hub's Ed25519 public key, SubjectPublicKeyInfo DER, base64. */
  publicKey: z.string().min(40).max(200),
  /** Ed25519 signature of hubProofMessage(challenge), base64. */
  signature: z.string().min(40).max(200),
});
export type HubProof = z.infer<typeof HubProofSchema>;

export const hubProofMessage = (c: HubChallenge): string => `${HUB_PROOF_CONTEXT}\n${c.nonce}\n${c.origin}`;

/** The hub a paired screen trusts; kept with the screen's credential. */
export const PinnedHubSchema = z.object({ hubId: z.string().min(1).max(64), publicKey: z.string().min(40).max(200) });
export type PinnedHub = z.infer<typeof PinnedHubSchema>;

/** Stable error code of a hub that will not sign for an origin that is not its own. */
export const HUB_ORIGIN_NOT_MINE_CODE = 'HUB_ORIGIN_NOT_MINE' as const;

/**
 * REST operations a kiosk calls on its hub, kept beside the kiosk contract; `routes` (rest.ts) lists
 * them too, so they are in the OpenAPI document with the console's fleet operations (screens-fleet.ts).
 */
export const kioskRoutes = {
  requestScreenPairing: defineRoute({
    method: 'POST',
    path: '/api/screens/pairing',
    access: 'public',
    summary: 'An unpaired screen announces the code it shows; staff approve it from the console.',
    body: ScreenPairingRequestSchema,
    response: z.object({ status: z.literal('waiting'), expiresAt: z.number() }),
  }),
  getScreenPairing: defineRoute({
    method: 'GET',
    path: '/api/screens/pairing/:code',
    access: 'public',
    summary: `The screen polls its code with the secret it announced it with (in ${SCREEN_PAIRING_SECRET_HEADER}); once approved it receives its identity and credential, once.`,
    params: z.object({ code: PairingCodeSchema }),
    response: ScreenPairingStatusSchema,
  }),
  getScreenSelf: defineRoute({
    method: 'GET',
    path: '/api/screens/self',
    access: 'public',
    summary: `A paired screen checks its credential (sent in ${SCREEN_CREDENTIAL_HEADER}); ${SCREEN_REVOKED_CODE} once revoked.`,
    response: ScreenIdentitySchema,
  }),
  proveHubIdentity: defineRoute({
    method: 'POST',
    path: '/api/hub/identity',
    access: 'public',
    summary: `A screen challenges the hub before it sends its credential; the hub signs the nonce and origin with its key (${HUB_ORIGIN_NOT_MINE_CODE} for an origin that is not one of its addresses).`,
    body: HubChallengeSchema,
    response: HubProofSchema,
  }),
} as const;

// ---------------------------------------------------------------------------------------------
// The preload API: the only bridge between the page and the shell.

/** What the page sees of the pairing: never the credential. */
export type PairingView =
  | { state: 'unpaired' }
  | { state: 'showing-code'; code: PairingCode; expiresAt: number }
  | { state: 'paired'; screen: ScreenIdentity };

export interface KioskInfo {
  /** The shell's own version (the page has its own). */
  version: string;
  role: KioskRole;
  /** Whether the screen takes touch input; boards without touch hide the cursor. */
  touch: boolean;
  pairing: PairingView;
  /** Uptime, memory and last crash of the shell; absent from shells older than the fleet view. */
  health?: ShellHealth;
}

export const PrintRequestSchema = z.object({
  /** A complete receipt document; printed with scripts disabled. */
  html: z
    .string()
    .min(1)
    .max(256 * 1024),
  copies: z.number().int().min(1).max(5).default(1),
});
export type PrintRequest = z.input<typeof PrintRequestSchema>;

export type PrintResult = { ok: true } | { ok: false; code: string; message: string };

export const HealthReportSchema = z.object({
  /** The page's realtime link to the hub is up. */
  connected: z.boolean(),
  /** Last applied state revision, to spot a page that stopped receiving patches. */
  rev: z.number().int().nonnegative().nullable(),
  /** Short free text such as the current view; logged, never shown. */
  note: z.string().max(200).optional(),
});
export type HealthReport = z.infer<typeof HealthReportSchema>;

/**
 * The page's heartbeat: a hub page inside the shell calls `heartbeat` every KIOSK_HEARTBEAT_INTERVAL_MS.
 * A page that has beaten once and then stays silent for KIOSK_SILENT_PAGE_MS (a frozen page, a dead
 * event loop, a blank document) is reloaded by the shell; the shell also counts the beats as "seen"
 * in its self-check with the hub.
 */
export const HeartbeatSchema = z.object({
  /** The page shown, e.g. /lounge. */
  path: z.string().max(200),
  /** Whether the page's live link to the hub is up; null where the page has none. */
  connected: z.boolean().nullable(),
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;
export const KIOSK_HEARTBEAT_INTERVAL_MS = 15_000;
export const KIOSK_SILENT_PAGE_MS = 3 * 60_000;

/** A small JPEG of what the screen shows, for the console; or why there is none. */
export type CaptureResult = { ok: true; dataUrl: string } | { ok: false; code: string; message: string };

/** IPC channels between preload and main. Only `ipcMain.handle`/`ipcRenderer.invoke`, never `on`. */
export const KioskChannels = {
  getInfo: 'kiosk:get-info',
  print: 'kiosk:print',
  reportHealth: 'kiosk:report-health',
  captureScreen: 'kiosk:capture-screen',
  refreshPairing: 'kiosk:refresh-pairing',
  heartbeat: 'kiosk:heartbeat',
  installUpdate: 'kiosk:install-update',
} as const;
export type KioskChannel = (typeof KioskChannels)[keyof typeof KioskChannels];

/** Argument and result types per channel; main's handlers and the preload both check against this. */
export interface KioskInvokeMap {
  [KioskChannels.getInfo]: { args: []; result: KioskInfo };
  [KioskChannels.print]: { args: [PrintRequest]; result: PrintResult };
  [KioskChannels.reportHealth]: { args: [HealthReport]; result: void };
  [KioskChannels.captureScreen]: { args: []; result: CaptureResult };
  [KioskChannels.refreshPairing]: { args: []; result: PairingView };
  [KioskChannels.heartbeat]: { args: [Heartbeat]; result: void };
  [KioskChannels.installUpdate]: { args: []; result: ShellUpdateResult };
}

/** Exposed to the page as `window.glassbay`. */
export interface KioskApi {
  getInfo(): Promise<KioskInfo>;
  /** Silent receipt printing on the kiosk's printer; resolves with a reason when it cannot print. */
  print(request: PrintRequest): Promise<PrintResult>;
  /** The page says how it is doing; the shell logs changes and may reload a page that stalls. */
  reportHealth(report: HealthReport): Promise<void>;
  /** A screenshot of the page at most SCREENSHOT_WIDTH wide, for the console's fleet view. */
  captureScreen(): Promise<CaptureResult>;
  /**
   * Ask the shell to check its pairing with the hub now (the console renamed, re-roled or removed
   * this screen); the shell shows the right page by itself. Resolves with the pairing as it stands.
   */
  refreshPairing(): Promise<PairingView>;
  /** "This page is alive", every KIOSK_HEARTBEAT_INTERVAL_MS; absent from shells older than liveness. */
  heartbeat?(beat: Heartbeat): Promise<void>;
  /**
   * Staff asked for the shell release the paired hub publishes: the shell checks that hub's feed,
   * downloads and verifies it, and installs at a quiet moment. Absent from shells older than updates.
   */
  installUpdate?(): Promise<ShellUpdateResult>;
}

/** The global the preload defines; the screens app reads it only when running inside the shell. */
export const KIOSK_API_GLOBAL = 'glassbay' as const;
