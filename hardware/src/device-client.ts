// A Glassbay device's MQTT side, as the device contract (hardware/DEVICE-CONTRACT.md) asks for it:
// its own credentials, a retained online status and a last will, a short keepalive, reconnects with
// back-off, and a sequence number on every reading. Firmware authors can read it as a reference.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import {
  DeviceStored,
  WristbandNotify,
  topics,
  isValidId,
  type BaySensorReading,
  type DeviceStatus,
  type WristbandEvent,
} from '@glassbay/protocol';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

export interface DeviceClientOptions {
  /** mqtt://hub:1883 or ws://hub:8080/mqtt */
  url: string;
  deviceId: string;
  /** The secret `pnpm glassbay device add` printed once. */
  secret: string;
  /** Seconds; 10–30 so the hub sees a dead device within 1.5x of it [GB-3.3]. Default 15. */
  keepaliveSec?: number;
  firmware?: string;
  /** Battery level 0–100 for battery devices; omit for mains-powered ones. */
  battery?: () => number | undefined;
  /** First and longest wait between reconnect attempts, ms. Default 1 s and 30 s. */
  backoff?: { initialMs: number; maxMs: number };
  /** The device's own clock, for `ts` (informative only [GB-2.6]). */
  now?: () => number;
  /** A wristband: subscribe to its own notify topic on every connect and hear each buzz [GB-3.4.1]. */
  onNotify?: (n: WristbandNotify) => void;
}

/** The broker refused the device's credentials: re-provision it or fix the secret. */
export class DeviceRefusedError extends Error {
  readonly code = 'DEVICE_REFUSED';
  constructor(deviceId: string, detail: string) {
    super(
      `the broker refused device "${deviceId}" (${detail}): check its secret, or provision it again with ` +
        `pnpm glassbay device add ${deviceId} --kind <kind>`,
    );
  }
}

interface DeviceClientEvents {
  /** Connected and the online status is on its way. */
  online: [];
  /** The connection closed (the device keeps trying unless it was stopped or crashed on purpose). */
  offline: [];
  /** The hub's receipt: these messages are in its database [GB-3.5]. */
  stored: [DeviceStored];
  refused: [DeviceRefusedError];
}

const CONNACK_REFUSED = new Set([4, 5]); // bad username or password, not authorised (MQTT 3.1.1)

export class DeviceClient extends EventEmitter<DeviceClientEvents> {
  readonly id: string;
  /** Messages the broker acknowledged, by kind: what the hub should have accepted. */
  readonly acked = { readings: 0, statuses: 0, events: 0 };
  private client: MqttClient | null = null;
  private seq_ = 0;
  private attempt = 0;
  private retry: NodeJS.Timeout | null = null;
  /** False after stop() or crash(): no reconnecting until told. */
  private wanted = false;
  private readonly opts: DeviceClientOptions & {
    keepaliveSec: number;
    backoff: { initialMs: number; maxMs: number };
    now: () => number;
  };

  constructor(opts: DeviceClientOptions) {
    super();
    if (!isValidId(opts.deviceId)) throw new RangeError(`"${opts.deviceId}" is not a valid device id [GB-2.1]`);
    const keepaliveSec = opts.keepaliveSec ?? 15;
    if (keepaliveSec < 10 || keepaliveSec > 30) throw new RangeError('keepaliveSec must be 10–30 [GB-3.3]');
    this.id = opts.deviceId;
    this.opts = {
      ...opts,
      keepaliveSec,
      backoff: opts.backoff ?? { initialMs: 1000, maxMs: 30_000 },
      now: opts.now ?? (() => Date.now()),
    };
  }

  /** Sequence number of the last reading sent (0 before the first one since boot). */
  get seq(): number {
    return this.seq_;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Connect; resolves once the hub's broker accepted the device, rejects if it refused it. */
  start(): Promise<void> {
    this.wanted = true;
    return new Promise((resolve, reject) => {
      const onOnline = () => (this.off('refused', onRefused), resolve());
      const onRefused = (err: DeviceRefusedError) => (this.off('online', onOnline), reject(err));
      this.once('online', onOnline);
      this.once('refused', onRefused);
      this.connect();
    });
  }

  /** Publish a bay reading with the next sequence number; false if the device is offline [GB-3.1]. */
  publishReading(bayId: string, fields: Omit<BaySensorReading, 'seq' | 'ts'>): Promise<boolean> {
    if (!this.connected) return Promise.resolve(false);
    // [GB-3.1.3] strictly increasing within the session; a reboot (new client) starts again at 1.
    const reading: BaySensorReading = { seq: ++this.seq_, ts: this.opts.now(), ...fields };
    return this.send(topics.baySensor(bayId, this.id), JSON.stringify(reading), true, 'readings');
  }

  publishWristbandEvent(event: WristbandEvent): Promise<boolean> {
    // [GB-3.2] not retained: an event happened once; a retained copy would replay it to the hub.
    return this.send(topics.wristbandEvents(this.id), JSON.stringify(event), false, 'events');
  }

  /** Lose the connection without a DISCONNECT, so the broker publishes the last will (a test or a simulator). */
  async crash(): Promise<void> {
    this.wanted = false;
    this.clearRetry();
    const c = this.client;
    this.client = null;
    // Force: the socket is destroyed, no DISCONNECT is sent, the will fires [GB-3.3].
    if (c) await c.endAsync(true);
  }

  /** Power back on after crash(): a fresh session whose sequence numbers start again [GB-3.1.3]. */
  reboot(): Promise<void> {
    this.seq_ = 0;
    return this.start();
  }

  /** Shut down on purpose: say so first, since a clean DISCONNECT discards the will [GB-3.3.3]. */
  async stop(): Promise<void> {
    this.wanted = false;
    this.clearRetry();
    const c = this.client;
    this.client = null;
    if (!c) return;
    const goodbye: DeviceStatus = { online: false, ts: this.opts.now() };
    if (c.connected) await this.send(topics.deviceStatus(this.id), JSON.stringify(goodbye), true, 'statuses', c);
    await c.endAsync();
  }

  private connect(): void {
    const willPayload: DeviceStatus = { online: false };
    const options: IClientOptions = {
      protocolVersion: 4, // MQTT 3.1.1 [GB-2.4]
      clientId: this.id, // [GB-2.2] client id = username = device id
      username: this.id,
      password: this.opts.secret,
      keepalive: this.opts.keepaliveSec,
      clean: true,
      // Reconnects are ours, with back-off; mqtt.js would retry at a fixed period forever.
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      will: {
        topic: topics.deviceStatus(this.id),
        payload: Buffer.from(JSON.stringify(willPayload)),
        qos: 1,
        retain: true,
      },
    };
    const c = mqtt.connect(this.opts.url, options);
    this.client = c;
    c.on('connect', () => {
      if (this.client !== c) return;
      this.attempt = 0;
      // [GB-2.4] small packets, sent now: Nagle's algorithm would hold each for up to ~40 ms.
      (c.stream as Partial<Socket>).setNoDelay?.(true);
      const status: DeviceStatus = { online: true, ts: this.opts.now() };
      if (this.opts.firmware) status.firmware = this.opts.firmware;
      const battery = this.opts.battery?.();
      if (battery !== undefined) status.battery = battery;
      // Published before anything else on this connection, so the hub opens a new sequence window
      // before the first reading arrives [GB-3.1.3].
      void this.send(topics.deviceStatus(this.id), JSON.stringify(status), true, 'statuses', c);
      // A clean session forgets subscriptions: listen to receipts, and a band to its notify topic,
      // again [GB-2.7]. Subscribed before anything is sent, so no receipt can pass unheard.
      c.subscribe(topics.deviceStored(this.id), { qos: 0 });
      if (this.opts.onNotify) c.subscribe(topics.wristbandNotify(this.id), { qos: 1 });
      this.emit('online');
    });
    c.on('error', (err: Error & { code?: unknown }) => {
      if (this.client !== c || typeof err.code !== 'number' || !CONNACK_REFUSED.has(err.code)) return;
      // Wrong credentials will not fix themselves in a second: retry at the slowest pace.
      this.attempt = Math.max(this.attempt, 16);
      this.emit('refused', new DeviceRefusedError(this.id, err.message));
    });
    c.on('message', (topic, payload) => {
      let json: unknown;
      try {
        json = JSON.parse(payload.toString('utf8'));
      } catch {
        return;
      }
      if (topic === topics.deviceStored(this.id)) {
        const r = DeviceStored.safeParse(json);
        if (r.success) this.emit('stored', r.data);
      } else if (topic === topics.wristbandNotify(this.id) && this.opts.onNotify) {
        const n = WristbandNotify.safeParse(json);
        if (n.success) this.opts.onNotify(n.data);
      }
    });
    c.on('close', () => {
      if (this.client !== c) return;
      this.emit('offline');
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (!this.wanted || this.retry) return;
    const { initialMs, maxMs } = this.opts.backoff;
    // Exponential with jitter: a hub restart must not be met by every device at the same instant.
    const ceiling = Math.min(maxMs, initialMs * 2 ** this.attempt);
    const wait = ceiling / 2 + Math.random() * (ceiling / 2);
    this.attempt += 1;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.wanted) this.client?.reconnect();
    }, wait);
  }

  private clearRetry(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  /** QoS 1 publish that settles even if the connection drops before the broker's PUBACK. */
  private send(
    topic: string,
    payload: string,
    retain: boolean,
    kind: keyof DeviceClient['acked'],
    c = this.client,
  ): Promise<boolean> {
    if (!c?.connected) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onClose = () => resolve(false);
      c.once('close', onClose);
      c.publish(topic, payload, { qos: 1, retain }, (err) => {
        c.off('close', onClose);
        if (!err) this.acked[kind] += 1;
        resolve(!err);
      });
    });
  }
}
