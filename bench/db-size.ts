// How big glassbay.db grows in a busy shop's year at the default retention. Measures the bytes a row
// costs in a real SQLite file (every migration applied, WAL checkpointed; table and index pages from
// SQLite's dbstat), then scales by the rows a busy shop writes: pruned tables hold their retention
// window, the rest hold the whole year. Run: `pnpm exec tsx bench/db-size.ts` (a few seconds).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, openDb, type Db } from '@glassbay/hub';

const SAMPLE = 20_000;
const T0 = Date.UTC(2026, 0, 1, 8);

/** A busy shop: 20 bays, 2 sensors a bay, 160 jobs a day of 12 wristband steps each, open every day. */
const SHOP = { bays: 20, sensorsPerBay: 2, readingsPerSensorDay: 300, jobsPerDay: 160, stepsPerJob: 12 };
const perDay = {
  sensor_readings: SHOP.bays * SHOP.sensorsPerBay * SHOP.readingsPerSensorDay,
  wristband_events: SHOP.jobsPerDay * SHOP.stepsPerJob * 2,
  bay_notices: SHOP.bays,
  jobs: SHOP.jobsPerDay,
  job_events: SHOP.jobsPerDay * 12,
  tickets: SHOP.jobsPerDay,
  queue_events: SHOP.jobsPerDay * 3,
  step_timings: SHOP.jobsPerDay * SHOP.stepsPerJob,
};
/** Dead letters are bounded by count, not by days: 10 reasons × (1,000 + 100 between prunes), under attack. */
const DEAD_LETTER_ROWS_MAX = 10 * 1100;

const hex = (n: number) => randomBytes(n).toString('hex');
const pick = <T>(xs: readonly T[], i: number) => xs[i % xs.length]!;

function fill(db: Db): void {
  db.prepare(`INSERT INTO bays (id, name, position, created_at) VALUES ('bay-12', '12号工位', 12, 0)`).run();
  const ins = {
    reading:
      db.prepare(`INSERT INTO sensor_readings (device_id, bay_id, seq, device_ts, received_at, occupied, lift, door)
      VALUES (?, 'bay-12', ?, ?, ?, ?, ?, ?)`),
    event:
      db.prepare(`INSERT INTO wristband_events (band_id, event_id, tech, bay_id, step, kind, device_ts, received_at, at, live, trusted, timing_id)
      VALUES (?, ?, ?, 'bay-12', ?, ?, ?, ?, ?, 1, 1, ?)`),
    notice: db.prepare(`INSERT INTO bay_notices (bay_id, kind, job_id, opened_at, resolved_at, resolved_by, note)
      VALUES ('bay-12', 'car-without-job', NULL, ?, ?, 'wang.manager', '客户车辆等待洗车 / waiting for the wash')`),
    letter:
      db.prepare(`INSERT INTO dead_letters (reason, source_key, source, peer, topic, client_id, detail, size, payload, count, first_seen, last_seen)
      VALUES ('invalid_payload', ?, 'mqtt', NULL, ?, NULL, ?, 96, ?, 3, ?, ?)`),
    job: db.prepare(`INSERT INTO jobs (code, plate, model, colour, mileage_km, customer_phone, customer_name, services, complaint, bay_id,
      technician, stage, stage_since, created_at, promised_at, follow_token_hash, ticket_id, customer_id, vehicle_id, rating_stars, rated_at, closed_at)
      VALUES (?, '粤B·12345', 'Toyota Camry 2.5', 'white', 48210, '13812345678', '李先生', '["oil-change","tyre-rotation"]', NULL, 'bay-12',
      'li.wei', 'delivered', ?, ?, ?, ?, ?, NULL, NULL, 5, ?, ?)`),
    jobEvent:
      db.prepare(`INSERT INTO job_events (job_id, at, stage, event, actor_kind, actor_id, actor_name, note, bay_id)
      VALUES (?, ?, ?, ?, ?, 'li.advisor', '李顾问', NULL, 'bay-12')`),
    ticket:
      db.prepare(`INSERT INTO tickets (attempt_id, follow_token_hash, day, number, lane_id, status, plate, plate_kind, phone, lang,
      mileage_km, categories, services, created_at, called_at, closed_at, job_id)
      VALUES (?, ?, ?, ?, 'maintenance', 'served', '粤B·12345', 'blue', '13812345678', 'zh', 48210, '["maintenance"]', '["oil-change"]', ?, ?, ?, ?)`),
    queueEvent: db.prepare(
      `INSERT INTO queue_events (ticket_id, at, kind, desk_id, staff_id, detail) VALUES (?, ?, ?, 'desk-2', 3, NULL)`,
    ),
    timing:
      db.prepare(`INSERT INTO step_timings (job_id, bay_id, tech, band_id, service_code, step_code, status, start_event, end_event,
      started_at, ended_at, start_received_at, end_received_at, duration_ms, clock, verdict, min_minutes, standard_minutes)
      VALUES (?, 'bay-12', 'li.wei', 'band-07', 'oil-change', ?, 'done', ?, ?, ?, ?, ?, ?, 900000, 'device', 'ok', 15, 20)`),
  };
  const steps = ['vehicle-protect', 'lift-up', 'oil-drain', 'filter-change', 'oil-fill', 'level-check'] as const;
  const stages = ['waiting', 'inspection', 'in-service', 'quality-check', 'washing', 'ready', 'delivered'] as const;
  db.transaction(() => {
    for (let i = 0; i < SAMPLE; i++) {
      const t = T0 + i * 7_000;
      ins.reading.run(
        `bay-12-${pick(['lift', 'door'], i)}`,
        i,
        t - 40,
        t,
        i % 2,
        pick(['down', 'up', 'moving'], i),
        pick(['closed', 'open'], i),
      );
      ins.notice.run(t - 600_000, t);
      const topic = `glassbay/v1/bays/bay-12/sensors/bay-12-sensor-${i}`;
      ins.letter.run(
        topic,
        topic,
        'invalid payload: seq: expected a number, received "three"; occupied: expected a boolean',
        `{"seq":"three","ts":${t},"occupied":"yes"}`,
        t,
        t,
      );
      const job = ins.job.run(
        `A${String(i % 1000).padStart(3, '0')}`,
        t,
        t,
        t + 3_600_000,
        hex(32),
        i,
        t,
        t + 7_200_000,
      ).lastInsertRowid;
      ins.jobEvent.run(
        job,
        t,
        pick(stages, i),
        pick([null, 'car-on-bay', 'bay-freed'], i),
        pick(['staff', 'sensor', 'system'], i),
      );
      const ticket = ins.ticket.run(
        randomUUID(),
        hex(32),
        `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
        `A${i}`,
        t,
        t + 300_000,
        t + 900_000,
        String(job),
      ).lastInsertRowid;
      ins.queueEvent.run(ticket, t, pick(['call', 'serve', 'recall'], i));
      const timing = ins.timing.run(
        job,
        pick(steps, i),
        randomUUID(),
        randomUUID(),
        t,
        t + 900_000,
        t,
        t + 900_000,
      ).lastInsertRowid;
      ins.event.run(
        `band-${String(i % 25).padStart(2, '0')}`,
        randomUUID(),
        'li.wei',
        pick(steps, i),
        pick(['start', 'end'], i),
        t - 30,
        t,
        t - 30,
        timing,
      );
    }
  })();
}

/** Bytes per row of each table, its indexes included, from the pages SQLite actually uses. */
function bytesPerRow(db: Db, tables: string[]): Record<string, number> {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pages = db
    .prepare(
      `SELECT s.tbl_name AS t, sum(d.pgsize) AS bytes FROM dbstat d JOIN sqlite_schema s ON s.name = d.name GROUP BY s.tbl_name`,
    )
    .all() as { t: string; bytes: number }[];
  return Object.fromEntries(
    tables.map((t) => {
      const rows = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
      return [t, Math.round(pages.find((p) => p.t === t)!.bytes / rows)];
    }),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'glassbay-dbsize-'));
try {
  const { db } = openDb(join(dir, 'glassbay.db'));
  fill(db);
  const tables = [...Object.keys(perDay), 'dead_letters'];
  const per = bytesPerRow(db, tables);
  db.close();
  const r = loadConfig({}).retention;
  const keptDays: Record<string, number> = {
    sensor_readings: r.sensorReadingsDays,
    wristband_events: r.wristbandEventsDays,
    bay_notices: r.bayNoticesDays,
  };
  const rows = Object.fromEntries([
    ...Object.entries(perDay).map(([t, n]) => [t, n * (keptDays[t] ?? 365)]),
    ['dead_letters', DEAD_LETTER_ROWS_MAX],
  ]) as Record<string, number>;
  const lines = tables.map((t) => ({
    table: t,
    bytesPerRow: per[t]!,
    keptDays: t === 'dead_letters' ? `${r.deadLettersDays} (cap)` : (keptDays[t] ?? '365 (no retention)'),
    rows: rows[t]!,
    mb: Math.round((per[t]! * rows[t]!) / 1e5) / 10,
  }));
  const totalMb = Math.round(lines.reduce((n, l) => n + l.mb, 0));
  // The same year had nothing been pruned (dead letters as capped before: 10,000 rows).
  const unprunedMb = Math.round(
    lines.reduce(
      (n, l) =>
        n +
        (l.bytesPerRow * (l.table === 'dead_letters' ? 10_000 : perDay[l.table as keyof typeof perDay] * 365)) / 1e6,
      0,
    ),
  );
  console.table(lines);
  console.log(JSON.stringify({ shop: SHOP, perDay, bytesPerRow: per, totalMb, unprunedMb }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
