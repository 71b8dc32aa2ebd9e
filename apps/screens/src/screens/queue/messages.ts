// The queue board's words, Chinese first; the English dictionary is typed by it.
import type { Language } from '../../lib/i18n.svelte.ts';

const zh = {
  nowServing: '正在办理',
  desk: '服务台',
  idle: '空闲',
  closed: '未开放',
  lastCalled: '最近叫号',
  waiting: (n: number) => `${n} 位等候`,
  /** Said before the wait a new ticket would be told (the wait itself follows on its own line). */
  newWait: '现在取号约等',
  nobody: '无人等候',
  more: (n: number) => `还有 ${n} 位`,
  noDesk: '暂无服务台办理此业务',
  callText: (number: string, desk: number) => `${number}，请到${desk}号服务台`,
  recall: '再次叫号',
  soundOff: '点击开启叫号声音',
  booked: '预约',
  next: '下一位',
  howTo: '请在自助登记机取号，留意屏幕叫号',
} satisfies Record<string, string | ((...args: never[]) => string)>;

type Source = typeof zh;
export type QueueMessages = {
  [K in keyof Source]: Source[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};

const en: QueueMessages = {
  nowServing: 'Now serving',
  desk: 'Desk',
  idle: 'Free',
  closed: 'Closed',
  lastCalled: 'Last called',
  waiting: (n) => (n === 1 ? '1 waiting' : `${n} waiting`),
  newWait: 'New tickets wait about',
  nobody: 'Nobody waiting',
  more: (n) => `+${n} more`,
  noDesk: 'No desk open for this service yet',
  callText: (number, desk) => `${number}, please go to desk ${desk}`,
  recall: 'Calling again',
  soundOff: 'Tap to turn on call sounds',
  booked: 'Booked',
  next: 'Next',
  howTo: 'Take a ticket at the check-in kiosk and watch this screen',
};

export const queueMessages: Record<Language, QueueMessages> = { 'zh-CN': zh, en };
