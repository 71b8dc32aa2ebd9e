// Words of the lounge board, Chinese first; stage names come from lib/job-progress/messages.ts.
import type { Dictionary } from '../../lib/i18n/dictionary.ts';

const zh = {
  countActive: (n: number) => `在修 ${n} 台`,
  countReady: (n: number) => `可取车 ${n} 台`,
  page: (p: number, of: number) => `第 ${p} / ${of} 页`,
  none: '目前没有在修车辆',
  noneHint: '登记后，您的爱车会出现在这里',
  readyTitle: '您的爱车已可以取车',
  readyHint: '请凭票号到服务台办理交车',
  tapHint: '点击车辆，输入查看码看详情',
  soundOff: '点击开启提示音',
  enterCode: '请输入休息区查看码',
  enterCodeHint: '6 位数字，印在您的排队小票上，也显示在手机进度页',
  unlock: '查看',
  cancel: '取消',
  close: '关闭',
  clear: '清除',
  delete: '删除',
  codeWrong: '查看码不正确，请再试一次',
  codeLocked: '尝试次数过多，请稍后再试或咨询服务台',
  failed: '暂时无法查看，请稍后再试',
  services: '服务项目',
  timeline: '进度',
};

export type LoungeMessages = Dictionary<typeof zh>;

const en: LoungeMessages = {
  countActive: (n) => `${n} in the workshop`,
  countReady: (n) => `${n} ready`,
  page: (p, of) => `Page ${p} of ${of}`,
  none: 'No cars in the workshop right now',
  noneHint: 'Once checked in, your car appears here',
  readyTitle: 'Your car is ready for pickup',
  readyHint: 'Please bring your ticket to the service desk',
  tapHint: 'Tap your car and enter your lounge code',
  soundOff: 'Tap to turn the chime on',
  enterCode: 'Enter your lounge code',
  enterCodeHint: 'Six digits, printed on your queue ticket and shown on your phone',
  unlock: 'Show',
  cancel: 'Cancel',
  close: 'Close',
  clear: 'Clear',
  delete: 'Delete',
  codeWrong: 'That lounge code does not match; please try again',
  codeLocked: 'Too many tries; please try later or ask the service desk',
  failed: 'Not available right now; please try again shortly',
  services: 'Services',
  timeline: 'Progress',
};

export const loungeMessages = { 'zh-CN': zh as LoungeMessages, en };
