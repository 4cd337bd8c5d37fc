/**
 * Did a demo run well, in the language it was asked to speak? The demo runner (kit/bin/demos.ts)
 * records every line a demo printed and asks this module; it is pure, so it is tested on
 * recorded lines (kit/test/demo-verdict.test.ts).
 *
 *   lines + exit status + language ──▶ verdict: ok, or the reasons it is not
 *
 * A demo fails when
 *   - it did not end by itself in time, or exited with a code other than 0, or by a signal;
 *   - a value that was never filled in: `[object Object]` in any line (an object passed where
 *     text was wanted), or the word `undefined` in a narrated sentence (a catalogue key missing,
 *     a message given too few values). Data a demo prints may rightly say `undefined` (stage
 *     02's table of what survives serialization), so only narration is held to that;
 *   - asked for Chinese, fewer than half of its narrated sentences contain a Chinese character.
 *
 * What counts for the last check, and why it is not brittle:
 *   - only *narrated* lines, the ones a narrator prefixed with `[role pid]`: tables, curl
 *     output and raw values a demo prints are data, the same in both languages;
 *   - the prefix itself is not counted: `[主进程 4242]` is translated by the kit for every
 *     demo, translated or not, and would make any line look Chinese;
 *   - a narrated line with no letter at all (a bar of `█`, a row of numbers) is not a sentence
 *     and is left out;
 *   - half, not all: a line may rightly be all values and names (`request add(2, 3) → 5`), which
 *     stay as they are in both languages.
 * A stage whose demos have no Chinese catalogue yet (no messages/zh.ts under demos/ or src/)
 * gets the figures reported but not failed: it will be translated, and until then the runner
 * still proves its demos run and end.
 */
import type { Language } from './language.ts';

export interface DemoRun {
  lines: readonly string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The demo did not end within the runner's timeout and was stopped. */
  timedOut: boolean;
  timeoutSeconds: number;
  language: Language;
  /** The demo's stage has a Chinese catalogue: the Chinese check can fail it. */
  translated: boolean;
  /** Processes the demo left running (the runner ended them). */
  leftRunning?: readonly { pid: number; cmdline: string }[];
}

export interface DemoVerdict {
  ok: boolean;
  /** Narrated sentences, and how many of them contain Chinese. */
  narrated: number;
  inChinese: number;
  /** Why it failed; and, for a stage not yet translated, what would have failed it. */
  problems: string[];
  notes: string[];
}

/** `[primary 4242] text`, `[工作进程 2 4250] text`, `[host 127.0.1.1 primary 99] text`. */
const NARRATED = /^\s*\[[^[\]]+ \d+\]\s?(.*)$/;
const CHINESE = /[\u3400-\u9fff\uf900-\ufaff]/;
const LETTER = /[A-Za-z\u3400-\u9fff\uf900-\ufaff]/;
const UNFILLED_ANYWHERE = /\[object Object\]/;
const UNFILLED_IN_NARRATION = /\bundefined\b/;

/** The text of each narrated line, without its `[role pid]` prefix. */
export function narratedTexts(lines: readonly string[]): string[] {
  const texts: string[] = [];
  for (const line of lines) {
    const match = NARRATED.exec(line);
    if (match) texts.push(match[1] ?? '');
  }
  return texts;
}

export function hasChinese(text: string): boolean {
  return CHINESE.test(text);
}

export function judgeDemo(run: DemoRun, words: DemoVerdictWords): DemoVerdict {
  const problems: string[] = [];
  const notes: string[] = [];
  if (run.timedOut) problems.push(words.timedOut(run.timeoutSeconds));
  else if (run.code !== 0) problems.push(words.exitedWith(run.signal ?? `code ${run.code}`));
  const unfilled =
    run.lines.find((line) => UNFILLED_ANYWHERE.test(line)) ??
    run.lines.find((line) => NARRATED.test(line) && UNFILLED_IN_NARRATION.test(line));
  if (unfilled !== undefined) problems.push(words.printedUndefined(unfilled.trim()));
  for (const p of run.leftRunning ?? []) problems.push(words.leftRunning(p.pid, p.cmdline));

  const sentences = narratedTexts(run.lines).filter((text) => LETTER.test(text));
  const inChinese = sentences.filter(hasChinese).length;
  if (run.language === 'zh' && inChinese * 2 < sentences.length) {
    if (run.translated) problems.push(words.tooLittleChinese(inChinese, sentences.length));
    else notes.push(words.notYetTranslated(inChinese, sentences.length));
  }
  return { ok: problems.length === 0, narrated: sentences.length, inChinese, problems, notes };
}

/** The sentences a verdict is written in: the kit catalogue's `demos` section. */
export interface DemoVerdictWords {
  timedOut: (seconds: number) => string;
  exitedWith: (status: string) => string;
  printedUndefined: (line: string) => string;
  tooLittleChinese: (inChinese: number, narrated: number) => string;
  notYetTranslated: (inChinese: number, narrated: number) => string;
  leftRunning: (pid: number, cmdline: string) => string;
}
