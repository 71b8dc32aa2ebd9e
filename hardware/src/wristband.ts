// A simulated technician's wristband on the reference device client: it sends step events with a
// unique id [GB-3.2.1], keeps every event until the hub's receipt says it is stored [GB-3.5] and,
// after each reconnect, sends what no receipt covered yet oldest first (after its online status)
// [GB-3.2.2]; a PUBACK alone is not enough, since an external broker may lose what it
// acknowledged when it crashes. It stamps events with its own clock,
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
  /** Events no receipt has covered yet, oldest first. */
  private readonly backlog: WristbandEvent[] = [];
  /** How many of the backlog's first events went out on the current connection. */
  private sentOnThisConnection = 0;
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
    // Back online (its status already on the way): everything not receipted goes out again,
    // oldest first; the hub stores a repeat once [GB-3.2.1].
    this.device.on('online', () => {
      this.sentOnThisConnection = 0;
      void this.enqueue(() => this.flush());
    });
    this.device.on('stored', (r) => this.receipted(new Set(r.ids ?? [])));
  }

  get id(): string {
    return this.device.id;
  }

  /** Events the hub has not yet said it stored. */
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
    while (this.sentOnThisConnection < this.backlog.length && this.device.connected) {
      const ev = this.backlog[this.sentOnThisConnection]!;
      if (!(await this.device.publishWristbandEvent(ev))) return;
      // Its receipt may have come before its PUBACK and removed it already: then the count points
      // at the next event as it is.
      const at = this.backlog.indexOf(ev);
      if (at >= 0) this.sentOnThisConnection = at + 1;
    }
  }

  /** Drop the events the hub stored [GB-3.5]; only now are they safe from a broker crash. */
  private receipted(ids: Set<string>): void {
    for (let i = this.backlog.length - 1; i >= 0; i--) {
      if (!ids.has(this.backlog[i]!.id)) continue;
      this.backlog.splice(i, 1);
      if (i < this.sentOnThisConnection) this.sentOnThisConnection -= 1;
    }
  }
}
