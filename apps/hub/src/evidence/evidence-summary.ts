// The evidence pack's readable summary as plain data: a title and sections of table rows, in
// Chinese and English, or in English alone when the hub has no CJK font to print Chinese with.
// Pure (the clock's offset comes in); summary-worker.mjs lays it out as a PDF.
import type { EvidenceRecord } from '@glassbay/protocol';

export interface SummarySection {
  heading: string;
  columns: string[];
  /** Share of the page width of each column (they add up to 1). */
  widths: number[];
  rows: string[][];
  /** Said instead of an empty table. */
  empty: string;
}
export interface SummaryDoc {
  title: string;
  lines: string[];
  sections: SummarySection[];
  footer: string;
}

type L = { zh: string; en: string };
const STAGES: Record<string, L> = {
  'checked-in': { zh: '已登记', en: 'Checked in' },
  waiting: { zh: '等待', en: 'Waiting' },
  inspection: { zh: '检查', en: 'Inspection' },
  'awaiting-approval': { zh: '待确认', en: 'Awaiting approval' },
  'in-service': { zh: '施工中', en: 'In service' },
  'quality-check': { zh: '质检', en: 'Quality check' },
  washing: { zh: '清洗', en: 'Washing' },
  ready: { zh: '可取车', en: 'Ready' },
  delivered: { zh: '已交车', en: 'Delivered' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/** Latin-1 only: the PDF's built-in font has no other glyphs (the JSON keeps the exact text). */
const latin = (s: string) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

export function summaryDoc(r: EvidenceRecord, o: { cjk: boolean; tzOffsetMin: number }): SummaryDoc {
  const t = (l: L) => (o.cjk ? `${l.zh} ${l.en}` : l.en);
  const text = (s: string | null | undefined) => (s === null || s === undefined ? '—' : o.cjk ? s : latin(s));
  const time = (ms: number | null) =>
    ms === null ? '—' : new Date(ms + o.tzOffsetMin * 60_000).toISOString().slice(0, 16).replace('T', ' ');
  const clock = (ms: number | null) => (ms === null ? '—' : time(ms).slice(11));
  const min = (m: number | null) => (m === null ? '—' : m.toFixed(1));
  const name = (l: L) => (o.cjk ? l.zh : l.en);
  const arrow = o.cjk ? '→' : '->'; // the built-in font's encoding has no arrow
  const stepName = new Map(r.sops.flatMap((s) => s.steps.map((x) => [`${s.serviceCode}/${x.code}`, x.name])));
  const utc = `UTC${o.tzOffsetMin >= 0 ? '+' : '-'}${String(Math.floor(Math.abs(o.tzOffsetMin) / 60)).padStart(2, '0')}:${String(Math.abs(o.tzOffsetMin) % 60).padStart(2, '0')}`;

  return {
    title: t({ zh: '维修证据包', en: 'Job evidence pack' }) + ` · ${text(r.job.code)} · ${text(r.job.plate)}`,
    lines: [
      `${t({ zh: '车辆', en: 'Vehicle' })}: ${text(r.job.plate)} ${text(r.job.model ?? '')}${r.job.mileageKm === null ? '' : ` · ${r.job.mileageKm} km`}`,
      `${t({ zh: '项目', en: 'Services' })}: ${r.job.services.map((s) => name(s.name)).join(', ')}`,
      `${t({ zh: '工位 / 技师', en: 'Bay / technician' })}: ${text(r.job.bayId)} / ${text(r.job.technician)}`,
      `${t({ zh: '登记', en: 'Checked in' })}: ${time(r.job.createdAt)} · ${t({ zh: '承诺', en: 'Promised' })}: ${time(r.job.promisedAt)} · ${t({ zh: '状态', en: 'Stage' })}: ${t(STAGES[r.job.stage] ?? { zh: r.job.stage, en: r.job.stage })}`,
      ...(r.job.complaint ? [`${t({ zh: '客户描述', en: 'Complaint' })}: ${text(r.job.complaint)}`] : []),
      `${t({ zh: '评价', en: 'Rating' })}: ${r.rating ? `${'★'.repeat(r.rating.stars)}${'☆'.repeat(5 - r.rating.stars)} (${r.rating.stars}/5) ${text(r.rating.comment ?? '')}` : '—'}`,
      `${t({ zh: '视频', en: 'Clip' })}: ${r.clip.file ? `${r.clip.file} · ${(r.clip.durationMs / 1000).toFixed(0)} s · SHA-256 ${r.clip.sha256.slice(0, 16)}…` : text(r.clip.reason)}`,
    ].map((l) => (o.cjk ? l : l.replace(/[★☆]/g, ''))),
    sections: [
      {
        heading: t({ zh: '作业标准（SOP 版本）', en: 'Standards (SOP versions)' }),
        columns: [
          t({ zh: '项目', en: 'Service' }),
          t({ zh: '版本', en: 'Version' }),
          t({ zh: '生效', en: 'In force from' }),
          t({ zh: '步骤数', en: 'Steps' }),
        ],
        widths: [0.4, 0.15, 0.3, 0.15],
        rows: r.sops.map((s) => [
          name(r.job.services.find((x) => x.code === s.serviceCode)?.name ?? { zh: s.serviceCode, en: s.serviceCode }),
          `v${s.version}`,
          s.effectiveFrom === 0 ? t({ zh: '最初版本', en: 'from the start' }) : time(s.effectiveFrom),
          String(s.steps.length),
        ]),
        empty: t({ zh: '无标准', en: 'No standard applies' }),
      },
      {
        heading: t({ zh: '步骤用时与标准（分钟）', en: 'Steps against their standard (minutes)' }),
        columns: [
          t({ zh: '步骤', en: 'Step' }),
          t({ zh: '技师', en: 'Tech' }),
          t({ zh: '开始', en: 'Start' }),
          t({ zh: '用时', en: 'Took' }),
          t({ zh: '最短/标准', en: 'Min/std' }),
          t({ zh: '判定', en: 'Verdict' }),
        ],
        widths: [0.32, 0.14, 0.12, 0.1, 0.14, 0.18],
        rows: r.steps.map((s) => [
          name(stepName.get(`${s.serviceCode}/${s.stepCode}`) ?? { zh: s.stepCode, en: s.stepCode }),
          text(s.tech),
          clock(s.startedAt),
          min(s.minutes),
          `${min(s.minMinutes)} / ${min(s.standardMinutes)}`,
          s.verdict === 'ok' ? s.status : `${s.verdict} (${s.status})`,
        ]),
        empty: t({ zh: '没有手环记录的步骤', en: 'No step was recorded by a wristband' }),
      },
      {
        heading: t({ zh: '警报与处理', en: 'Alerts and decisions' }),
        columns: [
          t({ zh: '时间', en: 'When' }),
          t({ zh: '警报 / 处理', en: 'Alert / decision' }),
          t({ zh: '人员', en: 'By' }),
          t({ zh: '说明', en: 'Note' }),
        ],
        widths: [0.18, 0.27, 0.15, 0.4],
        rows: r.alerts.flatMap((a) => [
          [time(a.raisedAt), `${a.kind}${a.stepCode ? ` · ${a.stepCode}` : ''} ${arrow} ${a.state}`, text(a.tech), ''],
          ...a.decisions.map((d) => [time(d.at), `  ${d.kind}`, text(d.by), text(d.note)]),
        ]),
        empty: t({ zh: '无警报', en: 'No alert was raised' }),
      },
      {
        heading: t({ zh: '客户确认', en: 'Approvals' }),
        columns: [
          t({ zh: '内容', en: 'What' }),
          t({ zh: '金额', en: 'Price' }),
          t({ zh: '结果', en: 'Answer' }),
          t({ zh: '时间', en: 'When' }),
        ],
        widths: [0.4, 0.15, 0.2, 0.25],
        rows: r.approvals.map((a) => [
          text(a.description),
          `¥${(a.priceCents / 100).toFixed(2)}`,
          a.state,
          time(a.decidedAt ?? a.requestedAt),
        ]),
        empty: t({ zh: '无追加项目', en: 'Nothing was asked of the customer' }),
      },
      {
        heading: t({ zh: '进度时间线', en: 'Stage timeline' }),
        columns: [
          t({ zh: '时间', en: 'When' }),
          t({ zh: '阶段 / 事件', en: 'Stage / event' }),
          t({ zh: '人员', en: 'By' }),
          t({ zh: '备注', en: 'Note' }),
        ],
        widths: [0.18, 0.32, 0.2, 0.3],
        rows: r.timeline.map((e) => [
          time(e.at),
          e.event ?? t(STAGES[e.stage] ?? { zh: e.stage, en: e.stage }),
          text(e.by),
          text(e.note ?? ''),
        ]),
        empty: '—',
      },
    ],
    footer:
      `${t({ zh: '生成', en: 'Made' })} ${time(r.madeAt)} (${utc}) · ${text(r.madeBy)} · ${r.format}` +
      (o.cjk ? '' : ' · English only: no CJK font on this hub; evidence.json holds the exact text'),
  };
}
