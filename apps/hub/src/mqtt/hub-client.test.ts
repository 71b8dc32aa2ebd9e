// The hub's client of an external broker, against a real broker (aedes over TCP, standing in for
// Mosquitto: a persistent session, QoS 1): the messages that arrive together are handed over
// without waiting for each other's commit, yet no PUBACK leaves before its message's turn is
// stored; a message not stored drops the link with nothing after it acknowledged, and the broker
// redelivers them in order.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { topics } from '@glassbay/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import type { Outcome } from '../domain/outcome.ts';
import { connectHubClient } from './hub-client.ts';
import type { Ingest } from './ingest.ts';
import { HUB_CLIENT_ID } from './broker.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (what: string, ok: () => boolean) => {
  for (let i = 0; i < 300 && !ok(); i++) await sleep(10);
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
};

describe('the hub client of an external broker', () => {
  let broker: Aedes;
  let server: Server;
  let url: string;
  let hub: MqttClient | undefined;
  let device: MqttClient | undefined;
  /** Seqs the broker saw the hub acknowledge. */
  let acked: number[];
  /** Seqs handed to the hub's ingest, in order. */
  let handled: number[];
  /** The effects waiting for the end of the "turn": call with whether it was stored. */
  let turn: ((stored: boolean) => void)[];

  const ingest = {
    handle: (_topic: string, payload: Buffer): Outcome => {
      handled.push((JSON.parse(payload.toString()) as { seq: number }).seq);
      return { ok: true } as Outcome;
    },
    afterStored: (_o: Outcome, ack: (stored: boolean) => void) => void turn.push(ack),
  } as unknown as Ingest;
  const endTurn = (stored: boolean) => {
    for (const ack of turn.splice(0)) ack(stored);
  };
  const publish = (seqs: number[]) =>
    Promise.all(
      seqs.map((seq) =>
        device!.publishAsync(topics.baySensor('bay-1', 'sensor-1'), JSON.stringify({ seq, ts: 1, occupied: true }), {
          qos: 1,
        }),
      ),
    );

  beforeEach(async () => {
    acked = [];
    handled = [];
    turn = [];
    broker = await Aedes.createBroker();
    broker.on('ack', (packet, client) => {
      if (client?.id === HUB_CLIENT_ID && packet && 'payload' in packet)
        acked.push((JSON.parse(String(packet.payload)) as { seq: number }).seq);
    });
    server = createServer(broker.handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
    hub = await connectHubClient(
      { kind: 'external', url, username: undefined, password: undefined },
      ingest,
      createLogger('silent'),
    );
    await sleep(100); // its subscription, sent on connect, answered
    device = await mqtt.connectAsync(url, { clientId: 'sensor-1', protocolVersion: 4 });
  });
  afterEach(async () => {
    await device?.endAsync(true);
    await hub?.endAsync(true);
    await new Promise<void>((r) => broker.close(() => r()));
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('takes the messages that arrive together at once, and acknowledges none before they are stored', async () => {
    void publish([1, 2, 3, 4, 5]);
    await until('five messages handed over', () => handled.length === 5);
    // All five are in the hub's hands before any commit, and not one is acknowledged yet.
    await sleep(200);
    expect(handled).toEqual([1, 2, 3, 4, 5]);
    expect(acked).toEqual([]);
    endTurn(true);
    await until('five acknowledgements', () => acked.length === 5);
    expect(acked).toEqual([1, 2, 3, 4, 5]);
  });

  it('drops the link on a message not stored, acknowledges nothing of it, and is given them again in order', async () => {
    void publish([1, 2, 3]);
    await until('three messages handed over', () => handled.length === 3);
    endTurn(false);
    // Given again after the reconnect, oldest first, and acknowledged only now that they are stored.
    await until('the three again', () => handled.length === 6);
    await sleep(200);
    expect(handled.slice(3)).toEqual([1, 2, 3]);
    expect(acked).toEqual([]);
    endTurn(true);
    await until('three acknowledgements', () => acked.length === 3);
    expect(acked).toEqual([1, 2, 3]);
  });
});
