// MQTT payload schemas: what a device may send [GB-3.x]. The hub parses every payload with these
// at the edge; past the edge the types are trusted.
import { z } from 'zod';

/** Largest payload the hub accepts, in bytes [GB-2.5]. Larger ones are rejected unread. */
export const MAX_PAYLOAD_BYTES = 4096;

/**
 * The broker's doors, enforced before authentication on TCP and WebSocket [GB-2.5], the same in the
 * shipped Mosquitto config (hardware/mosquitto): no MQTT packet over `maxPacketBytes` (a payload of
 * MAX_PAYLOAD_BYTES with its topic and header stays well under), at most `maxConnections` at once,
 * and from one address a burst of `connectBurstPerSource` new connections, then
 * `connectsPerSecondPerSource` (a gateway reconnecting its wristbands after a restart fits).
 */
export const BROKER_LIMITS = {
  maxPacketBytes: 8192,
  maxConnections: 2000,
  connectBurstPerSource: 200,
  connectsPerSecondPerSource: 20,
} as const;

/** Device timestamps are epoch milliseconds; the hub never trusts them for ordering [GB-2.6]. */
const epochMs = z.number().int().nonnegative();

export const liftPositions = ['down', 'moving', 'up'] as const;
export const doorStates = ['open', 'closed'] as const;

/** Bay sensor state, retained, QoS 1 [GB-3.1]. Carries at least one observed field. */
export const BaySensorReading = z
  .strictObject({
    seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    ts: epochMs,
    occupied: z.boolean().optional(),
    lift: z.enum(liftPositions).optional(),
    door: z.enum(doorStates).optional(),
  })
  .refine((r) => r.occupied !== undefined || r.lift !== undefined || r.door !== undefined, {
    message: 'a reading must carry at least one of occupied, lift, door',
  });
export type BaySensorReading = z.infer<typeof BaySensorReading>;

/** Device status, retained; the same topic carries the last will `{"online":false}` [GB-3.3]. */
export const DeviceStatus = z.strictObject({
  online: z.boolean(),
  ts: epochMs.optional(),
  battery: z.number().min(0).max(100).optional(),
  firmware: z.string().min(1).max(40).optional(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

export const stepEventKinds = ['start', 'end'] as const;

/** Wristband step event, QoS 1, not retained; `id` is unique so a redelivery is applied once [GB-3.2]. */
export const WristbandEvent = z.strictObject({
  id: z
    .string()
    .min(8)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  ts: epochMs,
  /**
   * Ignored [GB-3.2.4]: a band does not name its wearer. The hub credits the technician the band is
   * issued to; the field is still accepted so bands with older firmware are not refused.
   */
  tech: z.string().min(1).max(40).optional(),
  bay: z.string().min(1).max(40),
  step: z.string().min(1).max(60),
  kind: z.enum(stepEventKinds),
});
export type WristbandEvent = z.infer<typeof WristbandEvent>;

/** Hub → band: buzz with a short reason [GB-3.4]. */
export const WristbandNotify = z.strictObject({
  buzz: z.enum(['short', 'long']),
  reason: z.string().max(80),
  ts: epochMs,
});
export type WristbandNotify = z.infer<typeof WristbandNotify>;

/** Most event ids one receipt names; a turn that stored more from one band sends several. */
export const MAX_RECEIPT_IDS = 100;

/**
 * Hub → device, QoS 0, not retained: these of the device's messages are in the hub's database now
 * (committed) [GB-3.5]. `seq`: every reading with this seq or lower from this device is stored or
 * was overtaken by a newer one that is; `ids`: these wristband events are stored (or were already).
 * A device keeps each message it sent until a receipt covers it, and sends the rest again after a
 * reconnect: with an external broker a PUBACK means only that the broker holds the message.
 */
export const DeviceStored = z.strictObject({
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  ids: z.array(WristbandEvent.shape.id).max(MAX_RECEIPT_IDS).optional(),
  ts: epochMs,
});
export type DeviceStored = z.infer<typeof DeviceStored>;

/**
 * Why a message from a device was refused. Stable codes: the console, the metrics label and the
 * dead-letter table use these, and the device contract lists them [GB-5].
 */
export const rejectReasons = [
  'auth_failed',
  'unauthorized_topic',
  'unknown_topic',
  'oversized',
  'malformed_json',
  'invalid_payload',
  'unknown_device',
  'wrong_kind',
  'wrong_bay',
  // A wristband event outside an issuance [GB-3.2.4]: the band is issued to nobody at that time
  // (never issued, returned, or the shift is over) ...
  'band_not_issued',
  // ... or on a bay where no open job of the technician it is issued to runs.
  'not_technicians_bay',
  'unsupported',
] as const;
export type RejectReason = (typeof rejectReasons)[number];

/** Valid messages that change nothing: counted, never dead-lettered. */
export const ignoreReasons = ['stale', 'retained_cleared', 'duplicate'] as const;
export type IgnoreReason = (typeof ignoreReasons)[number];
