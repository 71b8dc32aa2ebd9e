// Dead letters keep the evidence under a flood: a real hub with its embedded broker takes a hundred
// and fifty anonymous connects with 6 kB client ids (the most a CONNECT may carry under the broker's
// packet limit, and within one address's connect burst, so every one reaches authentication); the dead letters of other reasons from before survive,
// the flood is one row with a count, and no string the attacker chose is kept beyond a few hundred bytes.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { topics } from '@glassbay/protocol';
import { describe, expect, it } from 'vitest';
import {
  DEAD_LETTERS_PER_REASON,
  DEAD_LETTER_KEEP,
  createDeadLettersRepository,
  type DeadLetterRow,
} from '../src/store/dead-letters.repository.ts';
import { migrate, openDb, readMigrations } from '../src/store/db.ts';
import { cli, startTestHub, tempDataDir } from '../src/testing.ts';
import { connectDevice, metricValue, metricsText, provision } from './helpers.ts';

// Under BROKER_LIMITS: the burst one address may open, and a client id a CONNECT packet may carry.
const FLOOD = 150;
const HUGE_ID_BYTES = 6_000;

function rowsOf(dataDir: string): DeadLetterRow[] {
  const db = new Database(join(dataDir, 'glassbay.db'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM dead_letters ORDER BY id').all() as DeadLetterRow[];
  } finally {
    db.close();
  }
}

const storedBytes = (rows: DeadLetterRow[]) =>
  rows.reduce(
    (n, r) =>
      n +
      [r.source_key, r.peer, r.topic, r.client_id, r.detail, r.payload].reduce(
        (m, s) => m + (s === null ? 0 : Buffer.byteLength(s)),
        0,
      ),
    0,
  );

describe('dead letters under a flood of anonymous connects', () => {
  it('keeps earlier dead letters of other reasons and stores the flood as one small counted row', async () => {
    const dataDir = tempDataDir();
    await cli(dataDir, ['bay', 'add', 'bay-1', '--name', 'Bay 1']);
    const sensor = await provision(dataDir, 'bay-1-sensor', 'bay-sensor', 'bay-1');
    const hub = await startTestHub({ dataDir });
    try {
      // Evidence from before the flood: a device that sends broken JSON.
      const device = await connectDevice(hub.mqttUrl, sensor.mqtt);
      await device.publishAsync(topics.baySensor('bay-1', 'bay-1-sensor'), '{"seq": 1, "occupied": tru', { qos: 1 });
      await device.endAsync();
      await expect.poll(() => rowsOf(dataDir).some((r) => r.reason === 'malformed_json')).toBe(true);
      const before = rowsOf(dataDir).filter((r) => r.reason !== 'auth_failed');

      // The flood: anonymous clients, each with its own huge random client id, ten at a time.
      let refused = 0;
      for (let i = 0; i < FLOOD; i += 10)
        await Promise.all(
          Array.from({ length: 10 }, async () => {
            const clientId = randomBytes(HUGE_ID_BYTES / 2).toString('hex');
            await mqtt
              .connectAsync(hub.mqttUrl, { clientId, reconnectPeriod: 0, protocolVersion: 4, connectTimeout: 10_000 })
              .then(
                (c) => c.endAsync(true),
                () => refused++,
              );
          }),
        );
      expect(refused).toBe(FLOOD);
      await expect
        .poll(async () =>
          metricValue(
            await metricsText(hub.httpUrl),
            'glassbay_mqtt_messages_rejected_total',
            '{reason="auth_failed"}',
          ),
        )
        .toBe(FLOOD);

      const after = rowsOf(dataDir);
      // Nothing from before was evicted.
      for (const r of before) expect(after.find((a) => a.id === r.id)).toEqual(r);
      // The flood came from one address: one row, counted, with when it began and ended.
      const flood = after.filter((r) => r.reason === 'auth_failed');
      expect(flood).toHaveLength(1);
      expect(flood[0]).toMatchObject({ peer: '127.0.0.1', count: FLOOD });
      expect(flood[0]!.last_seen).toBeGreaterThanOrEqual(flood[0]!.first_seen);
      expect(Buffer.byteLength(flood[0]!.client_id!)).toBeLessThanOrEqual(DEAD_LETTER_KEEP.clientId);
      expect(Buffer.byteLength(flood[0]!.detail)).toBeLessThanOrEqual(DEAD_LETTER_KEEP.detail);
      // 150 × 6 kB arrived; the table holds a few kB.
      expect(storedBytes(after)).toBeLessThan(4096);
    } finally {
      await hub.stop();
    }
  });
});

describe('the dead-letter table on a real SQLite file', () => {
  it('caps each reason on its own, so a flood from many sources cannot evict the others', () => {
    const { db } = openDb(join(tempDataDir(), 'glassbay.db'));
    const letters = createDeadLettersRepository(db);
    const base = { source: 'mqtt' as const, payload: null, detail: 'x' };
    for (let i = 0; i < 50; i++)
      letters.add(
        { ...base, reason: 'invalid_payload', topic: `t/${i}`, clientId: null, payload: 'p'.repeat(5000) },
        i,
      );
    // A spread-out flood: every connect from another address, each a new source.
    for (let i = 0; i < 3 * DEAD_LETTERS_PER_REASON; i++)
      letters.add(
        {
          ...base,
          reason: 'auth_failed',
          topic: null,
          clientId: 'c'.repeat(70_000),
          peer: `10.0.${i >> 8}.${i & 255}`,
        },
        100 + i,
      );
    const per = db
      .prepare(
        'SELECT reason, count(*) AS n, max(length(payload)) AS p FROM dead_letters GROUP BY reason ORDER BY reason',
      )
      .all() as { reason: string; n: number; p: number | null }[];
    expect(per[0]!.reason).toBe('auth_failed');
    expect(per[0]!.n).toBeLessThanOrEqual(DEAD_LETTERS_PER_REASON + 100);
    expect(per[1]).toEqual({ reason: 'invalid_payload', n: 50, p: DEAD_LETTER_KEEP.payload });
    // The newest of the flood are the ones kept.
    const newest = db.prepare("SELECT max(last_seen) AS t FROM dead_letters WHERE reason = 'auth_failed'").get() as {
      t: number;
    };
    expect(newest.t).toBe(100 + 3 * DEAD_LETTERS_PER_REASON - 1);
    db.close();
  });
});

describe('the migration of dead letters kept before', () => {
  it('folds repeated rows into one counted row and cuts the strings kept in full', () => {
    const db = new Database(join(tempDataDir(), 'glassbay.db'));
    migrate(
      db,
      readMigrations().filter((m) => m.id <= 10),
    );
    const old = db.prepare(
      `INSERT INTO dead_letters (received_at, source, topic, client_id, reason, detail, size, payload)
       VALUES (?, 'mqtt', NULL, ?, 'auth_failed', ?, 0, NULL)`,
    );
    const attacker = 'a'.repeat(60_000);
    for (let t = 1; t <= 50; t++) old.run(t, attacker, `client id "${attacker}" must equal the username`);
    old.run(500, 'bay-9-sensor', 'no device "bay-9-sensor" is provisioned');
    migrate(db, readMigrations());
    const rows = db.prepare('SELECT * FROM dead_letters ORDER BY first_seen').all() as DeadLetterRow[];
    expect(rows.map((r) => [r.count, r.first_seen, r.last_seen])).toEqual([
      [50, 1, 50],
      [1, 500, 500],
    ]);
    expect(rows[0]!.client_id!.length).toBe(128);
    expect(rows[0]!.detail.length).toBe(300);
    db.close();
  });
});
