// The one shape of a hub feature. Each feature folder (bays, devices, jobs, queue, wristbands, media,
// fleet, staff) has a module.ts whose factory takes the kernel and the ports of the features listed
// before it, and returns a HubModule plus the ports it offers to the features after it. hub.ts is the
// ordered list of these factories; docs/architecture.md says how to add one.
import type { FastifyInstance } from 'fastify';
import type { BaySensorReading, DeviceStatus, ScreenState, WristbandEvent, WristbandNotify } from '@glassbay/protocol';
import type { HubConfig } from './config.ts';
import type { Outcome } from './domain/outcome.ts';
import type { Mount } from './http/api.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import type { Publisher } from './realtime/publisher.ts';
import type { Relay } from './realtime/relay.ts';
import type { Db } from './store/db.ts';
import type { Turn } from './store/turn.ts';

/**
 * Device messages by topic kind, already validated against the contract at the MQTT edge. Each runs
 * inside the ingest turn (one SQLite transaction per event-loop turn, store/turn.ts) and says what
 * became of the message; exactly one module handles each kind.
 */
export interface DeviceHandlers {
  baySensor(deviceId: string, bayId: string, reading: BaySensorReading, now: number): Outcome;
  /** `retained`: the broker replayed its stored copy to a (re)subscribing hub, not sent just now. */
  deviceStatus(deviceId: string, status: DeviceStatus, now: number, retained: boolean): Outcome;
  wristbandEvents(bandId: string, event: WristbandEvent, now: number): Outcome;
}

export interface HubModule {
  readonly name: string;
  /** Put this feature's collections into a fresh snapshot for the screens. */
  fill?(state: ScreenState, now: number): void;
  /** Mount this feature's REST operations (the protocol's route table, with its access rules). */
  routes?(mount: Mount): void;
  /** The device topics this feature handles. */
  devices?: Partial<DeviceHandlers>;
  /** Stop timers and children; the kernel closes the database after every module stopped. */
  stop?(): void | Promise<void>;
}

/** What the hub gives every feature: the shared kernel. */
export interface Kernel {
  config: HubConfig;
  log: Logger;
  db: Db;
  turn: Turn;
  metrics: Metrics;
  /** Publish changes to the screens; the socket server for features with a channel of their own. */
  relay: Publisher & Pick<Relay, 'namespace' | 'disconnectWhere'>;
  /** The HTTP server, for features that serve more than the REST table (media's HLS, fleet's hooks). */
  app: FastifyInstance;
  /** Publish to a device (a wristband's buzz); queued until the hub's MQTT client is connected. */
  notifyBand(bandId: string, n: WristbandNotify): void;
}

/** Every module's collections in one snapshot, in module order. */
export function fillState(modules: readonly HubModule[], state: ScreenState, now: number): ScreenState {
  for (const m of modules) m.fill?.(state, now);
  return state;
}

/** The one handler of each device topic kind; a kind claimed twice is a wiring bug. */
export function deviceHandlers(modules: readonly HubModule[]): DeviceHandlers {
  const found: Partial<DeviceHandlers> = {};
  for (const m of modules) {
    for (const [kind, handler] of Object.entries(m.devices ?? {}) as [keyof DeviceHandlers, never][]) {
      if (found[kind]) throw new Error(`device topic kind "${kind}" is handled by two modules`);
      found[kind] = handler;
    }
  }
  for (const kind of ['baySensor', 'deviceStatus', 'wristbandEvents'] as const)
    if (!found[kind]) throw new Error(`no module handles device topic kind "${kind}"`);
  return found as DeviceHandlers;
}
