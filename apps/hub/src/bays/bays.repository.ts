// Bays and their live state. Statements are prepared once; callers wrap multi-row changes in a transaction.
import type { BayView, DoorState, LiftPosition } from '@glassbay/protocol';
import type { BayState } from '../domain/bays.ts';
import type { Db } from '../store/db.ts';
import { storeVersion } from '../store/version.ts';

interface BayRow {
  id: string;
  name: string;
  position: number;
  occupied: number | null;
  lift: LiftPosition | null;
  door: DoorState | null;
  since: number | null;
}
interface SensorRow {
  id: string;
  bay_id: string;
  online: number;
  last_seen: number | null;
  last_seq: number | null;
}

const BAY_SELECT = `SELECT b.id, b.name, b.position, s.occupied, s.lift, s.door, s.since
  FROM bays b LEFT JOIN bay_state s ON s.bay_id = b.id`;

export function createBaysRepository(db: Db) {
  const q = {
    all: db.prepare<[], BayRow>(`${BAY_SELECT} ORDER BY b.position, b.id`),
    one: db.prepare<[string], BayRow>(`${BAY_SELECT} WHERE b.id = ?`),
    sensorsAll: db.prepare<[], SensorRow>(
      `SELECT id, bay_id, online, last_seen, last_seq FROM devices WHERE kind = 'bay-sensor' AND bay_id IS NOT NULL ORDER BY id`,
    ),
    sensorsOf: db.prepare<[string], SensorRow>(
      `SELECT id, bay_id, online, last_seen, last_seq FROM devices WHERE kind = 'bay-sensor' AND bay_id = ? ORDER BY id`,
    ),
    insert: db.prepare('INSERT INTO bays (id, name, position, created_at) VALUES (?, ?, ?, ?)'),
    remove: db.prepare('DELETE FROM bays WHERE id = ?'),
    count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM bays'),
    upsertState: db.prepare(
      `INSERT INTO bay_state (bay_id, occupied, lift, door, since, updated_at) VALUES (@bayId, @occupied, @lift, @door, @since, @now)
       ON CONFLICT (bay_id) DO UPDATE SET occupied = @occupied, lift = @lift, door = @door, since = @since, updated_at = @now`,
    ),
    logReading: db.prepare(
      `INSERT INTO sensor_readings (device_id, bay_id, seq, device_ts, received_at, occupied, lift, door)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };

  // Adding or removing a bay moves the version; saveState is the bays service's own path.
  const version = storeVersion(db);

  const toView = (b: BayRow, sensors: SensorRow[]): BayView => ({
    id: b.id,
    name: b.name,
    position: b.position,
    occupied: b.occupied === null ? null : b.occupied === 1,
    lift: b.lift,
    door: b.door,
    since: b.since,
    sensors: sensors.map((s) => ({ id: s.id, online: s.online === 1, lastSeen: s.last_seen, seq: s.last_seq })),
  });

  return {
    list(): BayView[] {
      const sensors = q.sensorsAll.all();
      return q.all.all().map((b) =>
        toView(
          b,
          sensors.filter((s) => s.bay_id === b.id),
        ),
      );
    },
    get(id: string): BayView | undefined {
      const b = q.one.get(id);
      return b && toView(b, q.sensorsOf.all(id));
    },
    state(id: string): BayState | undefined {
      const b = q.one.get(id);
      return (
        b && { occupied: b.occupied === null ? null : b.occupied === 1, lift: b.lift, door: b.door, since: b.since }
      );
    },
    add(id: string, name: string, position: number, now: number): void {
      q.insert.run(id, name, position, now);
      version.moved();
    },
    remove(id: string): boolean {
      version.moved();
      return q.remove.run(id).changes > 0;
    },
    count: () => q.count.get()!.n,
    saveState(bayId: string, s: BayState, now: number): void {
      q.upsertState.run({
        bayId,
        occupied: s.occupied === null ? null : Number(s.occupied),
        lift: s.lift,
        door: s.door,
        since: s.since,
        now,
      });
    },
    logReading(r: {
      deviceId: string;
      bayId: string;
      seq: number;
      deviceTs: number;
      receivedAt: number;
      occupied?: boolean | undefined;
      lift?: string | undefined;
      door?: string | undefined;
    }): void {
      q.logReading.run(
        r.deviceId,
        r.bayId,
        r.seq,
        r.deviceTs,
        r.receivedAt,
        r.occupied === undefined ? null : Number(r.occupied),
        r.lift ?? null,
        r.door ?? null,
      );
    },
  };
}
export type BaysRepository = ReturnType<typeof createBaysRepository>;
