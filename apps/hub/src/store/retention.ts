// Keep data no longer than needed. Tables that grow with every reading, band event, notice and
// refusal are pruned by age, off the hot path: a timer deletes the oldest rows in small batches
// (each its own short transaction) and yields to the event loop between batches, so readings keep
// flowing while a backlog of months is worked off. Recordings and clips are pruned by media (the
// recording ring and the clip sweep).
import type { HubConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Db } from './db.ts';

/** Days each kind of row is kept; 0 keeps it forever. */
export type RetentionPolicy = HubConfig['retention'];

export const RETENTION_BATCH = 500;
const DAY_MS = 86_400_000;

type Table = keyof RetentionPolicy;

/**
 * One batch per statement: up to `limit` rows older than the cut-off; a policy may govern more than
 * one table (a band's issuances live as long as the band events they attribute). Each reads only the rows it
 * deletes (or an index), never the whole table: sensor_readings has no time index (it cost a write
 * per reading), so its batch looks at the oldest rows by id, which arrive in time order.
 */
const BATCH_SQL: Record<Table, string[]> = {
  sensorReadingsDays: [
    `DELETE FROM sensor_readings WHERE id IN
    (SELECT id FROM (SELECT id, received_at FROM sensor_readings ORDER BY id LIMIT @limit) WHERE received_at < @cutoff)`,
  ],
  wristbandEventsDays: [
    `DELETE FROM wristband_events WHERE rowid IN
    (SELECT rowid FROM wristband_events WHERE received_at < @cutoff ORDER BY received_at LIMIT @limit)`,
    // Who wore which band when: personal data, needed only to attribute the band's events (a late
    // backlog). Kept from its end as long as those events; one in force stays.
    `DELETE FROM wristband_issues WHERE id IN
    (SELECT id FROM wristband_issues WHERE COALESCE(returned_at, ends_at) < @cutoff
       ORDER BY COALESCE(returned_at, ends_at) LIMIT @limit)`,
  ],
  // Open notices stay whatever their age: someone still has to resolve them.
  bayNoticesDays: [
    `DELETE FROM bay_notices WHERE id IN
    (SELECT id FROM bay_notices WHERE resolved_at IS NOT NULL AND resolved_at < @cutoff ORDER BY id LIMIT @limit)`,
  ],
  deadLettersDays: [
    `DELETE FROM dead_letters WHERE id IN
    (SELECT id FROM dead_letters WHERE last_seen < @cutoff ORDER BY last_seen LIMIT @limit)`,
  ],
  // A consent (and its phone number) goes with its visit; its messages go with it (ON DELETE CASCADE).
  // Messages still being delivered keep their recipient.
  notifyOutboxDays: [
    `DELETE FROM notify_recipients WHERE id IN
    (SELECT id FROM notify_recipients r WHERE consented_at < @cutoff
       AND NOT EXISTS (SELECT 1 FROM notify_outbox o WHERE o.recipient_id = r.id AND o.state = 'queued')
     ORDER BY consented_at LIMIT @limit)`,
  ],
  // Where cars stood and when (the KPIs' occupancy, migration 0012): closed intervals only, by their
  // start (indexed); a car still on its bay keeps its open interval.
  bayOccupancyDays: [
    `DELETE FROM bay_occupancy WHERE id IN
    (SELECT id FROM bay_occupancy WHERE from_at < @cutoff AND to_at IS NOT NULL AND to_at < @cutoff
     ORDER BY from_at LIMIT @limit)`,
  ],
};

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createRetention(deps: {
  db: Db;
  policy: RetentionPolicy;
  log: Logger;
  /** How a batch is written: the hub's turn (one transaction per event-loop turn), or a transaction of its own. */
  write?: <T>(fn: () => T) => T;
  batch?: number;
}) {
  const { db, policy, log } = deps;
  const batch = deps.batch ?? RETENTION_BATCH;
  const write = deps.write ?? (<T>(fn: () => T): T => db.transaction(fn)());
  const statements = Object.fromEntries(
    (Object.keys(BATCH_SQL) as Table[]).map((t) => [
      t,
      BATCH_SQL[t].map((sql) => db.prepare<{ cutoff: number; limit: number }>(sql)),
    ]),
  ) as Record<Table, ReturnType<typeof db.prepare<{ cutoff: number; limit: number }>>[]>;
  let stopped = false;

  return {
    /** Prune every table down to its policy; resolves with the rows deleted per table. */
    async run(now: number): Promise<Record<Table, number>> {
      const deleted = {
        ...{ sensorReadingsDays: 0, wristbandEventsDays: 0, bayNoticesDays: 0, deadLettersDays: 0 },
        ...{ notifyOutboxDays: 0, bayOccupancyDays: 0 },
      };
      for (const table of Object.keys(BATCH_SQL) as Table[]) {
        const days = policy[table];
        if (!(days > 0)) continue;
        const cutoff = now - days * DAY_MS;
        for (const statement of statements[table])
          for (;;) {
            if (stopped) return deleted;
            const n = write(() => statement.run({ cutoff, limit: batch }).changes);
            deleted[table] += n;
            await yieldToEventLoop();
            if (n < batch) break;
          }
      }
      const total = Object.values(deleted).reduce((a, b) => a + b, 0);
      if (total > 0) log.info({ deleted }, 'retention: deleted rows past their keeping time');
      return deleted;
    },
    /** Stop between batches (the hub is closing the file). */
    stop: () => {
      stopped = true;
    },
  };
}

/** Run retention a little after start and then every `everyMs`; `stop` waits for a run under way. */
export function startRetention(
  deps: Parameters<typeof createRetention>[0] & { firstAfterMs?: number; everyMs?: number; now?: () => number },
) {
  const retention = createRetention(deps);
  const now = deps.now ?? Date.now;
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return; // a long backlog is still being worked off
    running = retention
      .run(now())
      .catch((err: unknown) => deps.log.error({ err }, 'retention run failed'))
      .finally(() => (running = undefined));
  };
  const first = setTimeout(tick, deps.firstAfterMs ?? 60_000);
  const every = setInterval(tick, deps.everyMs ?? 15 * 60_000);
  first.unref();
  every.unref();
  return {
    async stop(): Promise<void> {
      clearTimeout(first);
      clearInterval(every);
      retention.stop();
      await running;
    },
  };
}
