// The benchmark's bay sensors: one mqtt.js client per provisioned sensor, publishing readings in
// round-robin at a fixed total rate. Message n goes to sensor n % S with seq seqBase + floor(n / S) + 1,
// so (sensor, seq) names the message on the screens. A later round of the same run starts above the
// seqs of the one before (a real sensor keeps counting; the hub ignores a seq it has already had).
import type { Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { topics, type BaySensorReading } from '@glassbay/protocol';
import { defer } from '../cleanup.ts';
import { clockMs } from './clock.ts';

export interface SensorCreds {
  id: string;
  bayId: string;
  username: string;
  password: string;
}

export interface PublishResult {
  /** When each message was handed to its client, [sensor][seq - 1], clockMs; 0 = not published. */
  publishedAt: Float64Array;
  published: number;
  acked: number;
  errors: string[];
  /** Achieved rate from the first publish to the last, messages per second. */
  rate: number;
}

export async function connectSensors(url: string, sensors: SensorCreds[]) {
  const clients: MqttClient[] = [];
  const release = defer(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})));
  });
  try {
    for (const s of sensors) {
      const c = await mqtt.connectAsync(url, {
        clientId: s.username,
        username: s.username,
        password: s.password,
        protocolVersion: 4,
        reconnectPeriod: 0,
        connectTimeout: 10_000,
      });
      // Nagle's algorithm alone adds ~40 ms to a small publish on loopback.
      (c.stream as Partial<Socket>).setNoDelay?.(true);
      clients.push(c);
    }
  } catch (err) {
    await release();
    throw new Error(`a bench sensor could not connect to ${url}: ${(err as Error).message}`);
  }
  return { clients, close: release };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Publish `total` readings at `rate` per second, paced by elapsed time (each 1 ms tick sends what is
 * due, so a slow tick is caught up rather than dropped). Calls `onMeasureStart` as message
 * `warmup` goes out. QoS 1 and retained, as devices publish bay state [GB-3.1].
 */
export async function publishPaced(opts: {
  clients: MqttClient[];
  sensors: SensorCreds[];
  rate: number;
  total: number;
  warmup: number;
  seqsPerSensor: number;
  /** Added to every seq this call publishes (0 for the first round). */
  seqBase: number;
  qos: 0 | 1;
  onMeasureStart: () => void;
}): Promise<PublishResult> {
  const { clients, sensors, rate, total, warmup, seqsPerSensor: M, seqBase, qos } = opts;
  const S = sensors.length;
  const publishedAt = new Float64Array(S * M);
  const topicOf = sensors.map((s) => topics.baySensor(s.bayId, s.id));
  const errors: string[] = [];
  let acked = 0;
  const onAck = (err?: Error) => {
    if (!err) acked++;
    else if (errors.length < 10) errors.push(err.message);
  };
  const start = clockMs();
  let firstAt = 0;
  let lastAt = 0;
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((clockMs() - start) * rate) / 1000) + 1);
    for (; sent < due; sent++) {
      if (sent === warmup) opts.onMeasureStart();
      const k = sent % S;
      const seq = Math.floor(sent / S) + 1;
      // A car arrives or leaves every 100th reading of a sensor; the rest repeat the state, as a
      // sensor reporting periodically does. Each one still moves the sensor's seq on the screens.
      const reading: BaySensorReading = {
        seq: seqBase + seq,
        ts: Date.now(),
        occupied: Math.floor(seq / 100) % 2 === 1,
      };
      lastAt = publishedAt[k * M + seq - 1] = clockMs();
      if (sent === 0) firstAt = lastAt;
      clients[k]!.publish(topicOf[k]!, JSON.stringify(reading), { qos, retain: true }, onAck);
    }
    await sleep(1);
  }
  // Give the last acknowledgements a moment; an unacknowledged QoS 1 message is reported, not waited on.
  for (let i = 0; i < 50 && qos === 1 && acked + errors.length < total; i++) await sleep(20);
  return {
    publishedAt,
    published: sent,
    acked: qos === 1 ? acked : sent,
    errors,
    rate: sent > 1 ? ((sent - 1) * 1000) / (lastAt - firstAt) : 0,
  };
}
