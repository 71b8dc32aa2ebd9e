// Operation standards: every version of every service's steps. Versions are never changed or
// deleted once saved (jobs opened under them are judged by them); a new version is a new row.
import type { SopStep } from '@glassbay/protocol';
import type { Standard } from '../domain/wristband-sop.ts';
import type { Db } from '../store/db.ts';

interface VersionRow {
  id: number;
  service_code: string;
  version: number;
  effective_from: number;
  created_by: string;
  note: string | null;
}
interface StepRow {
  version_id: number;
  code: string;
  name_zh: string;
  name_en: string;
  min_minutes: number;
  standard_minutes: number;
  skippable: number;
  customer_zh: string | null;
  customer_en: string | null;
}

export interface StoredStandard extends Standard {
  createdBy: string;
  note: string | null;
}

export function createSopsRepository(db: Db) {
  const q = {
    versions: db.prepare<[], VersionRow>('SELECT * FROM sop_versions ORDER BY service_code, version'),
    steps: db.prepare<[], StepRow>('SELECT * FROM sop_steps ORDER BY version_id, position'),
    last: db.prepare<[string], { version: number }>(
      'SELECT COALESCE(MAX(version), 0) AS version FROM sop_versions WHERE service_code = ?',
    ),
    insertVersion: db.prepare<[string, number, number, string, string | null]>(
      'INSERT INTO sop_versions (service_code, version, effective_from, created_by, note) VALUES (?, ?, ?, ?, ?)',
    ),
    insertStep: db.prepare(
      `INSERT INTO sop_steps (version_id, position, code, name_zh, name_en, min_minutes, standard_minutes, skippable,
                              customer_zh, customer_en)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    serviceExists: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM services WHERE code = ?'),
  };

  const toStep = (r: StepRow): SopStep => ({
    code: r.code,
    name: { zh: r.name_zh, en: r.name_en },
    customerName: r.customer_zh !== null && r.customer_en !== null ? { zh: r.customer_zh, en: r.customer_en } : null,
    minMinutes: r.min_minutes,
    standardMinutes: r.standard_minutes,
    skippable: r.skippable === 1,
  });

  return {
    /** Every version of every standard, with its steps in order. */
    all(): StoredStandard[] {
      const steps = new Map<number, SopStep[]>();
      for (const r of q.steps.all()) {
        const list = steps.get(r.version_id) ?? [];
        list.push(toStep(r));
        steps.set(r.version_id, list);
      }
      return q.versions.all().map((v) => ({
        id: v.id,
        serviceCode: v.service_code,
        version: v.version,
        effectiveFrom: v.effective_from,
        createdBy: v.created_by,
        note: v.note,
        steps: steps.get(v.id) ?? [],
      }));
    },
    serviceExists: (code: string) => q.serviceExists.get(code)!.n > 0,
    /** Save the next version of a service's standard, in force from `now`. Call inside a transaction. */
    insert(serviceCode: string, steps: SopStep[], by: string, note: string | null, now: number): StoredStandard {
      const version = q.last.get(serviceCode)!.version + 1;
      const id = Number(q.insertVersion.run(serviceCode, version, now, by, note).lastInsertRowid);
      steps.forEach((s, i) =>
        q.insertStep.run(
          id,
          i + 1,
          s.code,
          s.name.zh,
          s.name.en,
          s.minMinutes,
          s.standardMinutes,
          s.skippable ? 1 : 0,
          s.customerName?.zh ?? null,
          s.customerName?.en ?? null,
        ),
      );
      const stored = steps.map((s) => ({ ...s, customerName: s.customerName ?? null }));
      return { id, serviceCode, version, effectiveFrom: now, createdBy: by, note, steps: stored };
    },
  };
}
export type SopsRepository = ReturnType<typeof createSopsRepository>;
