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
    expect(Object.values(await retention.run(NOW))).toEqual([0, 0, 0, 0, 0]);
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
});
