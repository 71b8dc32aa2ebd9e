// Retention on a real SQLite file: rows past their keeping time go, in batches, with the event loop
// running between batches; younger rows, open notices and tables set to "forever" stay.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { tempDataDir } from '../testing.ts';
import { openDb, type Db } from './db.ts';
import { createRetention, type RetentionPolicy } from './retention.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
const policy: RetentionPolicy = {
  sensorReadingsDays: 30,
  wristbandEventsDays: 30,
  bayNoticesDays: 90,
  deadLettersDays: 14,
  notifyOutboxDays: 30,
  bayOccupancyDays: 400,
};

function shop(): Db {
  const { db } = openDb(join(tempDataDir(), 'glassbay.db'));
  db.prepare(`INSERT INTO bays (id, name, position, created_at) VALUES ('bay-1', 'Bay 1', 1, 0)`).run();
  return db;
}

/** `old` rows older than the policy and `young` rows inside it, in each table, in arrival order. */
function fill(db: Db, old: number, young: number) {
  const reading = db.prepare(
    `INSERT INTO sensor_readings (device_id, bay_id, seq, device_ts, received_at, occupied) VALUES ('s', 'bay-1', ?, ?, ?, 1)`,
  );
  const event = db.prepare(
    `INSERT INTO wristband_events (band_id, event_id, tech, bay_id, step, kind, device_ts, received_at, at, live, trusted)
     VALUES ('band-1', ?, 'tech', 'bay-1', 'drain', 'start', ?, ?, ?, 1, 1)`,
  );
  const notice = db.prepare(
    `INSERT INTO bay_notices (bay_id, kind, opened_at, resolved_at) VALUES ('bay-1', 'car-without-job', ?, ?)`,
  );
  const stood = db.prepare(`INSERT INTO bay_occupancy (bay_id, from_at, to_at) VALUES ('bay-1', ?, ?)`);
  const letter = db.prepare(
    `INSERT INTO dead_letters (reason, source_key, source, detail, size, first_seen, last_seen)
     VALUES ('auth_failed', ?, 'mqtt', 'x', 0, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < old + young; i++) {
      const young_ = i >= old;
      const readingAt = young_ ? NOW - 29 * DAY + i : NOW - 31 * DAY + i;
      reading.run(i, readingAt, readingAt);
      event.run(`e${i}`, readingAt, readingAt, readingAt);
      const resolvedAt = young_ ? NOW - 89 * DAY : NOW - 91 * DAY;
      notice.run(resolvedAt - DAY, resolvedAt);
      const seen = young_ ? NOW - 13 * DAY : NOW - 15 * DAY;
      letter.run(`10.0.0.${i}`, seen, seen);
      const from = young_ ? NOW - 399 * DAY : NOW - 402 * DAY;
      stood.run(from, from + DAY);
    }
    // A car that has stood on the bay since long ago keeps its open interval.
    stood.run(NOW - 500 * DAY, null);
    // An old notice nobody resolved yet stays: someone still has to act on it.
    notice.run(NOW - 400 * DAY, null);
  })();
}

const count = (db: Db, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('retention', () => {
  it('deletes what is past its keeping time, in batches, and keeps the rest', async () => {
    const db = shop();
    fill(db, 1600, 300);
    const retention = createRetention({ db, policy, log: createLogger('silent'), batch: 500 });
    // Other work gets the event loop between batches: count the turns it had.
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const deleted = await retention.run(NOW);
    running = false;
    expect(deleted).toEqual({
      sensorReadingsDays: 1600,
      wristbandEventsDays: 1600,
      bayNoticesDays: 1600,
      deadLettersDays: 1600,
      notifyOutboxDays: 0,
      bayOccupancyDays: 1600,
    });
    // 4 batches of at most 500 per table, and the loop turned between each.
    expect(turns).toBeGreaterThanOrEqual(5 * 4);
    expect(count(db, 'sensor_readings')).toBe(300);
    expect(count(db, 'wristband_events')).toBe(300);
    expect(count(db, 'bay_notices')).toBe(301);
    expect(count(db, 'dead_letters')).toBe(300);
    expect(db.prepare('SELECT count(*) AS n FROM bay_notices WHERE resolved_at IS NULL').get()).toEqual({ n: 1 });
    // The year and a month the KPIs read, and the car still on its bay.
    expect(count(db, 'bay_occupancy')).toBe(301);
    expect(db.prepare('SELECT count(*) AS n FROM bay_occupancy WHERE to_at IS NULL').get()).toEqual({ n: 1 });
    // A second run finds nothing more.
    expect(Object.values(await retention.run(NOW)).every((n) => n === 0)).toBe(true);
    db.close();
  });

  it("deletes a band's issuances once they ended longer ago than its events are kept, never one in force", async () => {
    const db = shop();
    const issue = db.prepare(
      `INSERT INTO wristband_issues (band_id, tech, issued_at, ends_at, returned_at, issued_by) VALUES (?, 'li-wei', ?, ?, ?, 'm')`,
    );
    issue.run('band-1', NOW - 40 * DAY, NOW - 40 * DAY + 36e6, null); // ended 40 days ago: goes
    issue.run('band-2', NOW - 40 * DAY, NOW + DAY, NOW - 31 * DAY); // returned 31 days ago: goes
    issue.run('band-4', NOW - 20 * DAY, NOW - 20 * DAY + 36e6, null); // ended 20 days ago: stays
    issue.run('band-5', NOW - DAY, NOW + DAY, null); // in force: stays
    await createRetention({ db, policy, log: createLogger('silent') }).run(NOW);
    const left = db.prepare('SELECT band_id FROM wristband_issues ORDER BY band_id').all();
    expect(left).toEqual([{ band_id: 'band-4' }, { band_id: 'band-5' }]);
    db.close();
  });

  it('keeps forever what the policy sets to 0', async () => {
    const db = shop();
    fill(db, 20, 0);
    const retention = createRetention({
      db,
      policy: { ...policy, sensorReadingsDays: 0, deadLettersDays: 0 },
      log: createLogger('silent'),
    });
    await retention.run(NOW);
    expect(count(db, 'sensor_readings')).toBe(20);
    expect(count(db, 'dead_letters')).toBe(20);
    expect(count(db, 'wristband_events')).toBe(0);
    db.close();
  });

  it('drops a visit’s message consent and its messages after their days, but not one still being delivered', async () => {
    const db = shop();
    const recipient = db.prepare(
      `INSERT INTO notify_recipients (follow_token_hash, ticket_id, phone, lang, consented_at) VALUES (?, 1, '13800000001', 'zh-CN', ?)`,
    );
    const message = db.prepare(
      `INSERT INTO notify_outbox (id, cause, recipient_id, kind, ref, body, state, created_at)
       VALUES (?, ?, ?, 'ready-for-pickup', 'A001', '{}', ?, ?)`,
    );
    const at = (days: number) => NOW - days * DAY;
    const old = Number(recipient.run('old', at(31)).lastInsertRowid);
    const pending = Number(recipient.run('pending', at(31)).lastInsertRowid);
    const young = Number(recipient.run('young', at(29)).lastInsertRowid);
    message.run('m1', 'c1', old, 'sent', at(31));
    message.run('m2', 'c2', pending, 'queued', at(31));
    message.run('m3', 'c3', young, 'sent', at(29));
    const retention = createRetention({ db, policy, log: createLogger('silent') });
    expect((await retention.run(NOW)).notifyOutboxDays).toBe(1);
    expect(db.prepare('SELECT follow_token_hash AS h FROM notify_recipients ORDER BY id').pluck().all()).toEqual([
      'pending',
      'young',
    ]);
    expect(db.prepare('SELECT id FROM notify_outbox ORDER BY seq').pluck().all()).toEqual(['m2', 'm3']);
    db.close();
  });
});
