// The MQTT edge: every message the hub receives comes through `handle`, whichever broker delivered
// it. Parse the topic, bound the size, parse JSON, validate against the contract, hand to a service;
// anything refused is counted and dead-lettered with its reason, never thrown.
import { performance } from 'node:perf_hooks';
import {
  BaySensorReading,
  DeviceStatus,
  MAX_PAYLOAD_BYTES,
  WristbandEvent,
  parseTopic,
  type RejectReason,
} from '@glassbay/protocol';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { DeviceHandlers } from '../module.ts';
import { ignore, reject, type Outcome } from '../domain/outcome.ts';
import type { DeadLettersRepository } from '../store/dead-letters.repository.ts';
import type { Turn } from '../store/turn.ts';

export interface IngestDeps {
  /** The feature that handles each device topic kind (module.ts). */
  handlers: DeviceHandlers;
  deadLetters: DeadLettersRepository;
  /** The messages of one event-loop turn are stored in one SQLite transaction. */
  turn: Turn;
  metrics: Metrics;
  log: Logger;
}

const describe = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');

export function createIngest({ handlers, deadLetters, turn, metrics, log }: IngestDeps) {
  function route(topic: string, payload: Buffer, now: number, retained: boolean): Outcome {
    const t = parseTopic(topic);
    if (!t || t.kind === 'wristbandNotify')
      return reject('unknown_topic', `"${topic.slice(0, 120)}" is not a device topic`);
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
        return r.success
          ? handlers.baySensor(t.deviceId, t.bayId, r.data, now)
          : reject('invalid_payload', describe(r.error));
      }
      case 'deviceStatus': {
        const r = DeviceStatus.safeParse(json);
        return r.success
          ? handlers.deviceStatus(t.deviceId, r.data, now, retained)
          : reject('invalid_payload', describe(r.error));
      }
      case 'wristbandEvents': {
        const r = WristbandEvent.safeParse(json);
        return r.success
          ? handlers.wristbandEvents(t.deviceId, r.data, now)
          : reject('invalid_payload', describe(r.error));
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
      let outcome: Outcome;
      try {
        outcome = turn.write(() => route(topic, payload, now, retained));
      } catch (err) {
        // A bug or a storage fault must not stall ingest: keep the message and say so.
        log.error({ err, topic }, 'ingest failed on a message');
        outcome = reject('invalid_payload', `hub error: ${(err as Error).message}`);
      }
      if (outcome.ok) {
        metrics.accepted.inc();
        // Observed when the turn has committed and sent its patches (the relay queued its send first).
        turn.atEnd(() => metrics.relayLatency.observe((performance.now() - t0) / 1000));
      } else if ('ignored' in outcome) {
        metrics.ignored.inc({ reason: outcome.ignored });
      } else {
        this.reject(outcome.rejected, outcome.detail, { topic, payload, clientId: null }, now);
      }
      return outcome;
    },
    /**
     * Call `ack` once the messages handled so far are committed to SQLite: a broker acknowledges a
     * message only then, so an acknowledged message is stored.
     */
    afterStored(ack: () => void): void {
      turn.atEnd(ack);
    },
    /** Count and dead-letter a refused message (also used by the embedded broker's auth hooks). */
    reject(
      reason: RejectReason,
      detail: string,
      msg: { topic: string | null; payload: Buffer | null; clientId: string | null },
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
