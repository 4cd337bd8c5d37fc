/**
 * Which language the tour, the demos, the workshop and the lab speak: English or 简体中文.
 *
 *   --lang zh | --lang=zh     asked on the command line (wins)
 *   CFS_LANG=zh               set by a parent (the tour, a demo) so every child narrates alike
 *   LC_ALL, LC_MESSAGES, LANG the locale, as a shell sets it: zh_CN.UTF-8 → zh
 *   otherwise                 en
 *
 * Each component keeps its words in a catalogue per language, `messages/en.ts` beside
 * `messages/zh.ts`; the Chinese one is typed as the English one's shape, and
 * kit/test/message-catalogues.test.ts checks every key exists in both.
 */
export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/** The value of `--lang`, if the arguments have one (both `--lang zh` and `--lang=zh`). */
export function languageArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--lang') return argv[i + 1] ?? '';
    if (arg.startsWith('--lang=')) return arg.slice('--lang='.length);
  }
  return undefined;
}

/** The language a locale string names: 'zh_CN.UTF-8', 'zh-Hans', 'zh' → zh; anything else → en. */
export function languageOfLocale(locale: string | undefined): Language | undefined {
  if (!locale || locale === 'C' || locale === 'POSIX') return undefined;
  return /^zh([_\-.@]|$)/i.test(locale) ? 'zh' : 'en';
}

/**
 * Picks the language from the arguments, then CFS_LANG, then the locale. A `--lang` that is
 * neither en nor zh is an error with the choices, not a silent fallback.
 */
export function chooseLanguage(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Language {
  const asked = languageArgument(argv);
  if (asked !== undefined) {
    if (isLanguage(asked)) return asked;
    throw new Error(`--lang ${asked || '(empty)'}: choose one of ${LANGUAGES.join(', ')}`);
  }
  if (isLanguage(env.CFS_LANG)) return env.CFS_LANG;
  // The first locale variable that is set decides, as in setlocale(3).
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const language = languageOfLocale(env[name]);
    if (language) return language;
  }
  return 'en';
}

/**
 * The language of this process, chosen once. It is also written to CFS_LANG so that the
 * processes this one starts (workers, children of a demo) narrate in the same language.
 */
let chosen: Language | undefined;
export function language(): Language {
  if (!chosen) {
    chosen = chooseLanguage();
    process.env.CFS_LANG = chosen;
  }
  return chosen;
}

/**
 * language() for a command-line program: a `--lang` it does not know ends the program with the
 * reason and exit code 2, instead of a stack trace.
 */
export function languageOrExit(): Language {
  try {
    return language();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}

/** The arguments without `--lang` and its value, for programs that parse the rest themselves. */
export function withoutLanguageArgument(argv: readonly string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--lang') {
      i++;
      continue;
    }
    if (arg.startsWith('--lang=')) continue;
    rest.push(arg);
  }
  return rest;
}

/** Picks this process's catalogue from a pair: `const m = inLanguage({ en, zh })`. */
export function inLanguage<T>(catalogues: Record<Language, T>, lang: Language = language()): T {
  return catalogues[lang];
}

/**
 * How many terminal columns a text takes: a Chinese character (and a full-width sign such as
 * '：') takes two. For lining up columns that may hold either language.
 */
export function terminalColumns(text: string): number {
  return [...text].reduce(
    (n, c) => n + (/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(c) ? 2 : 1),
    0,
  );
}
