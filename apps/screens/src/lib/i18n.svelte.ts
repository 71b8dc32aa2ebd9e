// The screen's language as shared reactive state: `i18n.t` is the current dictionary, so a component
// that reads `i18n.t.bayFree` re-renders when the language changes. Typed keys: a missing or unknown
// message is a compile error (see i18n/messages.ts).
import { en } from './i18n/en.ts';
import { chooseLanguage, withLanguage, type Language } from './i18n/language.ts';
import type { Messages } from './i18n/messages.ts';
import { zhCN } from './i18n/zh-CN.ts';

export type { Language } from './i18n/language.ts';
export type { MessageKey, Messages, TextKey } from './i18n/messages.ts';

/** A name the hub keeps in both languages: a service, a lane, a step, a desk. */
export interface Bilingual {
  zh: string;
  en: string;
}

const STORAGE_KEY = 'glassbay.lang';
const dictionaries: Record<Language, Messages> = { 'zh-CN': zhCN, en };

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (private mode, locked-down kiosk profile): fall back to the default.
    return null;
  }
}

class I18n {
  lang = $state<Language>(chooseLanguage(location.search, storedLanguage()));
  readonly t: Messages = $derived(dictionaries[this.lang]);

  /** Switch language on this device and remember it. */
  set(lang: Language): void {
    this.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Not remembered across reloads; the switch still works for this session.
    }
    const href = withLanguage(location.href, lang);
    if (href !== location.href) history.replaceState(history.state, '', href);
  }

  /** A bilingual name in the screen's language; a plain string (an older record) as it is. */
  name(n: Bilingual | string): string {
    return typeof n === 'string' ? n : this.lang === 'en' ? n.en : n.zh;
  }

  readonly #timeFormat = $derived(
    new Intl.DateTimeFormat(this.lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  );
  readonly #dateFormat = $derived(
    new Intl.DateTimeFormat(this.lang, { weekday: 'short', month: 'short', day: 'numeric' }),
  );

  /** 14:05 in both languages (24-hour, as a workshop reads time). */
  time(epochMs: number): string {
    return this.#timeFormat.format(epochMs);
  }

  /** 11月23日周日 / Sun, Nov 23 */
  date(epochMs: number): string {
    return this.#dateFormat.format(epochMs);
  }
}

export const i18n = new I18n();
