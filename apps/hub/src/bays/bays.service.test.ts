// The bays service on a real SQLite file, with a second connection standing in for the installer's
// CLI: what it keeps in memory between readings never outlives a change to the rows it came from.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BayView } from '@glassbay/protocol';
import { createBaysRepository } from './bays.repository.ts';
import { openDb, type Db } from '../store/db.ts';
import { createDevicesRepository } from '../mqtt/devices.repository.ts';
import { createBaysService, type BaysService } from './bays.service.ts';
import { createDevicesService, type DevicesService } from '../devices/devices.service.ts';

describe('bays service', () => {
  let dir: string;
  let db: Db;
  let cli: Database.Database;
  let bays: BaysService;
  let devices: DevicesService;
  let published: BayView[];
  let now = 1_800_000_000_000;
  const reading = (seq: number, occupied?: boolean) => ({
    seq,
    ts: now,
    ...(occupied === undefined ? {} : { occupied }),
  });
  const apply = (sensor: string, bay: string, seq: number, occupied?: boolean) =>
    db.transaction(() => bays.applyReading(sensor, bay, reading(seq, occupied), (now += 1000)))();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'glassbay-bays-'));
    db = openDb(join(dir, 'glassbay.db')).db;
    cli = new Database(join(dir, 'glassbay.db'));
    published = [];
    const relay = {
      publish: (collection: string, _id: string, value: unknown) => {
        if (collection === 'bays' && value) published.push(value as BayView);
      },
    };
    const baysRepo = createBaysRepository(db);
    const devicesRepo = createDevicesRepository(db);
    bays = createBaysService({ db, bays: baysRepo, devices: devicesRepo, relay });
    devices = createDevicesService({ db, bays: baysRepo, devices: devicesRepo, relay });
    bays.addBay('bay-1', 'Bay 1', 1, now);
    bays.addBay('bay-2', 'Bay 2', 2, now);
    devices.add('s1', 'bay-sensor', 'bay-1', now);
    devices.add('s2', 'bay-sensor', 'bay-1', now);
  });
  afterEach(() => {
    cli.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes each bay as SQLite holds it after every reading, from either of its sensors', () => {
    const fresh = createBaysRepository(db);
    for (const [sensor, seq, occupied] of [
      ['s1', 1, true],
      ['s2', 1, true],
      ['s1', 2, undefined],
      ['s2', 2, false],
      ['s1', 3, false],
    ] as const) {
      expect(apply(sensor, 'bay-1', seq, occupied)).toEqual({ ok: true });
      expect(published.at(-1)).toEqual(fresh.get('bay-1'));
    }
    expect(published.at(-1)).toMatchObject({ occupied: false, sensors: [{ seq: 3 }, { seq: 2 }] });
  });

  it('refuses a sensor the CLI removed from another connection, from its very next reading', () => {
    expect(apply('s1', 'bay-1', 1, true)).toEqual({ ok: true });
    cli.prepare("DELETE FROM devices WHERE id = 's1'").run();
    expect(apply('s1', 'bay-1', 2)).toMatchObject({ rejected: 'unknown_device' });
  });

  it('follows a sensor the CLI moved to another bay, and the bay it left', () => {
    expect(apply('s1', 'bay-1', 1, true)).toEqual({ ok: true });
    cli.prepare("UPDATE devices SET bay_id = 'bay-2' WHERE id = 's1'").run();
    expect(apply('s1', 'bay-1', 2)).toMatchObject({ rejected: 'wrong_bay' });
    expect(apply('s2', 'bay-1', 1)).toEqual({ ok: true });
    expect(published.at(-1)!.sensors.map((s) => s.id)).toEqual(['s2']);
    expect(apply('s1', 'bay-2', 2, true)).toEqual({ ok: true });
    expect(published.at(-1)).toMatchObject({ id: 'bay-2', occupied: true });
  });

  it('takes a sensor that came back online from seq 1 again, and shows it online', () => {
    expect(apply('s1', 'bay-1', 40)).toEqual({ ok: true });
    expect(apply('s1', 'bay-1', 1)).toMatchObject({ ignored: 'stale' });
    devices.applyStatus('s1', { online: true, ts: now }, now);
    expect(apply('s1', 'bay-1', 1)).toEqual({ ok: true });
    expect(published.at(-1)!.sensors.find((s) => s.id === 's1')).toMatchObject({ online: true, seq: 1 });
  });

  it('refuses readings for a bay removed in this process', () => {
    expect(apply('s1', 'bay-1', 1)).toEqual({ ok: true });
    bays.removeBay('bay-1');
    expect(apply('s1', 'bay-1', 2)).toMatchObject({ rejected: 'wrong_bay' });
  });
});
