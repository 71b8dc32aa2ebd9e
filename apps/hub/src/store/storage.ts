// Storage health: the hub watches the free space of its data filesystem and the fate of its
// commits. Below the reserve, or after a commit failed, it is degraded: it says so (/healthz, the
// console), refuses device messages it could not store instead of acknowledging them, and keeps
// serving what it has. It recovers by itself: when space is back above the reserve and a probe
// write commits, it accepts again. Recordings yield space first (media keeps GLASSBAY_MEDIA_MIN_FREE_MB
// free, well above this reserve), so the database is the last to feel a full disk.
import { statfsSync } from 'node:fs';
import type { Logger } from '../logger.ts';
import type { Db } from './db.ts';

export type StorageReason = 'disk_low' | 'write_failed';

const isContention = (err: unknown): boolean =>
  /^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: unknown })?.code ?? ''));
export interface StorageStatus {
  ok: boolean;
  reason: StorageReason | null;
  /** Free bytes on the data filesystem at the last look (null: could not be read). */
  freeBytes: number | null;
  reserveBytes: number;
  /** Since when the current state holds, epoch ms. */
  since: number;
  /** The last storage error, in SQLite's words. */
  detail: string | null;
}

export type FreeBytes = (dir: string) => number | null;
const statfsFree: FreeBytes = (dir) => {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
};

export function createStorageHealth(deps: {
  db: Db;
  dataDir: string;
  reserveBytes: number;
  log: Logger;
  /** How often space is looked at and a failed store is probed, ms. */
  checkMs?: number;
  freeBytes?: FreeBytes;
}) {
  const listeners: ((s: StorageStatus) => void)[] = [];
  const { db, dataDir, reserveBytes, log } = deps;
  const free = deps.freeBytes ?? statfsFree;
  const probe = db.prepare(
    "INSERT INTO meta (key, value) VALUES ('storage_probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  let status: StorageStatus = {
    ok: true,
    reason: null,
    freeBytes: free(dataDir),
    reserveBytes,
    since: Date.now(),
    detail: null,
  };
  let writeFailed = false;

  const set = (next: Omit<StorageStatus, 'since' | 'reserveBytes'>) => {
    const changed = next.ok !== status.ok || next.reason !== status.reason;
    status = { ...next, reserveBytes, since: changed ? Date.now() : status.since };
    if (!changed) return;
    if (status.ok) log.warn({ freeBytes: status.freeBytes }, 'storage is back: the hub accepts device messages again');
    else
      log.error(
        { reason: status.reason, freeBytes: status.freeBytes, reserveBytes, detail: status.detail },
        'storage degraded: the hub refuses device messages it cannot store',
      );
    for (const listen of listeners) listen(status);
  };

  /** A write that failed clears only when a probe write commits (the file takes writes again). */
  const probeWrite = (): boolean => {
    if (db.inTransaction) return false;
    try {
      db.transaction(() => probe.run(String(Date.now())))();
      return true;
    } catch (err) {
      status = { ...status, detail: (err as Error).message };
      return false;
    }
  };

  const check = () => {
    const bytes = free(dataDir);
    if (writeFailed && bytes !== null && bytes >= reserveBytes && probeWrite()) writeFailed = false;
    const low = bytes !== null && bytes < reserveBytes;
    const reason: StorageReason | null = writeFailed ? 'write_failed' : low ? 'disk_low' : null;
    set({ ok: reason === null, reason, freeBytes: bytes, detail: reason ? status.detail : null });
  };
  const timer = setInterval(check, deps.checkMs ?? 2000);
  timer.unref();
  check();

  return {
    status: (): StorageStatus => status,
    /** Whether the hub should take a device message now (ingest asks for every message). */
    accepting(): { ok: true } | { ok: false; reason: string } {
      return status.ok ? { ok: true } : { ok: false, reason: `storage ${status.reason}` };
    },
    /**
     * A commit or a write failed on storage: degraded until a probe write commits. A lock held by
     * another connection (the installer's CLI, a checkpoint) is contention, not a storage fault: that
     * write is refused and retried by its sender, and the hub stays accepting.
     */
    writeFailed(err: unknown): void {
      if (isContention(err)) return;
      writeFailed = true;
      set({ ok: false, reason: 'write_failed', freeBytes: status.freeBytes, detail: (err as Error)?.message ?? null });
    },
    check,
    /** Told on every change of state (the console's notice). */
    onChange: (listen: (s: StorageStatus) => void) => void listeners.push(listen),
    stop: () => clearInterval(timer),
  };
}
export type StorageHealth = ReturnType<typeof createStorageHealth>;
