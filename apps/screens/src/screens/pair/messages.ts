// The pairing page's words. The page shows both languages at once (an installer and a manager may
// read different ones); the language switch decides which comes first.
import type { Language } from '../../lib/i18n.svelte.ts';

const zh = {
  title: '配对此屏幕',
  codeLabel: '配对代码',
  instruction: '在员工控制台打开“屏幕”，输入此代码，为屏幕命名并选择用途。',
  validFor: (minutes: number) => `代码 ${minutes} 分钟内有效，过期后自动更换`,
  waiting: '等待员工确认…',
  reconnecting: '正在重新连接服务中心…',
  starting: '正在获取配对代码…',
  offline: '无法连接服务中心，正在重试…',
  unsupported: '此服务中心版本不支持屏幕配对，请更新服务中心。',
  paired: (name: string, role: string) => `已配对：${name} · ${role}`,
  opening: '正在打开屏幕…',
};

export type PairMessages = {
  [K in keyof typeof zh]: (typeof zh)[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};

const en: PairMessages = {
  title: 'Pair this screen',
  codeLabel: 'Pairing code',
  instruction: 'In the staff console, open Screens, enter this code, name the screen and choose what it shows.',
  validFor: (minutes) => `Valid for ${minutes} more min; a new code follows by itself`,
  waiting: 'Waiting for staff to approve…',
  reconnecting: 'Reconnecting to the service hub…',
  starting: 'Getting a pairing code…',
  offline: 'Cannot reach the service hub; trying again…',
  unsupported: 'This hub is too old to pair screens; update the hub.',
  paired: (name, role) => `Paired: ${name} · ${role}`,
  opening: 'Opening the screen…',
};

export const pairMessages: Record<Language, PairMessages> = { 'zh-CN': zh, en };
