/**
 * `npm run demos`: every demo that ends by itself, one after another, then a summary.
 *
 *   npm run demos                          all stages, in the language of the locale (or CFS_LANG)
 *   npm run demos -- --lang zh             all stages in 简体中文
 *   npm run demos -- --stage 1 --stage 2   only those stages (also --stage 1,2 or 01-spawn-exec)
 *   npm run demos -- --timeout 300         seconds a demo may take before it is stopped (default 240)
 *   npm run demos -- --quiet               only the summary, not the demos' own lines
 *
 * Each stage's main demo (kit/src/stages.ts `stageDemo`) and the extra demos it lists
 * (`extraDemos`, with their arguments) run in a process group of their own through the kit's
 * ProcessHarness, in the chosen language (CFS_LANG). After each one, whatever it left running is
 * ended; on Ctrl-C or an error, every process of every demo is ended before the runner exits.
 *
 * The summary has one row per demo: language, exit, seconds, lines printed, narrated sentences,
 * how many of those are in Chinese, and the verdict (kit/src/demo-verdict.ts says what fails a
 * demo: a non-zero exit, `undefined` or `[object Object]` in a line, and in Chinese, fewer than
 * half of the narrated sentences in Chinese, for stages that have a messages/zh.ts). Exit code
 * 1 when a demo failed, 2 for bad arguments.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { judgeDemo } from '../src/demo-verdict.ts';
import { type ManagedChild, ProcessHarness } from '../src/harness.ts';
import { inLanguage, languageOrExit, withoutLanguageArgument } from '../src/language.ts';
import en from '../src/messages/en.ts';
import zh from '../src/messages/zh.ts';
import { readCmdline } from '../src/platform.ts';
import {
  findStage,
  isBuilt,
  type Stage,
  stageDemos,
  stageDir,
  stages,
  validStageNames,
} from '../src/stages.ts';
import { pollUntil, withTimeout } from '../src/timeout.ts';

const lang = languageOrExit();
const m = inLanguage({ en, zh }, lang).demos;

function usageError(message: string): never {
  console.error(`${message}\n${m.usage}`);
  process.exit(2);
}

let options: { stage?: string[]; timeout?: string; quiet?: boolean };
try {
  options = parseArgs({
    args: withoutLanguageArgument(process.argv.slice(2)),
    options: {
      stage: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      quiet: { type: 'boolean' },
    },
  }).values;
} catch (error) {
  usageError((error as Error).message);
}

const timeoutSeconds = Number(options.timeout ?? 240);
if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
  usageError(`--timeout ${options.timeout}`);

const chosen: Stage[] = [];
for (const name of (options.stage ?? []).flatMap((s) => s.split(','))) {
  const stage = findStage(name);
  if (!stage) usageError(m.badStage(name, validStageNames()));
  if (!chosen.includes(stage)) chosen.push(stage);
}
const selected = (chosen.length > 0 ? chosen : stages).filter(isBuilt);

/** A stage's demos are translated once it has a Chinese catalogue beside them or in src/. */
function translated(stage: Stage): boolean {
  return ['demos', 'src'].some((dir) =>
    existsSync(join(stageDir(stage), dir, 'messages', 'zh.ts')),
  );
}

// Every demo's harness, so that Ctrl-C (or a crash of the runner) can end them all.
const harnesses = new Set<ProcessHarness>();
async function stopEverything(): Promise<void> {
  await Promise.all([...harnesses].map((h) => h.stopAll()));
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`\n${m.stopping}`);
    void stopEverything().then(() => process.exit(130));
  });
}

/** Shows the demo's lines as they come (unless --quiet), indented under its heading. */
function echo(demo: ManagedChild): void {
  if (options.quiet) return;
  let shown = 0;
  const show = () => {
    while (shown < demo.lines.length) console.log(`  ${demo.lines[shown++]}`);
  };
  demo.on('line-recorded', show);
  demo.once('exit', () => setImmediate(show));
}

/**
 * What the demo left behind: processes of its group still alive once it has exited. Its children
 * get a moment to finish exiting (a worker may be a few milliseconds behind its primary).
 */
async function stillRunning(harness: ProcessHarness): Promise<{ pid: number; cmdline: string }[]> {
  const pids = await pollUntil(() => (harness.markedPids().length === 0 ? [] : false), {
    timeout: 3000,
    what: 'the processes of the demo to exit',
  }).catch(() => harness.markedPids());
  return pids.map((pid) => ({ pid, cmdline: readCmdline(pid) }));
}

/** Resolves once the demo's output streams are closed (or after a few seconds, regardless). */
function closed(child: ManagedChild): Promise<void> {
  const streams = [child.process.stdout, child.process.stderr].filter((s) => s !== null);
  return withTimeout(
    Promise.all(
      streams.map((stream) =>
        stream.readableEnded || stream.destroyed
          ? undefined
          : new Promise((resolve) => stream.once('close', resolve)),
      ),
    ).then(() => undefined),
    `the output of ${child.name} to close`,
    5000,
  ).catch(() => undefined);
}

interface Row {
  name: string;
  code: string;
  seconds: number;
  lines: number;
  narrated: number;
  inChinese: number;
  ok: boolean;
  problems: string[];
  notes: string[];
}

const rows: Row[] = [];
const started = performance.now();
try {
  for (const stage of selected) {
    for (const demo of stageDemos(stage)) {
      console.log(`\n${m.running(demo.name, lang)}`);
      const harness = new ProcessHarness();
      harnesses.add(harness);
      const begin = performance.now();
      const child = harness.start(demo.script, {
        args: demo.args,
        ipc: false,
        name: demo.name,
        env: { CFS_LANG: lang },
      });
      echo(child);
      let timedOut = false;
      await child.waitForExit({ timeout: timeoutSeconds * 1000 }).catch(() => {
        timedOut = true;
      });
      const seconds = (performance.now() - begin) / 1000;
      const leftRunning = timedOut ? [] : await stillRunning(harness);
      await harness.stopAll();
      harnesses.delete(harness);
      // With every process gone the pipes close: the last lines have arrived to be judged.
      await closed(child);
      const verdict = judgeDemo(
        {
          lines: child.lines,
          code: child.exitStatus?.code ?? null,
          signal: child.exitStatus?.signal ?? null,
          timedOut,
          timeoutSeconds,
          language: lang,
          translated: translated(stage),
          leftRunning,
        },
        m,
      );
      rows.push({
        name: demo.name,
        code: timedOut ? '—' : String(child.exitStatus?.signal ?? child.exitStatus?.code ?? '?'),
        seconds,
        lines: child.lines.filter((l) => l.trim()).length,
        ...verdict,
      });
    }
  }
} finally {
  await stopEverything();
}

console.log(`\n${m.header}`);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${lang} | ${r.code} | ${r.seconds.toFixed(1)} | ${r.lines} | ${r.narrated} | ${r.inChinese} | ${r.ok ? m.ok : m.failed} |`,
  );
}
for (const r of rows) {
  for (const problem of r.problems) console.log(`✘ ${r.name}: ${problem}`);
  for (const note of r.notes) console.log(`· ${r.name}: ${note}`);
}
const passed = rows.filter((r) => r.ok).length;
console.log(
  `\n${m.summary(passed, rows.length, Math.round((performance.now() - started) / 1000))}`,
);
process.exit(passed === rows.length ? 0 : 1);
