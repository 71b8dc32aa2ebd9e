// Receipts on a real turn over a real SQLite file: one per device per committed turn, none for a
// rolled-back one, and a message handled while a turn's effects run (a PUBACK lets the broker hand
// over the next message at once) waits for its own turn's commit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceStored } from '@glassbay/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { openDb, type Db } from '../store/db.ts';
import { createTurn, type Turn } from '../store/turn.ts';
import { createReceipts, type Receipts } from './receipts.ts';

describe('receipts', () => {
  let dir: string;
  let db: Db;
  let turn: Turn;
  let receipts: Receipts;
  let sent: [string, Omit<DeviceStored, 'ts'>][];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'glassbay-receipts-'));
    db = openDb(join(dir, 'glassbay.db'), []).db;
    db.exec('CREATE TABLE readings (seq INTEGER PRIMARY KEY)');
    turn = createTurn(db, createLogger('silent'));
    sent = [];
    receipts = createReceipts(turn, (id, { ts: _ts, ...r }) => void sent.push([id, r]));
  });
  afterEach(() => {
    turn.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const insert = (seq: number) => turn.write(() => db.prepare('INSERT INTO readings (seq) VALUES (?)').run(seq));
  const nextTurn = () => new Promise((r) => setImmediate(r));

  it('sends one receipt per device per committed turn, naming the highest seq and every event id', async () => {
    for (const seq of [1, 2, 3]) {
      insert(seq);
      receipts.stored('sensor-a', { seq });
    }
    receipts.stored('band-1', { id: 'band-1-000001' });
    receipts.stored('band-1', { id: 'band-1-000002' });
    expect(sent).toEqual([]);
    await nextTurn();
    expect(sent).toEqual([
      ['sensor-a', { seq: 3 }],
      ['band-1', { ids: ['band-1-000001', 'band-1-000002'] }],
    ]);
  });

  it('sends none for a turn that was rolled back', async () => {
    insert(1);
    receipts.stored('sensor-a', { seq: 1 });
    turn.fail(Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' }));
    await nextTurn();
    expect(sent).toEqual([]);
  });

  it('keeps a message handled during the effects of a turn for the receipt of its own turn', async () => {
    // An effect of turn 1 that runs before its receipts (a PUBACK) lets the next message in at once.
    turn.atEnd(() => {
      insert(2);
      receipts.stored('sensor-a', { seq: 2 });
      turn.fail(Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' }));
    });
    insert(1);
    receipts.stored('sensor-a', { seq: 1 });
    await nextTurn();
    await nextTurn();
    // Reading 2's turn was rolled back: no receipt may cover it.
    expect(sent).toEqual([['sensor-a', { seq: 1 }]]);
  });
});
