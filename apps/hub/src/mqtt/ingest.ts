// The MQTT edge: every message the hub receives comes through `handle`, whichever broker delivered
// it. Parse the topic, bound the size, parse JSON, validate against the contract, hand to a service;
// anything refused is counted and dead-lettered with its reason, never thrown.
import { performance } from 'node:perf_hooks';
import {
  BaySensorReading,
  DeviceStatus,
  MAX_PAYLOAD_BYTES,
  WristbandEvent,
  hubToDevice,
  parseTopic,
  type RejectReason,
} from '@glassbay/protocol';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { DeviceHandlers } from '../module.ts';
import { ignore, reject, unstored, type Outcome } from '../domain/outcome.ts';
import type { DeadLettersRepository } from '../store/dead-letters.repository.ts';
import { isStorageError, type Turn } from '../store/turn.ts';
import type { Receipts, Stored } from './receipts.ts';

export interface IngestDeps {
  /** The feature that handles each device topic kind (module.ts). */
  handlers: DeviceHandlers;
  deadLetters: DeadLettersRepository;
  /** The messages of one event-loop turn are stored in one SQLite transaction. */
  turn: Turn;
  /** Whether the hub can store messages now (storage health); a message it cannot is not taken. */
  accepting?: () => { ok: true } | { ok: false; reason: string };
  /** Receipts to devices once their messages are committed [GB-3.5]. */
  receipts?: Receipts;
  metrics: Metrics;
  log: Logger;
}

const describe = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');

/** Outcomes after which the message is in the database: taken now, or a redelivery of one that is. */
const isStored = (o: Outcome) => o.ok || ('ignored' in o && (o.ignored === 'stale' || o.ignored === 'duplicate'));

export function createIngest({ handlers, deadLetters, turn, metrics, log, accepting, receipts }: IngestDeps) {
  /** The device and message a receipt would name, set by `route` for the message at hand. */
  let receipt: { deviceId: string; what: Stored } | null = null;

  function route(topic: string, payload: Buffer, now: number, retained: boolean): Outcome {
    const t = parseTopic(topic);
    if (!t || hubToDevice(t)) return reject('unknown_topic', `"${topic.slice(0, 120)}" is not a device topic`);
    // An empty retained message clears the broker's retained copy; it carries no reading [GB-3.1.2].
    if (payload.length === 0) return ignore('retained_cleared');
    if (payload.length > MAX_PAYLOAD_BYTES)
      return reject('oversized', `${payload.length} bytes; the limit is ${MAX_PAYLOAD_BYTES}`);
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch (err) {
      return reject('malformed_json', (err as Error).message);
    }
    switch (t.kind) {
      case 'baySensor': {
        const r = BaySensorReading.safeParse(json);
        if (!r.success) return reject('invalid_payload', describe(r.error));
        receipt = { deviceId: t.deviceId, what: { seq: r.data.seq } };
        return handlers.baySensor(t.deviceId, t.bayId, r.data, now);
      }
      case 'deviceStatus': {
        const r = DeviceStatus.safeParse(json);
        return r.success
          ? handlers.deviceStatus(t.deviceId, r.data, now, retained)
          : reject('invalid_payload', describe(r.error));
      }
      case 'wristbandEvents': {
        const r = WristbandEvent.safeParse(json);
        if (!r.success) return reject('invalid_payload', describe(r.error));
        receipt = { deviceId: t.deviceId, what: { id: r.data.id } };
        return handlers.wristbandEvents(t.deviceId, r.data, now);
      }
    }
  }

  return {
    /**
     * Handle one message; `now` is the hub's receive time in epoch ms, `retained` whether the broker
     * replayed it from its retained store (not sent just now). Never throws.
     */
    handle(topic: string, payload: Buffer, now = Date.now(), retained = false): Outcome {
      const t0 = performance.now();
      const can = accepting?.() ?? { ok: true };
      let outcome: Outcome;
      receipt = null;
      if (!can.ok) {
        outcome = unstored(can.reason);
      } else {
        try {
          outcome = turn.write(() => route(topic, payload, now, retained));
        } catch (err) {
          if (isStorageError(err)) {
            // Not stored: the turn is rolled back whole and nothing of it is acknowledged.
            turn.fail(err);
            outcome = unstored((err as Error).message);
          } else {
            // A bug must not stall ingest: keep the message as a dead letter and say so.
            log.error({ err, topic }, 'ingest failed on a message');
            outcome = reject('invalid_payload', `hub error: ${(err as Error).message}`);
          }
        }
      }
      // Sent after COMMIT, and only if it held (receipts.ts).
      // (`route` sets `receipt`; the compiler cannot see that through the closure.)
      const stored = receipt as { deviceId: string; what: Stored } | null;
      if (stored && receipts && isStored(outcome)) receipts.stored(stored.deviceId, stored.what);
      if ('unstored' in outcome) {
        metrics.unstored.inc();
      } else if (outcome.ok) {
        // Counted once stored; the latency when the turn has committed and sent its patches (the
        // relay queued its send first).
        turn.atEnd((committed) => {
          if (!committed) return void metrics.unstored.inc();
          metrics.accepted.inc();
          metrics.relayLatency.observe((performance.now() - t0) / 1000);
        });
      } else if ('ignored' in outcome) {
        metrics.ignored.inc({ reason: outcome.ignored });
      } else {
        this.reject(outcome.rejected, outcome.detail, { topic, payload, clientId: null }, now);
      }
      return outcome;
    },
    /**
     * Call `ack` at the end of the turn that handled this message, with whether it is stored: a
     * broker acknowledges a message only then, so an acknowledged message is stored [GB-2.4]. Not
     * stored (a refused or rolled-back turn): the broker must not acknowledge, and drops the
     * connection so the device resends.
     */
    afterStored(outcome: Outcome, ack: (stored: boolean) => void): void {
      const taken = !('unstored' in outcome);
      turn.atEnd((committed) => ack(taken && committed));
    },
    /** Count and dead-letter a refused message (also used by the embedded broker's auth hooks). */
    reject(
      reason: RejectReason,
      detail: string,
      msg: { topic: string | null; payload: Buffer | null; clientId: string | null; peer?: string | null },
      now = Date.now(),
    ): void {
      metrics.rejected.inc({ reason });
      try {
        turn.write(() => deadLetters.add({ source: 'mqtt', reason, detail, ...msg }, now));
      } catch (err) {
        log.error({ err, reason }, 'could not store a dead letter');
      }
      log.debug({ reason, detail, topic: msg.topic }, 'message rejected');
    },
  };
}
export type Ingest = ReturnType<typeof createIngest>;
