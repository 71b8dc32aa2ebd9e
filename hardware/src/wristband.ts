// A simulated technician's wristband on the reference device client: it sends step events with a
// unique id [GB-3.2.1], keeps what it could not send while offline and sends that backlog oldest
// first once it is back (after its online status) [GB-3.2.2], stamps events with its own clock,
// which may be off [GB-3.2.3], and hears the hub's buzz on its notify topic [GB-3.4].
import { randomBytes } from 'node:crypto';
import type { WristbandEvent, WristbandNotify } from '@glassbay/protocol';
import { DeviceClient, type DeviceClientOptions } from './device-client.ts';

export const BAND_FIRMWARE = 'glassbay-band-sim/0.1.0';

export interface WristbandOptions extends Omit<DeviceClientOptions, 'onNotify' | 'now'> {
  /** How far the band's clock is off, ms (positive: fast). */
  clockSkewMs?: number;
  /** The true time now, epoch ms (a simulation's clock); the band's clock is this plus its skew. */
  trueNow?: () => number;
  /** Each buzz the hub sends this band. */
  onBuzz?: (n: WristbandNotify) => void;
}

/** What the band runner tells a band (wristband-runner.ts). */
export interface BandPort {
  /** Send event `n` (its id is made from the band, its boot and `n`), made at `at` (true epoch ms). */
  send(n: number, event: Omit<WristbandEvent, 'id' | 'ts'>, at: number): Promise<void>;
  /** The broker hands event `n` over again (QoS 1 allows it); the hub must apply it once. */
  resend(n: number): Promise<void>;
  goOffline(): Promise<void>;
  comeOnline(): Promise<void>;
}

/** Events kept for a redelivery, most recent first out. */
const KEEP_SENT = 64;

export class SimulatedWristband implements BandPort {
  readonly device: DeviceClient;
  readonly buzzes: WristbandNotify[] = [];
  /** A new boot id per run: event ids stay unique across restarts of the simulator [GB-3.2.1]. */
  readonly bootId = randomBytes(3).toString('hex');
  private readonly backlog: WristbandEvent[] = [];
  private readonly sent = new Map<number, WristbandEvent>();
  /** Sends and flushes run one after another, so events leave in the order they were made. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly skew: number;

  constructor(opts: WristbandOptions) {
    this.skew = opts.clockSkewMs ?? 0;
    const trueNow = opts.trueNow ?? (() => Date.now());
    this.device = new DeviceClient({
      firmware: BAND_FIRMWARE,
      ...opts,
      // The status carries the band's clock, so the hub can measure it before any backlog.
      now: () => trueNow() + this.skew,
      onNotify: (n) => {
        this.buzzes.push(n);
        opts.onBuzz?.(n);
      },
    });
    // Back online (its status already on the way): the backlog goes out, oldest first.
    this.device.on('online', () => void this.enqueue(() => this.flush()));
  }

  get id(): string {
    return this.device.id;
  }

  /** Events made while offline, not yet delivered. */
  get pending(): number {
    return this.backlog.length;
  }

  start(): Promise<void> {
    return this.device.start();
  }

  eventId(n: number): string {
    return `${this.id}-${this.bootId}-${String(n).padStart(6, '0')}`;
  }

  /** `at`: when the step started or ended, true epoch ms; the band stamps it with its own clock. */
  send(n: number, event: Omit<WristbandEvent, 'id' | 'ts'>, at: number = Date.now()): Promise<void> {
    const ev: WristbandEvent = { id: this.eventId(n), ts: Math.round(at + this.skew), ...event };
    this.sent.set(n, ev);
    if (this.sent.size > KEEP_SENT) this.sent.delete(this.sent.keys().next().value!);
    return this.enqueue(async () => {
      this.backlog.push(ev);
      await this.flush();
    });
  }

  resend(n: number): Promise<void> {
    const ev = this.sent.get(n);
    if (!ev) return Promise.resolve();
    return this.enqueue(async () => {
      await this.device.publishWristbandEvent(ev);
    });
  }

  goOffline(): Promise<void> {
    return this.enqueue(() => this.device.crash());
  }

  comeOnline(): Promise<void> {
    // Not queued: reconnecting emits `online`, which queues the flush behind anything pending.
    return this.device.reboot();
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.device.stop());
  }

  private enqueue(work: () => Promise<unknown>): Promise<void> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => {});
    return next.then(() => {});
  }

  /** Send the backlog in order; stop at the first event the broker did not take (offline again). */
  private async flush(): Promise<void> {
    while (this.backlog.length > 0 && this.device.connected) {
      if (!(await this.device.publishWristbandEvent(this.backlog[0]!))) return;
      this.backlog.shift();
    }
  }
}
