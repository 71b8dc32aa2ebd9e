// Which language a screen starts in: `?lang=` in the URL (set by the installer or a test), then the
// last choice made on this device, then Chinese.

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
export const LANGUAGE_PARAM = 'lang';

/** Accepts what people type in a URL: zh, zh-CN, zh_cn, cn, en, en-US… */
export function parseLanguage(value: string | null | undefined): Language | null {
  const v = value?.trim().toLowerCase().replace('_', '-');
  if (!v) return null;
  if (v === 'zh' || v === 'cn' || v.startsWith('zh-')) return 'zh-CN';
  if (v === 'en' || v.startsWith('en-')) return 'en';
  return null;
}

export function chooseLanguage(search: string, stored: string | null): Language {
  return parseLanguage(new URLSearchParams(search).get(LANGUAGE_PARAM)) ?? parseLanguage(stored) ?? DEFAULT_LANGUAGE;
}

/** How a language is written in `?lang=`. */
export const languageParamValue = (lang: Language): string => (lang === 'zh-CN' ? 'zh' : 'en');

/** The same URL with `?lang=` following a choice made on screen, so a reload keeps it. */
export function withLanguage(href: string, lang: Language): string {
  const url = new URL(href);
  if (!url.searchParams.has(LANGUAGE_PARAM)) return href;
  url.searchParams.set(LANGUAGE_PARAM, languageParamValue(lang));
  return url.toString();
}
