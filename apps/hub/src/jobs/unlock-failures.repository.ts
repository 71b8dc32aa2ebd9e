// Wrong lounge codes per job and per source (migration 0014), counted in SQL.
import type { Db } from '../store/db.ts';

export function createUnlockFailuresRepository(db: Db) {
  const q = {
    count: db.prepare<[string, number], { n: number }>(
      'SELECT count(*) AS n FROM unlock_failures WHERE key = ? AND at > ?',
    ),
    add: db.prepare('INSERT INTO unlock_failures (key, at) VALUES (?, ?)'),
    prune: db.prepare('DELETE FROM unlock_failures WHERE at <= ?'),
  };
  return {
    count: (key: string, since: number): number => q.count.get(key, since)!.n,
    add: (keys: string[], at: number) => db.transaction(() => keys.forEach((k) => q.add.run(k, at)))(),
    prune: (before: number) => q.prune.run(before),
  };
}
export type UnlockFailuresRepository = ReturnType<typeof createUnlockFailuresRepository>;
