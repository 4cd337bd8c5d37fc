/**
 * The lab's words: what it says, in every language at once.
 *
 *   said((m) => m.log.up(label, port, …))  ──▶  { en: '… is up on …', zh: '… 已在 … 上运行' }
 *        │                                            │
 *        └─ the log, the notice, an API error         └─ each page shows its own language
 *
 * One lab can have two pages open in two languages, so the lab does not pick one when it
 * speaks: it keeps both, and the page (or the API caller, by ?lang=) picks. The lab's own
 * language (--lang, CFS_LANG or the locale) is the default for a page that does not ask.
 */
import { isLanguage, type Language, language } from '@cluster-from-scratch/kit/language';
import en, { type LabMessages } from './messages/en.ts';
import zh from './messages/zh.ts';

export type { LabMessages };
export const CATALOGUES: Record<Language, LabMessages> = { en, zh };

/** One message in every language. */
export type Said = Record<Language, string>;

/** `pick` gets each catalogue, and its language for the words that live elsewhere (a mode's label). */
export function said(pick: (m: LabMessages, lang: Language) => string): Said {
  return { en: pick(en, 'en'), zh: pick(zh, 'zh') };
}

/** The language a request asks for with ?lang=en|zh; the lab's own otherwise. */
export function requestLanguage(url: URL): Language {
  const asked = url.searchParams.get('lang');
  return isLanguage(asked) ? asked : language();
}
