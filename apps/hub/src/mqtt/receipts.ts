// Receipts [GB-3.5]: once a turn is committed, each device whose messages it stored (or found
// stored already) is told so on its own `stored` topic. With the embedded broker the PUBACK already
// means stored; with an external broker a PUBACK means only that the broker holds the message, and
// a broker crash loses what it acknowledged since its last save (hardware/mosquitto/README.md). A
// device that keeps each message until a receipt covers it, and resends the rest after a
// reconnect, loses nothing either way; the hub stores a resend once (seq, event id).
import { MAX_RECEIPT_IDS, type DeviceStored } from '@glassbay/protocol';
import type { Turn } from '../store/turn.ts';

/** What one stored message adds to its device's receipt. */
export type Stored = { seq: number } | { id: string };

export function createReceipts(turn: Turn, send: (deviceId: string, r: DeviceStored) => void) {
  /** This turn's receipts, by device; one per device per turn, however many messages it sent. */
  let batch: Map<string, { seq?: number; ids: string[] }> | null = null;
  /** The turn `batch` belongs to: a message handled while a turn's effects run is in the next one. */
  let batchTurn = -1;
  return {
    /** A message of this device is stored in this turn (or was already): tell it after COMMIT. */
    stored(deviceId: string, what: Stored): void {
      if (!batch || batchTurn !== turn.id()) {
        const due = (batch = new Map());
        batchTurn = turn.id();
        turn.atEnd((committed) => {
          if (batch === due) batch = null;
          // A rolled-back turn stored nothing: no receipt, and the devices resend.
          if (!committed) return;
          const ts = Date.now();
          for (const [deviceId, r] of due) {
            if (r.ids.length === 0) send(deviceId, { seq: r.seq!, ts });
            for (let i = 0; i < r.ids.length; i += MAX_RECEIPT_IDS) {
              const ids = r.ids.slice(i, i + MAX_RECEIPT_IDS);
              send(deviceId, i === 0 && r.seq !== undefined ? { seq: r.seq, ids, ts } : { ids, ts });
            }
          }
        });
      }
      let r = batch.get(deviceId);
      if (!r) batch.set(deviceId, (r = { ids: [] }));
      if ('seq' in what) r.seq = Math.max(r.seq ?? 0, what.seq);
      else r.ids.push(what.id);
    },
  };
}
export type Receipts = ReturnType<typeof createReceipts>;
