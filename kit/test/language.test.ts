/** How a program picks English or 简体中文 (kit/src/language.ts). */
import { describe, expect, it } from 'vitest';
import { chooseLanguage, languageOfLocale, withoutLanguageArgument } from '../src/language.ts';

describe('language choice', () => {
  it('takes --lang first, then CFS_LANG, then the locale, else English', () => {
    expect(chooseLanguage(['--lang', 'zh'], { LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(chooseLanguage(['--lang=en'], { CFS_LANG: 'zh' })).toBe('en');
    expect(chooseLanguage([], { CFS_LANG: 'zh', LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(chooseLanguage([], { LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(chooseLanguage([], { LC_ALL: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(chooseLanguage([], { LC_ALL: 'C', LANG: 'zh_TW.UTF-8' })).toBe('zh');
    expect(chooseLanguage([], {})).toBe('en');
  });

  it('refuses a language it does not have, naming the choices', () => {
    expect(() => chooseLanguage(['--lang', 'fr'], {})).toThrow('--lang fr: choose one of en, zh');
  });

  it('reads locales the way a shell writes them', () => {
    expect(languageOfLocale('zh_CN.UTF-8')).toBe('zh');
    expect(languageOfLocale('zh-Hans')).toBe('zh');
    expect(languageOfLocale('zhx')).toBe('en');
    expect(languageOfLocale('POSIX')).toBeUndefined();
  });

  it('hands the rest of the arguments on without --lang', () => {
    expect(withoutLanguageArgument(['3', '--lang', 'zh', '--serve'])).toEqual(['3', '--serve']);
    expect(withoutLanguageArgument(['--lang=zh', '3'])).toEqual(['3']);
  });
});
