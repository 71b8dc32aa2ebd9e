// The pack's summary without a CJK font (English only, nothing unprintable), the PDF laid out on its
// worker thread with and without the font, and the retention sweep over a real directory.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EVIDENCE_FORMAT, type EvidenceRecord } from '@glassbay/protocol';
import { createLogger } from '../logger.ts';
import { summaryDoc } from './evidence-summary.ts';
import { createEvidenceService, findCjkFont, layOutSummary } from './evidence.service.ts';

const DAY = 86_400_000;
const record: EvidenceRecord = {
  format: EVIDENCE_FORMAT,
  madeAt: Date.UTC(2026, 11, 6, 2, 0),
  madeBy: '赵经理 (zhao.manager)',
  job: {
    id: '7',
    code: 'A012',
    plate: '粤B12345',
    model: null,
    mileageKm: 52000,
    services: [{ code: 'oil-change', name: { zh: '常规保养（机油机滤）', en: 'Oil and filter change' } }],
    complaint: '有异响',
    bayId: 'bay-1',
    technician: '李伟',
    stage: 'ready',
    createdAt: Date.UTC(2026, 11, 6, 1, 0),
    promisedAt: null,
    closedAt: null,
  },
  sops: [
    {
      serviceCode: 'oil-change',
      version: 2,
      effectiveFrom: 0,
      steps: [{ code: 'oil-drain', name: { zh: '放油', en: 'Drain the oil' }, minMinutes: 15, standardMinutes: 20 }],
    },
  ],
  steps: [
    {
      serviceCode: 'oil-change',
      stepCode: 'oil-drain',
      tech: '李伟',
      status: 'done',
      startedAt: Date.UTC(2026, 11, 6, 1, 10),
      endedAt: Date.UTC(2026, 11, 6, 1, 16),
      minutes: 6,
      minMinutes: 15,
      standardMinutes: 20,
      verdict: 'short',
    },
  ],
  alerts: [
    {
      id: '3',
      kind: 'short-operation',
      state: 'overridden',
      stepCode: 'oil-drain',
      tech: '李伟',
      raisedAt: Date.UTC(2026, 11, 6, 1, 16),
      closedAt: Date.UTC(2026, 11, 6, 1, 30),
      decisions: [{ kind: 'override', at: Date.UTC(2026, 11, 6, 1, 30), by: '赵经理', note: '已复查 checked again' }],
    },
  ],
  approvals: [],
  timeline: [{ at: Date.UTC(2026, 11, 6, 1, 0), stage: 'checked-in', event: null, by: '李顾问', note: null }],
  rating: { stars: 4, comment: '很快', at: null },
  clip: { file: null, reason: 'no repair clip: no recording of this job was found' },
};
const text = (d: ReturnType<typeof summaryDoc>) =>
  [
    d.title,
    ...d.lines,
    ...d.sections.flatMap((s) => [s.heading, ...s.columns, ...s.rows.flat(), s.empty]),
    d.footer,
  ].join('\n');

describe('the evidence summary', () => {
  it('is bilingual with a CJK font, in local time', () => {
    const t = text(summaryDoc(record, { cjk: true, tzOffsetMin: 480 }));
    expect(t).toContain('步骤用时与标准');
    expect(t).toContain('放油');
    expect(t).toContain('2026-12-06 09:10'.slice(11)); // 01:10 UTC is 09:10 in the shop
    expect(t).toContain('已复查 checked again');
  });

  it('is English only without one, and prints nothing the built-in font cannot', () => {
    const d = summaryDoc(record, { cjk: false, tzOffsetMin: 480 });
    const t = text(d);
    expect(t).toContain('Drain the oil');
    expect(t).toContain('?B12345');
    expect(t).toContain('? checked again');
    expect(t).toContain('evidence.json holds the exact text');
    // WinAnsi (Latin-1 plus a few marks such as the em dash and the ellipsis) only.
    expect(t.replace(/[—…]/g, '')).toMatch(/^[\x20-\x7e\xa0-\xff\n]*$/);
  });

  it('lays out as a PDF on a worker thread, embedding the CJK font when there is one', async () => {
    const plain = await layOutSummary(summaryDoc(record, { cjk: false, tzOffsetMin: 480 }), null);
    expect(plain.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(plain.toString('latin1')).toContain('/BaseFont /Helvetica');
    const font = await findCjkFont();
    // fonts-noto-cjk is installed here and in CI; elsewhere the first half is the whole test.
    if (font === null) return;
    const cjk = await layOutSummary(summaryDoc(record, { cjk: true, tzOffsetMin: 480 }), font);
    expect(cjk.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
  });
});

describe('evidence pack retention', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glassbay-evidence-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('deletes packs (and their sidecars) made longer ago than the keeping time, and keeps the rest', () => {
    const now = Date.UTC(2026, 11, 6);
    const old = now - 181 * DAY;
    const recent = now - 179 * DAY;
    for (const at of [old, recent]) {
      writeFileSync(join(dir, `job-1-${at}.zip`), 'zip');
      writeFileSync(join(dir, `job-1-${at}.json`), JSON.stringify({ madeBy: 'x', hasClip: false }));
    }
    const service = createEvidenceService({
      repo: { record: () => undefined },
      dir,
      clips: { state: () => null, idle: async () => {}, file: () => undefined },
      retainDays: 180,
      tzOffsetMin: 0,
      font: async () => null,
      log: createLogger('silent'),
    });
    expect(service.list('1').map((p) => p.madeAt)).toEqual([recent, old]);
    expect(service.sweep(now)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([`job-1-${recent}.json`, `job-1-${recent}.zip`]);
    expect(service.list('1')).toEqual([expect.objectContaining({ madeAt: recent, expiresAt: recent + 180 * DAY })]);
  });
});
