// Rejected messages, kept with their reason for the console, as evidence that an attacker cannot
// erase or inflate: strings the sender chose are cut to a few hundred bytes, repeated failures from
// one source are one row with a count and first/last seen, and each reason has its own cap so a
// flood of one kind (anonymous connects) cannot evict the others.
import type { Db } from './db.ts';

/** Rows kept per reason (the most recently seen); at most this plus PRUNE_EVERY between prunes. */
export const DEAD_LETTERS_PER_REASON = 1000;
const PRUNE_EVERY = 100;
/** Bytes kept of each string a sender chose. */
export const DEAD_LETTER_KEEP = { topic: 256, clientId: 128, peer: 64, detail: 300, payload: 256, sourceKey: 200 };

export interface DeadLetter {
  source: 'mqtt' | 'http' | 'socket';
  topic: string | null;
  clientId: string | null;
  /** The network address the message came from, when the edge knows it. */
  peer?: string | null;
  reason: string;
  detail: string;
  payload: Buffer | string | null;
}

export interface DeadLetterRow {
  id: number;
  reason: string;
  source_key: string;
  source: string;
  peer: string | null;
  topic: string | null;
  client_id: string | null;
  detail: string;
  size: number;
  payload: string | null;
  count: number;
  first_seen: number;
  last_seen: number;
}

/** The first `max` bytes of `s` as text (a character cut in two becomes U+FFFD). */
export function cutBytes(s: string | Buffer, max: number): string {
  if (typeof s === 'string' && s.length * 3 <= max) return s;
  const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  return b.length <= max ? b.toString('utf8') : b.subarray(0, max).toString('utf8');
}

const cutOrNull = (s: string | null | undefined, max: number) => (s == null ? null : cutBytes(s, max));

export function createDeadLettersRepository(db: Db) {
  const q = {
    upsert: db.prepare<unknown[], { count: number }>(
      `INSERT INTO dead_letters (reason, source_key, source, peer, topic, client_id, detail, size, payload, first_seen, last_seen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (reason, source_key) DO UPDATE SET count = count + 1, last_seen = max(last_seen, excluded.last_seen)
       RETURNING count`,
    ),
    prune: db.prepare(
      `DELETE FROM dead_letters WHERE id IN
         (SELECT id FROM dead_letters WHERE reason = ? ORDER BY last_seen DESC, id DESC LIMIT -1 OFFSET ?)`,
    ),
    count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM dead_letters'),
    recent: db.prepare<[number], DeadLetterRow>('SELECT * FROM dead_letters ORDER BY last_seen DESC, id DESC LIMIT ?'),
  };
  const newSincePrune = new Map<string, number>();
  return {
    add(d: DeadLetter, now: number): void {
      const peer = cutOrNull(d.peer, DEAD_LETTER_KEEP.peer);
      const clientId = cutOrNull(d.clientId, DEAD_LETTER_KEEP.clientId);
      const topic = cutOrNull(d.topic, DEAD_LETTER_KEEP.topic);
      const sourceKey = cutBytes(peer ?? clientId ?? topic ?? '', DEAD_LETTER_KEEP.sourceKey);
      const size = d.payload === null ? 0 : Buffer.byteLength(d.payload);
      const payload = d.payload === null ? null : cutBytes(d.payload, DEAD_LETTER_KEEP.payload);
      const { count } = q.upsert.get(
        ...[d.reason, sourceKey, d.source, peer, topic, clientId, cutBytes(d.detail, DEAD_LETTER_KEEP.detail)],
        ...[size, payload, now, now],
      )!;
      if (count > 1) return;
      const n = (newSincePrune.get(d.reason) ?? 0) + 1;
      newSincePrune.set(d.reason, n);
      if (n >= PRUNE_EVERY) {
        newSincePrune.set(d.reason, 0);
        q.prune.run(d.reason, DEAD_LETTERS_PER_REASON);
      }
    },
    count: () => q.count.get()!.n,
    recent: (limit: number) => q.recent.all(limit),
  };
}
export type DeadLettersRepository = ReturnType<typeof createDeadLettersRepository>;
