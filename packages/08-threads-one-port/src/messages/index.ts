/**
 * This process's catalogue, English or 简体中文, as kit/src/language.ts chose it (--lang,
 * CFS_LANG, the locale). Every file of this stage that narrates (serve.ts and the demo) reads its words from here.
 */
import { inLanguage } from '@cluster-from-scratch/kit/language';
import en from './en.ts';
import zh from './zh.ts';

export const m = inLanguage({ en, zh });
