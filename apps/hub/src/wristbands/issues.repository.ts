// Wristbands issued to technicians for a shift [GB-3.2.4]: the one source of who a band's events
// belong to. An issuance covers [issued_at, min(ends_at, returned_at)).
import type { BandIssueView } from '@glassbay/protocol';
import type { Db } from '../store/db.ts';

interface IssueRow {
  id: number;
  band_id: string;
  tech: string;
  issued_at: number;
  ends_at: number;
  returned_at: number | null;
  issued_by: string;
}

const toView = (r: IssueRow): BandIssueView => ({
  id: String(r.id),
  bandId: r.band_id,
  tech: r.tech,
  issuedAt: r.issued_at,
  endsAt: r.ends_at,
  returnedAt: r.returned_at,
  issuedBy: r.issued_by,
});

export function createIssuesRepository(db: Db) {
  const q = {
    // The newest issuance that had begun by `at` and had not ended: issuances of a band never overlap
    // (a new one ends the one in force), so at most one matches.
    at: db.prepare<{ bandId: string; at: number }, IssueRow>(
      `SELECT * FROM wristband_issues WHERE band_id = @bandId AND issued_at <= @at
         AND @at < MIN(ends_at, COALESCE(returned_at, ends_at)) ORDER BY issued_at DESC LIMIT 1`,
    ),
    last: db.prepare<[string], IssueRow>(
      'SELECT * FROM wristband_issues WHERE band_id = ? ORDER BY issued_at DESC, id DESC LIMIT 1',
    ),
    insert: db.prepare(
      `INSERT INTO wristband_issues (band_id, tech, issued_at, ends_at, issued_by)
       VALUES (@bandId, @tech, @issuedAt, @endsAt, @issuedBy)`,
    ),
    end: db.prepare<[number, number]>('UPDATE wristband_issues SET returned_at = ? WHERE id = ?'),
    byId: db.prepare<[number], IssueRow>('SELECT * FROM wristband_issues WHERE id = ?'),
  };
  return {
    /** The issuance in force at `at` (hub time), if any. */
    at(bandId: string, at: number): BandIssueView | undefined {
      const r = q.at.get({ bandId, at });
      return r && toView(r);
    },
    /** The band's most recent issuance, in force or not. */
    last(bandId: string): BandIssueView | undefined {
      const r = q.last.get(bandId);
      return r && toView(r);
    },
    insert(i: { bandId: string; tech: string; issuedAt: number; endsAt: number; issuedBy: string }): BandIssueView {
      const id = Number(q.insert.run(i).lastInsertRowid);
      return toView(q.byId.get(id)!);
    },
    /** End an issuance at `at` (returned, or handed to someone else). */
    end: (id: string, at: number) => void q.end.run(at, Number(id)),
  };
}
export type IssuesRepository = ReturnType<typeof createIssuesRepository>;
