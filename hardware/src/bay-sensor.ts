// A simulated bay sensor: one device watching one bay (vehicle presence, lift position, bay door).
// It reports the bay's whole state on every change [GB-3.1.1] and again whenever it comes back
// online, so the retained copy the broker keeps is always complete.
import type { DeviceClientOptions } from './device-client.ts';
import { DeviceClient } from './device-client.ts';
import { emptyBay, type BayPhysical } from './workshop-day.ts';
import type { SensorPort } from './workshop-runner.ts';

export const SIM_FIRMWARE = 'glassbay-sim/0.1.0';

export class BaySensor implements SensorPort {
  readonly device: DeviceClient;
  private bay: BayPhysical = emptyBay();
  /** The state the hub last acknowledged, so a reconnect does not repeat an unchanged reading. */
  private sent: BayPhysical | null = null;
  /** Flushes run one after another, so a reconnect and a change never race into two readings. */
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    readonly bayId: string,
    opts: DeviceClientOptions,
  ) {
    this.device = new DeviceClient({ firmware: SIM_FIRMWARE, ...opts });
    // After any (re)connect the hub may have missed changes, and after a reboot the broker's
    // retained copy is the last one from before: send the current state.
    this.device.on('online', () => {
      this.sent = null;
      void this.flush();
    });
  }

  get state(): BayPhysical {
    return { ...this.bay };
  }

  /** Connect and report the starting state. */
  async start(initial: BayPhysical = emptyBay()): Promise<void> {
    this.bay = { ...initial };
    await this.device.start();
    await this.flush();
  }

  async report(bay: BayPhysical): Promise<void> {
    this.bay = { ...bay };
    await this.flush();
  }

  goOffline(): Promise<void> {
    return this.device.crash();
  }

  async comeOnline(): Promise<void> {
    await this.device.reboot();
    await this.flush();
  }

  stop(): Promise<void> {
    return this.device.stop();
  }

  private flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const bay = this.bay;
      if (this.sent && same(this.sent, bay)) return;
      if (await this.device.publishReading(this.bayId, bay)) this.sent = bay;
    });
    return this.flushing;
  }
}

const same = (a: BayPhysical, b: BayPhysical) => a.occupied === b.occupied && a.lift === b.lift && a.door === b.door;
