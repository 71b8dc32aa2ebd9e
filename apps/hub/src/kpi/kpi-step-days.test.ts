// The per-day step counts (migration 0017) and ticket sums (0018) against the rows they count, on a
// real SQLite file: after seeding, after steps and tickets are written in each way the triggers
// follow, and after a recount at another offset. The dashboard reads only the per-day tables, so a
// wrong trigger would show managers wrong short-step rates, waits or no-shows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dayFromKey } from '../domain/kpi-time.ts';
import { openDb } from '../store/db.ts';
import { createKpiRepository } from './kpi.repository.ts';
import { seedShop } from './kpi.seed.ts';

const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'glassbay-step-days-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { db } = openDb(join(dir, 'glassbay.db'));
const repo = createKpiRepository(db);

/** Per day and technician, straight from step_timings (no counts involved), in the repo's shape. */
function truth(tzOffsetMin: number, from: number, to: number) {
  const off = tzOffsetMin * 60_000;
  const rows = db
    .prepare<[number, number], { ended_at: number; tech: string; verdict: string; job_id: number | null }>(
      `SELECT ended_at, tech, verdict, job_id FROM step_timings
       WHERE ended_at >= ? AND ended_at < ? AND verdict IN ('ok', 'short', 'overrun')`,
    )
    .all(from, to);
  const days = new Map<
    string,
    { at: number; key: string; n: number; short: number; overrun: number; jobs: Set<string> }
  >();
  for (const r of rows) {
    const at = Math.floor((r.ended_at + off) / DAY) * DAY - off;
    const k = `${at} ${r.tech}`;
    const d = days.get(k) ?? { at, key: r.tech, n: 0, short: 0, overrun: 0, jobs: new Set<string>() };
    d.n++;
    if (r.verdict === 'short') {
      d.short++;
      if (r.job_id !== null) d.jobs.add(String(r.job_id));
    }
    if (r.verdict === 'overrun') d.overrun++;
    days.set(k, d);
  }
  return [...days.values()]
    .map(({ jobs, ...d }) => ({ ...d, shortJobIds: [...jobs].sort() }))
    .sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
}
const counted = (tzOffsetMin: number, from: number, to: number) =>
  repo
    .stepTallies(from, to, 'technician', tzOffsetMin)
    .map((t) => ({ ...t, key: t.key!, shortJobIds: [...t.shortJobIds].sort() }))
    .sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));

describe('per-day step counts', () => {
  const tz = 480;
  const from = dayFromKey('2025-03-01', tz);
  const to = from + 10 * DAY;
  repo.countDays(tz);
  seedShop(db, {
    startDay: '2025-03-01',
    days: 10,
    tzOffsetMin: tz,
    bays: 4,
    ticketsPerDay: 25,
    jobsPerDay: 12,
    technicians: 4,
    cornerCutter: 'tech-02',
    cornerCutterFrom: 3,
    comebackShare: 0,
    servicesPerJob: [2, 3],
  });

  it('count what the step timings hold as they are written', () => {
    const want = truth(tz, from, to);
    expect(want.reduce((s, d) => s + d.short, 0)).toBeGreaterThan(0);
    expect(counted(tz, from, to)).toEqual(want);
  });

  it('follow a step rejudged, moved, inserted and deleted', () => {
    const step = db
      .prepare<[], { id: number }>("SELECT id FROM step_timings WHERE verdict = 'ok' ORDER BY id LIMIT 1")
      .get()!;
    db.prepare(`UPDATE step_timings SET verdict = 'short', tech = 'tech-09', ended_at = ended_at + ? WHERE id = ?`).run(
      2 * DAY,
      step.id,
    );
    db.prepare(
      `INSERT INTO step_timings (job_id, bay_id, tech, step_code, status, ended_at, verdict)
       SELECT job_id, bay_id, 'tech-10', step_code, 'done', ended_at, 'overrun' FROM step_timings WHERE id = ?`,
    ).run(step.id);
    db.prepare("DELETE FROM step_timings WHERE id = (SELECT max(id) FROM step_timings WHERE verdict = 'short')").run();
    db.prepare(
      "UPDATE step_timings SET verdict = 'unjudged' WHERE id = (SELECT min(id) FROM step_timings WHERE verdict = 'overrun')",
    ).run();
    const want = truth(tz, from, to);
    expect(want.some((d) => d.key === 'tech-09')).toBe(true);
    expect(counted(tz, from, to)).toEqual(want);
  });

  // The ticket sums read the same as the query over tickets and calls (asked from a moment past
  // midnight, the repository reads the tickets themselves).
  const sums = (tzOffsetMin: number, a: number, b: number) => {
    const by = (rows: ReturnType<typeof repo.ticketDays>) =>
      rows
        .filter((r) => r.noShow.n + r.wait.n + r.desk.n > 0)
        .map((r) => ({ ...r, wait: { ...r.wait, sumSqMin: Math.round(r.wait.sumSqMin * 1e6) / 1e6 } }));
    return { counted: by(repo.ticketDays(a, b, tzOffsetMin)), read: by(repo.ticketDays(a + 1, b, tzOffsetMin)) };
  };

  it("sum each day's tickets as the tickets and their calls say, through calls, closes and deletes", () => {
    let s = sums(tz, from, to);
    expect(s.counted.reduce((n, d) => n + d.wait.n, 0)).toBeGreaterThan(0);
    expect(s.counted).toEqual(s.read);
    const t = db
      .prepare<[], { id: number; created_at: number }>(
        "SELECT id, created_at FROM tickets WHERE status = 'served' AND appointment_id IS NULL ORDER BY id LIMIT 1",
      )
      .get()!;
    // A recall moves the last call (the desk time), a no-show closes another, a ticket goes.
    db.prepare("INSERT INTO queue_events (ticket_id, at, kind) VALUES (?, ?, 'recall')").run(
      t.id,
      t.created_at + 60_000,
    );
    db.prepare(
      "UPDATE tickets SET status = 'no-show' WHERE id = (SELECT max(id) FROM tickets WHERE status = 'served')",
    ).run();
    db.prepare("INSERT INTO queue_events (ticket_id, at, kind) VALUES (?, ?, 'call')").run(t.id + 1, t.created_at - 1);
    db.prepare('DELETE FROM tickets WHERE id = ?').run(t.id + 2);
    s = sums(tz, from, to);
    expect(s.counted).toEqual(s.read);
  });

  it('are recounted when the shop is in another offset, and never read at a mismatched one', () => {
    // Asked at another offset before the recount: the step timings are read, so still right.
    const nepal = 345;
    const a = dayFromKey('2025-03-02', nepal);
    expect(counted(nepal, a, a + 7 * DAY)).toEqual(truth(nepal, a, a + 7 * DAY));
    expect(repo.countDays(nepal)).toBe(true);
    expect(repo.countDays(nepal)).toBe(false);
    expect(counted(nepal, a, a + 7 * DAY)).toEqual(truth(nepal, a, a + 7 * DAY));
    const s = sums(nepal, a, a + 7 * DAY);
    expect(s.counted).toEqual(s.read);
  });
});
