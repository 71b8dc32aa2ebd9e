// The MQTT topic tree, versioned under one root. Every topic string in Glassbay is built or
// parsed here; nothing else spells a topic. Clause numbers refer to hardware/DEVICE-CONTRACT.md.

export const TOPIC_ROOT = 'glassbay/v1' as const;

/** Device, bay and band ids: lower-case letters, digits and dashes, 1–40 characters [GB-2.1]. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

export const isValidId = (id: string): boolean => ID_PATTERN.test(id);

export const topics = {
  /** Retained bay sensor state [GB-3.1]. */
  baySensor: (bayId: string, sensorId: string) => `${TOPIC_ROOT}/bays/${bayId}/sensors/${sensorId}` as const,
  /** Retained device status, also the last will [GB-3.3]. */
  deviceStatus: (deviceId: string) => `${TOPIC_ROOT}/devices/${deviceId}/status` as const,
  /** Wristband step events, QoS 1 [GB-3.2]. */
  wristbandEvents: (bandId: string) => `${TOPIC_ROOT}/wristbands/${bandId}/events` as const,
  /** Hub → band: buzz with a short reason [GB-3.4]. */
  wristbandNotify: (bandId: string) => `${TOPIC_ROOT}/wristbands/${bandId}/notify` as const,
  /** Hub → device: what of its messages is in the hub's database now [GB-3.5]. */
  deviceStored: (deviceId: string) => `${TOPIC_ROOT}/devices/${deviceId}/stored` as const,
} as const;

/** What the hub subscribes to: everything devices publish. */
/** The hub's own MQTT identity (client id and username); no device may take it. */
export const HUB_CLIENT_ID = 'glassbay-hub';

export const HUB_SUBSCRIPTIONS = [
  `${TOPIC_ROOT}/bays/+/sensors/+`,
  `${TOPIC_ROOT}/devices/+/status`,
  `${TOPIC_ROOT}/wristbands/+/events`,
] as const;

/**
 * Mosquitto ACL patterns for a device (`%u` is the MQTT username, which is the device id):
 * a device may publish only under its own id [GB-2.3].
 */
export const DEVICE_ACL_PATTERNS = [
  `pattern write ${TOPIC_ROOT}/bays/+/sensors/%u`,
  `pattern write ${TOPIC_ROOT}/devices/%u/status`,
  `pattern write ${TOPIC_ROOT}/wristbands/%u/events`,
  `pattern read ${TOPIC_ROOT}/wristbands/%u/notify`,
  `pattern read ${TOPIC_ROOT}/devices/%u/stored`,
] as const;

/** Topics only the hub publishes to; a device that publishes there is refused [GB-2.3]. */
export const hubToDevice = (t: ParsedTopic): t is Extract<ParsedTopic, { kind: 'wristbandNotify' | 'deviceStored' }> =>
  t.kind === 'wristbandNotify' || t.kind === 'deviceStored';

export type ParsedTopic =
  | { kind: 'baySensor'; bayId: string; deviceId: string }
  | { kind: 'deviceStatus'; deviceId: string }
  | { kind: 'wristbandEvents'; deviceId: string }
  | { kind: 'wristbandNotify'; deviceId: string }
  | { kind: 'deviceStored'; deviceId: string };

/**
 * Parse a topic into what it names. `deviceId` is always the publishing device's own id, the
 * segment the broker's ACL binds to the username. Returns null for anything outside the tree.
 */
export function parseTopic(topic: string): ParsedTopic | null {
  const parts = topic.split('/');
  if (parts.length < 4 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return null;
  const rest = parts.slice(2);
  const ids = (...xs: (string | undefined)[]) => xs.every((x) => x !== undefined && isValidId(x));
  if (rest.length === 4 && rest[0] === 'bays' && rest[2] === 'sensors') {
    return ids(rest[1], rest[3]) ? { kind: 'baySensor', bayId: rest[1]!, deviceId: rest[3]! } : null;
  }
  if (rest.length === 3 && rest[0] === 'devices') {
    if (!ids(rest[1])) return null;
    if (rest[2] === 'status') return { kind: 'deviceStatus', deviceId: rest[1]! };
    if (rest[2] === 'stored') return { kind: 'deviceStored', deviceId: rest[1]! };
  }
  if (rest.length === 3 && rest[0] === 'wristbands') {
    if (!ids(rest[1])) return null;
    if (rest[2] === 'events') return { kind: 'wristbandEvents', deviceId: rest[1]! };
    if (rest[2] === 'notify') return { kind: 'wristbandNotify', deviceId: rest[1]! };
  }
  return null;
}
