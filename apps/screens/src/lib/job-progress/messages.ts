// Words of the job progress shown to customers (lounge board and phone view), Chinese first.
import type { JobStage } from '@glassbay/protocol';
import type { Dictionary } from '../i18n/dictionary.ts';
import { enDuration } from '../i18n/en.ts';
import { zhDuration } from '../i18n/zh-CN.ts';

const zh = {
  stage: {
    'checked-in': '已登记',
    waiting: '等待工位',
    inspection: '检查中',
    'awaiting-approval': '等待客户确认',
    'in-service': '维修保养中',
    'quality-check': '质检中',
    washing: '洗车中',
    ready: '可以取车',
    delivered: '已交车',
    cancelled: '已取消',
  } satisfies Record<JobStage, string>,
  /** Short names under the steps of the track. */
  step: {
    'checked-in': '登记',
    waiting: '等待',
    inspection: '检查',
    'awaiting-approval': '确认',
    'in-service': '施工',
    'quality-check': '质检',
    washing: '洗车',
    ready: '取车',
    delivered: '交车',
    cancelled: '取消',
  } satisfies Record<JobStage, string>,
  eta: (time: string) => `预计 ${time} 完成`,
  /** The ETA's range (#17): about eight cars in ten are ready within it. */
  etaRange: (from: string, to: string) => `预计 ${from}–${to}`,
  /** The car stands on its bay with no step running and nobody said why. */
  idle: '暂停施工',
  etaLabel: '预计完成',
  readyAt: (time: string) => `${time} 已完工`,
  bay: '工位',
  noBayYet: '待分配工位',
  inStageFor: (minutes: number) => (minutes < 1 ? '刚刚开始' : `已 ${zhDuration(minutes)}`),
  ticket: '票号',
};

export type ProgressMessages = Dictionary<typeof zh>;

const en: ProgressMessages = {
  stage: {
    'checked-in': 'Checked in',
    waiting: 'Waiting for a bay',
    inspection: 'Inspection',
    'awaiting-approval': 'Awaiting approval',
    'in-service': 'In service',
    'quality-check': 'Quality check',
    washing: 'Washing',
    ready: 'Ready for pickup',
    delivered: 'Delivered',
    cancelled: 'Cancelled',
  },
  step: {
    'checked-in': 'In',
    waiting: 'Wait',
    inspection: 'Inspect',
    'awaiting-approval': 'Approve',
    'in-service': 'Service',
    'quality-check': 'Check',
    washing: 'Wash',
    ready: 'Ready',
    delivered: 'Out',
    cancelled: 'Off',
  },
  eta: (time) => `ETA ${time}`,
  etaRange: (from, to) => `Ready ${from}–${to}`,
  idle: 'Paused',
  etaLabel: 'Ready around',
  readyAt: (time) => `Done at ${time}`,
  bay: 'Bay',
  // Short: beside a ready-time range on a lounge card a third of a 1366-wide TV.
  noBayYet: 'No bay',
  inStageFor: (minutes) => (minutes < 1 ? 'just started' : `for ${enDuration(minutes)}`),
  ticket: 'Ticket',
};

export const progressMessages = { 'zh-CN': zh as ProgressMessages, en };
