// The message type every dictionary implements, derived from the Chinese source dictionary: a
// string stays a string, a function keeps its parameters and returns the translated text.
import type { zhCN } from './zh-CN.ts';

type Source = typeof zhCN;

export type Messages = {
  [K in keyof Source]: Source[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};
export type MessageKey = keyof Messages;
/** Keys whose message is plain text (route titles, labels), not a function of parameters. */
export type TextKey = { [K in MessageKey]: Messages[K] extends string ? K : never }[MessageKey];
