// The desk section's words (staff console), Chinese first; English typed by it.
import type { Language } from '../../../lib/i18n.svelte.ts';

const zh = {
  title: '服务台叫号',
  pickDesk: '请选择您所在的服务台',
  take: '在此服务台办理',
  heldBy: (name: string) => `${name} 使用中`,
  free: '空闲',
  leave: '离开服务台',
  lanes: '办理业务',
  atDesk: '当前客户',
  nobody: '服务台空闲，请叫下一位',
  callNext: '叫下一位',
  recall: '重新叫号',
  noShow: '过号（未到）',
  transfer: '转到其他业务',
  transferTo: '转到',
  serve: '接待并开工单',
  served: (job: string) => `已开工单 ${job}`,
  waiting: '等候中',
  call: '叫号',
  empty: '没有客户在等候',
  waited: (min: number) => `已等 ${min} 分钟`,
  plate: '车牌',
  phone: '手机',
  mileage: '里程',
  services: '服务',
  complaint: '问题',
  booked: (time: string) => `预约 ${time}`,
  verified: '已验证老客户',
  lowerMileage: (last: string) => `低于上次记录 ${last}，请核对仪表`,
  recalls: (n: number) => `已重叫 ${n} 次`,
  calledAt: (time: string) => `${time} 叫号`,
  notSure: '不确定',
  working: '处理中…',
} satisfies Record<string, string | ((...args: never[]) => string)>;

type Source = typeof zh;
export type DeskMessages = {
  [K in keyof Source]: Source[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};

const en: DeskMessages = {
  title: 'Desk & queue',
  pickDesk: 'Which desk are you at?',
  take: 'Work at this desk',
  heldBy: (name) => `In use by ${name}`,
  free: 'Free',
  leave: 'Leave desk',
  lanes: 'Serves',
  atDesk: 'At the desk',
  nobody: 'Nobody at the desk: call the next customer',
  callNext: 'Call next',
  recall: 'Call again',
  noShow: 'No-show',
  transfer: 'Transfer',
  transferTo: 'Transfer to',
  serve: 'Serve and open a job',
  served: (job) => `Job ${job} opened`,
  waiting: 'Waiting',
  call: 'Call',
  empty: 'Nobody is waiting',
  waited: (min) => `waited ${min} min`,
  plate: 'Plate',
  phone: 'Mobile',
  mileage: 'Mileage',
  services: 'Services',
  complaint: 'Problem',
  booked: (time) => `Booked ${time}`,
  verified: 'Proven returning customer',
  lowerMileage: (last) => `Below the last reading (${last}): check the odometer`,
  recalls: (n) => `called again ${n}×`,
  calledAt: (time) => `called ${time}`,
  notSure: 'not sure',
  working: 'Working…',
};

export const deskMessages: Record<Language, DeskMessages> = { 'zh-CN': zh, en };
