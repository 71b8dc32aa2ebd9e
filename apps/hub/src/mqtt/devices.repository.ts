// Devices: identity, hashed MQTT secret, presence.
import type { DeviceKind, DeviceView } from '@glassbay/protocol';
import type { Presence } from '../domain/devices.ts';
import type { Db } from '../store/db.ts';
import { storeVersion } from '../store/version.ts';

interface DeviceRow {
  id: string;
  kind: DeviceKind;
  bay_id: string | null;
  secret_hash: string;
  online: number;
  battery: number | null;
  firmware: string | null;
  last_seen: number | null;
  last_seq: number | null;
}
export interface DeviceRecord extends DeviceView {
  secretHash: string;
  lastSeq: number | null;
}

const toRecord = (r: DeviceRow): DeviceRecord => ({
  id: r.id,
  kind: r.kind,
  bayId: r.bay_id,
  online: r.online === 1,
  battery: r.battery,
  firmware: r.firmware,
  lastSeen: r.last_seen,
  secretHash: r.secret_hash,
  lastSeq: r.last_seq,
});

export const toDeviceView = ({ secretHash: _s, lastSeq: _q, ...view }: DeviceRecord): DeviceView => view;

export function createDevicesRepository(db: Db) {
  const q = {
    one: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?'),
    all: db.prepare<[], DeviceRow>('SELECT * FROM devices ORDER BY id'),
    insert: db.prepare(
      'INSERT INTO devices (id, kind, bay_id, secret_hash, created_at) VALUES (@id, @kind, @bayId, @secretHash, @now)',
    ),
    remove: db.prepare('DELETE FROM devices WHERE id = ?'),
    presence: db.prepare(
      'UPDATE devices SET online = @online, battery = @battery, firmware = @firmware, last_seen = @lastSeen, last_seq = @lastSeq WHERE id = @id',
    ),
    seen: db.prepare('UPDATE devices SET last_seen = ?, last_seq = ? WHERE id = ?'),
    counts: db.prepare<[], { n: number; online: number }>(
      'SELECT count(*) AS n, coalesce(sum(online), 0) AS online FROM devices',
    ),
    allOffline: db.prepare('UPDATE devices SET online = 0'),
  };
  // Every write but markSeen moves the version: the bays service keeps what markSeen writes itself.
  const version = storeVersion(db);
  return {
    get: (id: string): DeviceRecord | undefined => {
      const r = q.one.get(id);
      return r && toRecord(r);
    },
    list: (): DeviceRecord[] => q.all.all().map(toRecord),
    add(d: { id: string; kind: DeviceKind; bayId: string | null; secretHash: string }, now: number): void {
      q.insert.run({ ...d, now });
      version.moved();
    },
    remove(id: string): boolean {
      version.moved();
      return q.remove.run(id).changes > 0;
    },
    savePresence(id: string, p: Presence): void {
      q.presence.run({ id, ...p, online: Number(p.online) });
      version.moved();
    },
    /** Nothing can be connected to a broker that is only now starting. */
    markAllOffline(): void {
      q.allOffline.run();
      version.moved();
    },
    markSeen(id: string, now: number, seq: number): void {
      q.seen.run(now, seq, id);
    },
    counts: () => q.counts.get()!,
  };
}
export type DevicesRepository = ReturnType<typeof createDevicesRepository>;
