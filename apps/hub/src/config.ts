// Hub configuration from GLASSBAY_* environment variables, with defaults and a clear error for a bad value.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

const Env = z.object({
  GLASSBAY_DATA_DIR: z.string().min(1).default('.data'),
  GLASSBAY_HOST: z.string().min(1).default('0.0.0.0'),
  GLASSBAY_HTTP_PORT: port.default(8080),
  GLASSBAY_MQTT_PORT: port.default(1883),
  GLASSBAY_MQTT_URL: z
    .url({ protocol: /^(mqtts?|wss?|tcp)$/, error: 'must be a URL such as mqtt://127.0.0.1:1883' })
    .optional(),
  GLASSBAY_MQTT_USERNAME: z.string().min(1).optional(),
  GLASSBAY_MQTT_PASSWORD: z.string().min(1).optional(),
  GLASSBAY_SCREENS_DIR: z.string().min(1).optional(),
  // Advertise the hub over mDNS so new screens find it; off where the network forbids multicast.
  GLASSBAY_DISCOVERY: z.enum(['on', 'off']).default('on'),
  GLASSBAY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Recording ring, per camera (2 Mbit/s is about 0.9 GB an hour, so 48 h fit in 50 GB).
  GLASSBAY_MEDIA_MAX_MB: z.coerce.number().positive().default(50_000),
  GLASSBAY_MEDIA_MAX_HOURS: z.coerce.number().positive().default(48),
  GLASSBAY_MEDIA_MIN_FREE_MB: z.coerce.number().nonnegative().default(2048),
  GLASSBAY_FFMPEG: z.string().min(1).default('ffmpeg'),
  // Below this much free space on the data filesystem the hub refuses device messages instead of
  // acknowledging what it may not be able to store; recordings yield first (MEDIA_MIN_FREE_MB).
  GLASSBAY_STORAGE_RESERVE_MB: z.coerce.number().nonnegative().default(512),
  // A customer's follow link keeps working this long after delivery (to rate at handover).
  GLASSBAY_FOLLOW_GRACE_MIN: z.coerce.number().nonnegative().default(120),
  // A car checked in within this many days of a related job's handover is a comeback (issue 18).
  GLASSBAY_COMEBACK_DAYS: z.coerce.number().int().min(1).max(180).default(30),
  // A wristband clock this far from the hub's is still trusted for step times [GB-3.2.3].
  GLASSBAY_WRISTBAND_CLOCK_TOLERANCE_S: z.coerce.number().nonnegative().default(30),
  // Retention in days (0 keeps forever); the reasons for each default are in the README.
  GLASSBAY_RETAIN_SENSOR_READINGS_DAYS: z.coerce.number().nonnegative().default(30),
  GLASSBAY_RETAIN_WRISTBAND_EVENTS_DAYS: z.coerce.number().nonnegative().default(30),
  GLASSBAY_RETAIN_BAY_NOTICES_DAYS: z.coerce.number().nonnegative().default(90),
  GLASSBAY_RETAIN_DEAD_LETTERS_DAYS: z.coerce.number().nonnegative().default(14),
  GLASSBAY_RETAIN_EVIDENCE_PACKS_DAYS: z.coerce.number().nonnegative().default(180),
  GLASSBAY_RETAIN_NOTIFY_OUTBOX_DAYS: z.coerce.number().nonnegative().default(30),
  // Customer messages go to the shop's gateway (SMS / WeChat) as signed webhooks; the console's
  // admin setting overrides these. Unset: messages are still stored, and wait for a gateway.
  GLASSBAY_NOTIFY_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  GLASSBAY_NOTIFY_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  // A delay message goes out once the estimate passes the check-in promise by more than this.
  GLASSBAY_NOTIFY_DELAY_THRESHOLD_MIN: z.coerce.number().nonnegative().default(15),
  // Delivery attempts per message before it is marked failed, and the first retry's wait (it doubles,
  // capped at 10 minutes): 8 attempts span about 20 minutes of a gateway being down.
  GLASSBAY_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  GLASSBAY_NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(1).default(10_000),
  // The KPIs compare a year with the one before by month: a year and a month of bay occupancy.
  GLASSBAY_RETAIN_BAY_OCCUPANCY_DAYS: z.coerce.number().nonnegative().default(400),
  // After SIGTERM the hub exits by then even if a part of it hangs (Docker kills at 10 s).
  GLASSBAY_STOP_DEADLINE_S: z.coerce.number().positive().default(8),
  // A scraper's bearer token for /metrics and the details of /healthz (staff sessions see them too).
  GLASSBAY_METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  // Socket connections one address may hold (screens, phones; a NAT may put several behind one).
  GLASSBAY_SOCKETS_PER_SOURCE: z.coerce.number().int().min(1).default(64),
  // Serve everything (screens, API, sockets, MQTT over WebSocket) over HTTPS on the HTTP port, with
  // the hub's own certificate made at first start; screens pin its fingerprint (README, Security model).
  GLASSBAY_TLS: z.enum(['on', 'off']).default('off'),
});

export interface HubConfig {
  dataDir: string;
  host: string;
  httpPort: number;
  /** Embedded broker's TCP port; ignored when `mqttUrl` names an external broker. */
  mqttPort: number;
  mqttUrl: string | undefined;
  mqttUsername: string | undefined;
  mqttPassword: string | undefined;
  screensDir: string;
  /** Advertise the hub on the local network (mDNS/DNS-SD) when it listens beyond loopback. */
  discovery: boolean;
  logLevel: z.infer<typeof Env>['GLASSBAY_LOG_LEVEL'];
  /** Camera ingest and the recording ring (limits per camera; the free-space floor is for the disk). */
  media: {
    maxMb: number;
    maxHours: number;
    minFreeMb: number;
    ffmpegPath: string;
  };
  /** Minutes a follow link outlives its job's delivery. */
  followGraceMin: number;
  /** Days after a job's handover within which the car's return for a related service is a comeback. */
  comebackDays: number;
  /** How far a wristband's clock may be off and its timestamps still be used, seconds. */
  wristbandClockToleranceS: number;
  /** Free space kept on the data filesystem, MB: below it device messages are refused, not acknowledged. */
  storageReserveMb: number;
  /** Seconds after SIGTERM by which the hub exits, stopped cleanly or not. */
  stopDeadlineS: number;
  /** Days rows are kept before retention deletes them (0: forever). */
  retention: {
    sensorReadingsDays: number;
    wristbandEventsDays: number;
    bayNoticesDays: number;
    deadLettersDays: number;
    notifyOutboxDays: number;
    bayOccupancyDays: number;
  };
  /** The customer-message gateway from the environment, and the delivery policy. */
  notify: {
    webhookUrl: string | undefined;
    secret: string | undefined;
    delayThresholdMin: number;
    maxAttempts: number;
    retryBaseMs: number;
  };
  /** Days an evidence pack (a file with its own copy of the clip) is kept after it was made (0: forever). */
  evidencePacksDays: number;
  /** Bearer token for /metrics and /healthz details; unset: staff sessions only. */
  metricsToken: string | undefined;
  /** Socket connections one source address may hold. */
  socketsPerSource: number;
  /** HTTPS with the hub's self-signed certificate (data dir, tls/) instead of plain HTTP. */
  tls: boolean;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export const DEFAULT_SCREENS_DIR = fileURLToPath(new URL('../../screens/dist', import.meta.url));

export function loadConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const parsed = Env.safeParse(
    Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('GLASSBAY_') && v !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  ${String(i.path[0])}=${JSON.stringify(env[String(i.path[0])])}: ${i.message}`,
    );
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    dataDir: resolve(e.GLASSBAY_DATA_DIR),
    host: e.GLASSBAY_HOST,
    httpPort: e.GLASSBAY_HTTP_PORT,
    mqttPort: e.GLASSBAY_MQTT_PORT,
    mqttUrl: e.GLASSBAY_MQTT_URL,
    mqttUsername: e.GLASSBAY_MQTT_USERNAME,
    mqttPassword: e.GLASSBAY_MQTT_PASSWORD,
    screensDir: resolve(e.GLASSBAY_SCREENS_DIR ?? DEFAULT_SCREENS_DIR),
    discovery: e.GLASSBAY_DISCOVERY === 'on',
    logLevel: e.GLASSBAY_LOG_LEVEL,
    media: {
      maxMb: e.GLASSBAY_MEDIA_MAX_MB,
      maxHours: e.GLASSBAY_MEDIA_MAX_HOURS,
      minFreeMb: e.GLASSBAY_MEDIA_MIN_FREE_MB,
      ffmpegPath: e.GLASSBAY_FFMPEG,
    },
    followGraceMin: e.GLASSBAY_FOLLOW_GRACE_MIN,
    comebackDays: e.GLASSBAY_COMEBACK_DAYS,
    wristbandClockToleranceS: e.GLASSBAY_WRISTBAND_CLOCK_TOLERANCE_S,
    storageReserveMb: e.GLASSBAY_STORAGE_RESERVE_MB,
    stopDeadlineS: e.GLASSBAY_STOP_DEADLINE_S,
    retention: {
      sensorReadingsDays: e.GLASSBAY_RETAIN_SENSOR_READINGS_DAYS,
      wristbandEventsDays: e.GLASSBAY_RETAIN_WRISTBAND_EVENTS_DAYS,
      bayNoticesDays: e.GLASSBAY_RETAIN_BAY_NOTICES_DAYS,
      deadLettersDays: e.GLASSBAY_RETAIN_DEAD_LETTERS_DAYS,
      notifyOutboxDays: e.GLASSBAY_RETAIN_NOTIFY_OUTBOX_DAYS,
      bayOccupancyDays: e.GLASSBAY_RETAIN_BAY_OCCUPANCY_DAYS,
    },
    notify: {
      webhookUrl: e.GLASSBAY_NOTIFY_WEBHOOK_URL,
      secret: e.GLASSBAY_NOTIFY_SECRET,
      delayThresholdMin: e.GLASSBAY_NOTIFY_DELAY_THRESHOLD_MIN,
      maxAttempts: e.GLASSBAY_NOTIFY_MAX_ATTEMPTS,
      retryBaseMs: e.GLASSBAY_NOTIFY_RETRY_BASE_MS,
    },
    evidencePacksDays: e.GLASSBAY_RETAIN_EVIDENCE_PACKS_DAYS,
    metricsToken: e.GLASSBAY_METRICS_TOKEN,
    socketsPerSource: e.GLASSBAY_SOCKETS_PER_SOURCE,
    tls: e.GLASSBAY_TLS === 'on',
  };
}
