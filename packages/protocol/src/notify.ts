// Messages to the customer when it matters (ticket called, approval needed, ready for pickup, a delay
// beyond the promise), sent through the shop's own gateway (its SMS or WeChat service) as signed
// webhooks. This file is the contract a shop's gateway is built against: the body, the headers, the
// signature, and the opt-out the gateway may call back. The README shows how to verify a delivery.
import { z } from 'zod';
import { defineRoute } from './route.ts';
import { FOLLOW_TOKEN_PATTERN } from './jobs.ts';
import { CustomerLanguageSchema, PhoneSchema } from './queue.ts';

export const notifyMessageKinds = ['ticket-called', 'approval-needed', 'ready-for-pickup', 'delayed'] as const;
export type NotifyMessageKind = (typeof notifyMessageKinds)[number];

/** queued: stored, waiting for (another) delivery; sent: the gateway answered 2xx; failed: gave up; cancelled: opted out. */
export const notifyMessageStates = ['queued', 'sent', 'failed', 'cancelled'] as const;
export type NotifyMessageState = (typeof notifyMessageStates)[number];

/**
 * The headers of every delivery. `Idempotency-Key` is the same on every attempt of one message (a
 * gateway that saw it already answers 2xx and sends nothing). The signature header reads
 * `t=<epoch ms>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the shared secret>`.
 */
export const NOTIFY_HEADERS = {
  idempotencyKey: 'Idempotency-Key',
  signature: 'X-Glassbay-Signature',
} as const;

/** What the signature covers: the timestamp, a dot, then the exact bytes of the body. */
export const notifySignedText = (timestampMs: number, rawBody: string): string => `${timestampMs}.${rawBody}`;

/** `t=…,v1=…` → its parts, or null when the header is not in that shape. */
export function parseNotifySignature(header: string | undefined | null): { t: number; v1: string } | null {
  const m = /^t=(\d{1,16}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  return m ? { t: Number(m[1]), v1: m[2]! } : null;
}
export const formatNotifySignature = (timestampMs: number, hexDigest: string) => `t=${timestampMs},v1=${hexDigest}`;

/** How far a signed request's timestamp may be from the receiver's clock (replays older than this are refused). */
export const NOTIFY_SIGNATURE_TOLERANCE_MS = 5 * 60_000;

/** The JSON body of a delivery. `to` is the customer's phone: it leaves the hub only in this body. */
export const NotifyWebhookBodySchema = z.object({
  /** Also the `Idempotency-Key`. */
  id: z.string(),
  kind: z.enum(notifyMessageKinds),
  lang: CustomerLanguageSchema,
  to: z.string(),
  /** The message in the customer's language, ready to send as it is. */
  text: z.string(),
  /** What it is about: the ticket number (A012) or the job code. */
  ref: z.string(),
  createdAt: z.number(),
});
export type NotifyWebhookBody = z.infer<typeof NotifyWebhookBodySchema>;

/** The gateway's opt-out (the customer replied STOP / 退订): signed like a delivery, with the same secret. */
export const NotifyGatewayOptOutSchema = z.strictObject({ phone: PhoneSchema });

/** The shop's notifier as set in the console; the secret is write-only (never read back). */
export const NotifySettingsSchema = z.strictObject({
  /** null turns the console's setting off (the environment's, if any, applies again). */
  webhookUrl: z
    .url({ protocol: /^https?$/, error: 'an http(s) URL of the gateway' })
    .max(500)
    .nullable(),
  secret: z.string().min(16, 'at least 16 characters').max(200).optional(),
});

export const NotifyMessageViewSchema = z.object({
  id: z.string(),
  kind: z.enum(notifyMessageKinds),
  ref: z.string(),
  jobId: z.string().nullable(),
  state: z.enum(notifyMessageStates),
  attempts: z.number(),
  createdAt: z.number(),
  nextAttemptAt: z.number().nullable(),
  lastError: z.string().nullable(),
});
export type NotifyMessageView = z.infer<typeof NotifyMessageViewSchema>;

export const NotifyStatusSchema = z.object({
  configured: z.boolean(),
  source: z.enum(['console', 'env', 'none']),
  /** Host of the gateway only: the URL's path may hold the gateway's own key. */
  gatewayHost: z.string().nullable(),
  counts: z.object({ queued: z.number(), sent: z.number(), failed: z.number(), cancelled: z.number() }),
  lastError: z.string().nullable(),
  recent: z.array(NotifyMessageViewSchema),
});
export type NotifyStatus = z.infer<typeof NotifyStatusSchema>;

export const notifyPaths = {
  status: '/api/notify',
  settings: '/api/notify/settings',
  gatewayOptOut: '/api/notify/opt-out',
  followOptOut: '/api/follow/:token/messages/opt-out',
} as const;

/** The console's hub notice codes of the notifier (HubNotice.code). */
export const notifyNoticeCodes = ['notifier_refused', 'notifier_unreachable'] as const;
export type NotifyNoticeCode = (typeof notifyNoticeCodes)[number];
export const NOTIFY_NOTICE_ID = 'notifier';

export const notifyRoutes = {
  notifyStatus: defineRoute({
    method: 'GET',
    path: notifyPaths.status,
    access: 'advisor',
    summary:
      'The customer-message notifier: whether a gateway is set, its last error, and the latest messages (no phone numbers).',
    response: NotifyStatusSchema,
  }),
  notifySettings: defineRoute({
    method: 'PUT',
    path: notifyPaths.settings,
    access: 'admin',
    summary: "Set the shop's message gateway (webhook URL and signing secret); overrides the environment's.",
    body: NotifySettingsSchema,
    response: NotifyStatusSchema,
  }),
  notifyGatewayOptOut: defineRoute({
    method: 'POST',
    path: notifyPaths.gatewayOptOut,
    access: 'public',
    summary: 'The gateway tells the hub a customer opted out (signed with the shared secret, as deliveries are).',
    body: NotifyGatewayOptOutSchema,
    response: z.object({ optedOut: z.number() }),
  }),
  followOptOut: defineRoute({
    method: 'POST',
    path: notifyPaths.followOptOut,
    access: 'public',
    summary: 'The customer stops the messages about this visit from the follow page.',
    params: z.object({ token: z.string().regex(FOLLOW_TOKEN_PATTERN, 'this is not a Glassbay follow link') }),
    response: z.object({ optedOut: z.boolean() }),
  }),
} as const;
