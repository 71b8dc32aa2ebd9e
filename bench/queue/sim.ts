// Play simulated days against the hub's real queue services on a real SQLite file, on a simulated
// clock (the services take `now`): customers check in and are told a wait; advisors call the next
// ticket when their desk frees, take the customer's desk time, then serve (or mark a no-show). Each
// ticket's told wait is compared with the wait it actually had.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckInRequestSchema, type StaffUser, type WaitEstimate } from '@glassbay/protocol';
import { AppError, midpointMin, openRepositories, queueOnStore } from '@glassbay/hub';
import { planDay, rng, type Arrival } from './day.ts';

const MIN = 60_000;

export interface Outcome {
  /** When the customer checked in (simulated time). */
  arrivedAt: number;
  told: WaitEstimate;
  actualMin: number;
  booked: boolean;
  /** What a board that multiplies position by a fixed time would have said, minutes. */
  naiveMin: number;
}

type Event = { at: number; seq: number; run: () => void };

export function simulate(days: number, seed: number): { outcomes: Outcome[]; tickets: number } {
  const dir = mkdtempSync(join(tmpdir(), 'glassbay-bench-queue-'));
  const store = openRepositories(join(dir, 'queue.db'));
  try {
    const { queue, service, bookings, checkin } = queueOnStore(store.db);
    const advisors = new Map<string, StaffUser>();
    for (const id of ['desk-1', 'desk-2', 'desk-3']) {
      const userId = store.staff.insert(
        { username: `adv-${id}`, displayName: id, role: 'advisor', passwordHash: 'x' },
        0,
      );
      advisors.set(id, { id: userId, username: `adv-${id}`, displayName: id, role: 'advisor', active: true });
    }

    const outcomes: Outcome[] = [];
    const random = rng(seed + 17);
    let ticketsTotal = 0;
    for (let d = 0; d < days; d++) {
      const base = new Date(2025, 5, 2 + d).getTime();
      const day = planDay(base, seed * 1000 + d);
      const events: Event[] = [];
      let seq = 0;
      const at = (t: number, run: () => void) => events.push({ at: t, seq: seq++, run });
      const told = new Map<string, { w: WaitEstimate; naive: number; booked: boolean; arrival: Arrival }>();
      const staffed = new Map<string, boolean>();
      const busy = new Set<string>();

      const tryCall = (deskId: string, now: number) => {
        if (!staffed.get(deskId) || busy.has(deskId)) return;
        let r;
        try {
          r = service.callNext(deskId, advisors.get(deskId)!, now);
        } catch (err) {
          if (err instanceof AppError && err.code === 'QUEUE_EMPTY') return;
          throw err;
        }
        const t = r.ticket!;
        const k = told.get(t.id)!;
        outcomes.push({
          arrivedAt: t.createdAt,
          told: k.w,
          actualMin: (now - t.createdAt) / MIN,
          booked: k.booked,
          naiveMin: k.naive,
        });
        busy.add(deskId);
        const a = k.arrival;
        const done = Math.round(now + (a.noShow ? 2 * MIN : a.deskMs));
        at(done, () => {
          if (a.noShow) service.noShow(deskId, advisors.get(deskId)!, done);
          else service.serve(deskId, advisors.get(deskId)!, done);
          busy.delete(deskId);
          // The advisor files the papers and waves the next customer over.
          const next = Math.round(done + (0.3 + random() * 1.2) * MIN);
          at(next, () => tryCall(deskId, next));
        });
      };
      const callAll = (now: number) => {
        for (const id of advisors.keys()) tryCall(id, now);
      };

      for (const s of day.shifts) {
        at(s.from, () => {
          service.openDesk(s.id, advisors.get(s.id)!, s.from);
          staffed.set(s.id, true);
          tryCall(s.id, s.from);
        });
        // A shift ends once the customer at the desk is done (checked each minute).
        const leave = (t: number) => {
          if (busy.has(s.id)) return at(t + MIN, () => leave(t + MIN));
          staffed.set(s.id, false);
          service.closeDesk(s.id, advisors.get(s.id)!, t);
        };
        at(s.to, () => leave(s.to));
      }
      for (const a of day.arrivals) {
        let code: string | null = null;
        if (a.bookedAt !== null) {
          const made = bookings.create(
            {
              plate: { plate: a.plate, kind: 'cn-standard' },
              phone: '13800000000',
              bookedAt: a.bookedAt,
              categories: [a.need],
              services: [],
            },
            advisors.get('desk-1')!.id,
            day.open - 24 * 60 * MIN,
          );
          code = made.code;
        }
        at(a.at, () => {
          const req = CheckInRequestSchema.parse({
            attemptId: `sim_${d}_${Math.round(a.at)}_${ticketsTotal}`,
            lang: 'zh-CN',
            identity: code
              ? { by: 'booking', code }
              : { by: 'plate', plate: { mode: 'cn', text: a.plate }, phone: '13900000000' },
            mileageKm: 30000,
            categories: [a.need],
            services: [],
          });
          const receipt = checkin.checkIn(req, 'bench', a.at);
          const lane = queue.lanes().find((l) => l.id === receipt.ticket.laneId)!;
          told.set(receipt.ticket.id, {
            w: receipt.ticket.wait!,
            naive: (receipt.ticket.position ?? 0) * lane.deskMinutes,
            booked: code !== null,
            arrival: a,
          });
          ticketsTotal++;
          callAll(a.at);
        });
      }
      // Play the day in time order (a simple agenda: few hundred events a day).
      while (events.length) {
        events.sort((x, y) => x.at - y.at || x.seq - y.seq);
        events.shift()!.run();
      }
    }
    return { outcomes, tickets: ticketsTotal };
  } finally {
    store.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Absolute error of the told wait's middle against the actual wait, minutes; unknowns are left out. */
export const errorsOf = (outcomes: readonly Outcome[]) =>
  outcomes.flatMap((o) => {
    const mid = midpointMin(o.told);
    return mid === null ? [] : [Math.abs(o.actualMin - mid)];
  });

export const covered = (o: Outcome): boolean | null => {
  if (o.told.kind === 'unknown') return null;
  if (o.told.kind === 'now') return o.actualMin <= 5;
  return o.actualMin >= o.told.lowMin && o.actualMin <= o.told.highMin;
};
