// A full disk, caused for real: the hub's data directory is a small tmpfs, a device streams readings
// at QoS 1, and a filler file takes the last free byte. Acknowledged means stored: every reading the
// device got a PUBACK for (from the hub, or from Mosquitto, which holds it until the hub acks) is in
// SQLite once space returns; the unacknowledged ones are resent and stored exactly once; /healthz
// says 503 with the reason while full and 200 after, without anyone restarting anything.
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { topics, type Health } from '@glassbay/protocol';
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { brokerModes, skipMode, startShop, type Shop } from './brokers.ts';
import { scrapeHeaders, skippedTitle } from '../src/testing.ts';
import { connectDevice, sleep } from './helpers.ts';
import { fillDisk, smallDisk } from '../../../hardware/src/small-disk.ts';

async function health(url: string): Promise<{ status: number; body: Health }> {
  const res = await fetch(`${url}/healthz`, { headers: scrapeHeaders() });
  return { status: res.status, body: (await res.json()) as Health };
}

async function until<T>(what: string, ms: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

const probe = smallDisk();
if (typeof probe !== 'string') probe.release();

describe.each(brokerModes)('a full disk under a streaming device (%s broker)', (mode) => {
  let shop: Shop | undefined;
  let device: MqttClient | undefined;
  let disk: { dir: string; release: () => void } | undefined;
  afterEach(async () => {
    device?.end(true);
    await shop?.stop().catch(() => {});
    disk?.release();
  });

  // The disk and the reserve are in proportion, as a shop's are: the reserve must be more than the
  // write-ahead log can grow between two checkpoints (2 s). When the disk is freed, Mosquitto hands
  // the hub the readings it held, and each commit appends its pages to the log: ~20 MB in those 2 s
  // here while the hub still made one commit per message behind Mosquitto. With a 24 MB disk and a 1 MB
  // reserve the log took all the space that came back, a commit and then every checkpoint failed
  // with SQLITE_FULL, and the hub could not recover (the log holding the disk, the checkpoint
  // needing space to empty it): how this test's Mosquitto variant failed until 2026-12-06. The
  // shipped reserve is 512 MB (README, "A full disk").
  const skip = typeof probe === 'string' ? probe : skipMode(mode);
  const title = skippedTitle(
    'acknowledges only what it stored, refuses the rest, and recovers by itself',
    skip,
    typeof probe === 'string'
      ? 'sudo pnpm exec vitest run apps/hub/test/storage-full.test.ts'
      : 'pnpm exec vitest run apps/hub/test/storage-full.test.ts',
  );
  it.skipIf(skip)(title, async () => {
    const made = smallDisk(128);
    if (typeof made === 'string') throw new Error(made);
    disk = made;
    const dataDir = join(disk.dir, 'data');
    shop = await startShop(mode, ['bay-1'], {
      dataDir,
      env: { GLASSBAY_STORAGE_RESERVE_MB: '48', GLASSBAY_MEDIA_MIN_FREE_MB: '0' },
    });
    const creds = shop.sensors['bay-1']!;
    // A device as the contract asks: QoS 1, resend what was not acknowledged on every reconnect.
    device = await connectDevice(shop.hub.mqttUrl, creds, { reconnectPeriod: 300, clean: true });
    const topic = topics.baySensor('bay-1', creds.username);
    const acked = new Set<number>();
    let seq = 0;
    let streaming = true;
    // The device's backlog, as the contract asks [GB-3.2.2]: in order, each reading kept and sent
    // again until acknowledged (mqtt.js resends on reconnect; a publish unanswered for 3 s is sent anew).
    const stream = (async () => {
      while (streaming) {
        const s = ++seq;
        const reading = JSON.stringify({ seq: s, ts: Date.now(), occupied: s % 2 === 0, lift: 'down', door: 'closed' });
        for (;;) {
          const ok = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), 3000);
            device!.publish(topic, reading, { qos: 1 }, (err) => {
              clearTimeout(timer);
              resolve(!err);
            });
          });
          if (ok) break;
          await sleep(100);
        }
        acked.add(s);
        await sleep(5);
      }
    })();

    await until('the first readings stored', 15_000, () => (acked.size > 20 ? true : undefined));
    const filler = fillDisk(disk.dir);
    const full = await until('/healthz to say degraded', 20_000, async () => {
      const h = await health(shop!.hub.httpUrl);
      return h.status === 503 ? h : undefined;
    });
    expect(full.body.status).toBe('degraded');
    expect(full.body.reasons.some((r) => r.startsWith('storage_'))).toBe(true);
    expect(full.body.storage.ok).toBe(false);
    const ackedWhileFull = acked.size;
    await sleep(2000);
    // The embedded broker acknowledges nothing it cannot store; Mosquitto keeps taking (and holding).
    if (mode === 'embedded') expect(acked.size - ackedWhileFull).toBeLessThan(5);

    unlinkSync(filler);
    await until('/healthz to say ok again', 30_000, async () =>
      (await health(shop!.hub.httpUrl)).status === 200 ? true : undefined,
    );
    await sleep(1000);
    streaming = false;
    await stream;
    const sent = seq;
    expect(acked.size).toBe(sent);
    const expectStored = async () => {
      const db = new Database(join(dataDir, 'glassbay.db'), { readonly: true });
      try {
        const rows = db
          .prepare('SELECT seq, count(*) AS n FROM sensor_readings WHERE device_id = ? GROUP BY seq')
          .all(creds.username) as { seq: number; n: number }[];
        return rows;
      } finally {
        db.close();
      }
    };

    // Every acknowledged reading is in SQLite, exactly once.
    let seen = 0;
    const rows = await until(`the resent readings stored (${sent} sent)`, 90_000, async () => {
      const r = await expectStored();
      if (r.length !== seen) seen = r.length;
      return r.length >= sent ? r : undefined;
    }).catch((err: Error) => {
      throw new Error(`${err.message}; ${seen} stored, ${acked.size} acknowledged`);
    });
    const stored = new Set(rows.map((r) => r.seq));
    const missing = [...acked].filter((s) => !stored.has(s));
    expect(missing).toEqual([]);
    expect(ackedWhileFull).toBeGreaterThan(20);
    expect(rows.filter((r) => r.n > 1)).toEqual([]);
  });
});
