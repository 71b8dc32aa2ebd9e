// Words of a job's step progress (lounge board and phone view), Chinese first. Kept apart from the
// stage words: a step line names the step in the shop's customer-facing words, nothing else.
import type { Dictionary } from '../i18n/dictionary.ts';
import { enDuration } from '../i18n/en.ts';
import { zhDuration } from '../i18n/zh-CN.ts';

const zh = {
  /** "第7/12步" */
  stepOf: (index: number, count: number) => `第${index}/${count}步`,
  next: '下一步',
  allDone: '各步骤已完成',
  /** The progress bar's accessible name. */
  progress: (percent: number) => `已完成 ${percent}%`,
  listTitle: '施工步骤',
  doneAt: (time: string) => `${time} 完成`,
  runningSince: (time: string) => `${time} 开始 · 进行中`,
  about: (minutes: number) => `约 ${zhDuration(minutes)}`,
  stateName: { done: '已完成', running: '进行中', pending: '未开始' },
};

export type StepMessages = Dictionary<typeof zh>;

const en: StepMessages = {
  stepOf: (index, count) => `Step ${index} of ${count}`,
  next: 'Next',
  allDone: 'All steps done',
  progress: (percent) => `${percent}% done`,
  listTitle: 'The work on your car',
  doneAt: (time) => `done ${time}`,
  runningSince: (time) => `in progress since ${time}`,
  about: (minutes) => `about ${enDuration(minutes)}`,
  stateName: { done: 'Done', running: 'In progress', pending: 'To do' },
};

export const stepMessages = { 'zh-CN': zh as StepMessages, en };
