// The one error of a call to the hub: the HTTP status, the hub's stable code, and the hub's own
// English sentence. What a person reads comes from `text(lang)`: a sentence for that code in the
// screen's language (error-messages.ts), else a generic one that still names the code.
import type { Language } from '../i18n.svelte.ts';
import { hubErrorMessages, type ErrorSentence } from './error-messages.ts';

/** No answer came (network, time limit, or a proxy in front of a hub that is down). */
export const HUB_UNREACHABLE = 'HUB_UNREACHABLE';

/** Sentences a screen words its own way for its context, by code: they win over the shared table. */
export type ErrorWording = Partial<Record<string, ErrorSentence>>;

export class HubError extends Error {
  constructor(
    /** 0 when no answer came. */
    readonly status: number,
    readonly code: string,
    /** The hub's own sentence (English), kept for the log and where it is more specific. */
    readonly hubMessage: string,
  ) {
    super(`${code}: ${hubMessage}`);
    this.name = 'HubError';
  }

  get unreachable(): boolean {
    return this.code === HUB_UNREACHABLE;
  }

  /** What to tell a person, in their language. */
  text(lang: Language, wording: ErrorWording = {}): string {
    const s = wording[this.code] ?? hubErrorMessages[this.code];
    if (!s) return genericText(lang, this.code);
    if (lang === 'zh-CN') return s.zh;
    // No English wording of our own: the hub's sentence is written for a person and names specifics.
    return s.en ?? (this.hubMessage || genericText(lang, this.code));
  }
}

function genericText(lang: Language, code: string): string {
  return lang === 'zh-CN'
    ? `操作未能完成，请稍后再试；如仍不行，请联系管理员（代码 ${code}）。`
    : `That did not work. Try again in a moment; if it keeps failing, tell the manager (code ${code}).`;
}

/** Any thrown value as a sentence: a HubError in the screen's language, anything else as `fallback`. */
export function errorText(err: unknown, lang: Language, fallback: string, wording?: ErrorWording): string {
  return err instanceof HubError ? err.text(lang, wording) : fallback;
}

/** The hub's code of a thrown value, or '' when it is not a refusal by the hub. */
export const errorCode = (err: unknown): string => (err instanceof HubError ? err.code : '');
