// Rejected messages, kept with their reason for the console; bounded so an attack cannot fill the disk.
import type { Db } from './db.ts';

export const DEAD_LETTER_KEEP = 10_000;
const PAYLOAD_KEEP_BYTES = 2048;

export interface DeadLetter {
  source: 'mqtt' | 'http' | 'socket';
  topic: string | null;
  clientId: string | null;
  reason: string;
  detail: string;
  payload: Buffer | string | null;
}

export function createDeadLettersRepository(db: Db) {
  const q = {
    insert: db.prepare(
      `INSERT INTO dead_letters (received_at, source, topic, client_id, reason, detail, size, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    prune: db.prepare('DELETE FROM dead_letters WHERE id <= (SELECT max(id) FROM dead_letters) - ?'),
    count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM dead_letters'),
    recent: db.prepare('SELECT * FROM dead_letters ORDER BY id DESC LIMIT ?'),
  };
  let sincePrune = 0;
  return {
    add(d: DeadLetter, now: number): void {
      const size = d.payload === null ? 0 : Buffer.byteLength(d.payload);
      const kept = d.payload === null ? null : Buffer.from(d.payload).subarray(0, PAYLOAD_KEEP_BYTES).toString('utf8');
      q.insert.run(now, d.source, d.topic, d.clientId, d.reason, d.detail.slice(0, 500), size, kept);
      if (++sincePrune >= 500) {
        sincePrune = 0;
        q.prune.run(DEAD_LETTER_KEEP);
      }
    },
    count: () => q.count.get()!.n,
    recent: (limit: number) => q.recent.all(limit),
  };
}
export type DeadLettersRepository = ReturnType<typeof createDeadLettersRepository>;
