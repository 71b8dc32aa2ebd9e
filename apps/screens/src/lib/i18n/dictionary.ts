// The type of a screen's own dictionary, derived from its Chinese source the way the shared one is
// (lib/i18n/messages.ts): a text stays a string, a function keeps its parameters, a table of texts
// (stage names) keeps its keys. A missing or extra English message is a compile error.
import { i18n, type Language } from '../i18n.svelte.ts';

export type Dictionary<S> = {
  [K in keyof S]: S[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : S[K] extends string
      ? string
      : { [P in keyof S[K]]: string };
};

/** The dictionary of the current language: `const t = $derived(pick(dicts))` in a component. */
export const pick = <D>(dicts: Record<Language, D>): D => dicts[i18n.lang];
