// What the hub knows of each band between events: who wears it (a new wearer is a handover, on
// record) and how far its clock is off (kept in memory and stored, so a restart starts from it).
// Only the step engine writes band rows, so they are read once and kept.
import { clockFromStatus, clockWithEvent, type BandClock } from '../domain/wristband-clock.ts';
import type { BandRecord, WristbandsRepository } from './wristbands.repository.ts';

export function createBandRegistry(wristbands: WristbandsRepository) {
  const rows = new Map<string, BandRecord | null>();

  const rowOf = (bandId: string): BandRecord | null => {
    if (!rows.has(bandId)) rows.set(bandId, wristbands.band(bandId) ?? null);
    return rows.get(bandId)!;
  };
  const clockOf = (row: BandRecord | null): BandClock | null =>
    row?.clockOffsetMs != null && row.clockSampledAt != null
      ? { offsetMs: row.clockOffsetMs, since: row.clockSampledAt }
      : null;
  const blank = (bandId: string): BandRecord => ({
    bandId,
    tech: null,
    techSince: null,
    clockOffsetMs: null,
    clockSampledAt: null,
  });
  const withClock = (row: BandRecord, c: BandClock): BandRecord => ({
    ...row,
    clockOffsetMs: c.offsetMs,
    clockSampledAt: c.since,
  });

  function save(before: BandRecord | null, after: BandRecord): void {
    if (before && JSON.stringify(before) === JSON.stringify(after)) return;
    wristbands.saveBand(after);
    rows.set(after.bandId, after);
  }

  return {
    /** The band's clock offset after this event's sample (receive − device time), not yet stored. */
    offsetWith(bandId: string, ts: number, receivedAt: number): number {
      return clockWithEvent(clockOf(rowOf(bandId)), ts, receivedAt).offsetMs;
    },

    /** A band came online and said its time: its clock is measured again from this sample. */
    status(bandId: string, ts: number, receivedAt: number): void {
      const before = rowOf(bandId);
      save(before, withClock(before ?? blank(bandId), clockFromStatus(ts, receivedAt)));
    },

    /**
     * An event from the band, inside its transaction: the clock sample is kept, and `tech` wears the
     * band from `at` on, unless the event is older than the current wearer's first (a backlog of the
     * previous wearer) [GB-3.2.4].
     */
    event(bandId: string, ev: { tech: string; ts: number }, at: number, receivedAt: number): void {
      const before = rowOf(bandId);
      let after = withClock(before ?? blank(bandId), clockWithEvent(clockOf(before), ev.ts, receivedAt));
      if (after.tech !== ev.tech && (after.techSince === null || at >= after.techSince)) {
        if (after.tech !== null) wristbands.recordHandover(bandId, after.tech, ev.tech, receivedAt);
        after = { ...after, tech: ev.tech, techSince: at };
      }
      save(before, after);
    },

    /** Forget what is cached (the transaction that wrote it rolled back). */
    forget(bandId: string): void {
      rows.delete(bandId);
    },
  };
}
export type BandRegistry = ReturnType<typeof createBandRegistry>;
