// Prometheus metrics, one registry per hub so several hubs can run in one test process.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  const m = {
    registry,
    accepted: new Counter({
      name: 'glassbay_mqtt_messages_accepted_total',
      help: 'MQTT messages validated and applied',
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'glassbay_mqtt_messages_rejected_total',
      help: 'MQTT messages rejected, by reason (each is also kept in the dead-letter table)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    unstored: new Counter({
      name: 'glassbay_mqtt_messages_unstored_total',
      help: 'Valid MQTT messages the hub could not store (storage full or failing): not acknowledged, so resent',
      registers: [registry],
    }),
    ignored: new Counter({
      name: 'glassbay_mqtt_messages_ignored_total',
      help: 'Valid MQTT messages that changed nothing (redelivered or overtaken), by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    screens: new Gauge({
      name: 'glassbay_screens_connected',
      help: 'Screens connected over socket.io',
      registers: [registry],
    }),
    relayLatency: new Histogram({
      name: 'glassbay_relay_latency_seconds',
      help: 'From an MQTT message reaching the hub to its patch being sent to the screens',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
  };
  return m;
}
export type Metrics = ReturnType<typeof createMetrics>;

/** Sum of a counter across its labels, for /healthz. */
export async function counterTotal(c: Counter<string>): Promise<number> {
  return (await c.get()).values.reduce((s, v) => s + v.value, 0);
}
