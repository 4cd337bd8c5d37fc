/**
 * The workshop's watch loop (`npm run workshop -- --watch`): the next exercise, its file, and
 * a fresh verdict every time the learner saves.
 *
 *   pick the first exercise whose spec does not pass ──▶ show its title, file and task
 *        ▲                                                 │
 *        │ passes: "on to the next"                        ▼
 *        └──────────────────────────────── run its spec ◀── the learner saves the file
 *                                           fails: the first failing expectation, in words
 *
 * Only the current exercise's spec runs, so a verdict comes in seconds. A spec that does not
 * finish within `specTimeoutMs` is stopped (a starter that waits forever must not freeze the
 * terminal) and the loop says so. Without a terminal it is the same loop with plain lines, so a
 * test (or a workshop room's projector script) can drive it. Ctrl-C leaves.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { type Exercise, exerciseTitle } from './exercises.ts';
import { inLanguage } from './language.ts';
import en from './messages/en.ts';
import zh from './messages/zh.ts';
import { binPath } from './run-command.ts';
import { repoRoot } from './stages.ts';

export interface SpecOutcome {
  status: 'passed' | 'failed' | 'timed out';
  /** The first failing expectation: the test's title and the first line of its message. */
  firstFailure?: string;
}

interface JsonReport {
  testResults?: {
    status?: string;
    message?: string;
    assertionResults?: { status: string; title: string; failureMessages?: string[] }[];
  }[];
}

/** Strips terminal colours and stack lines: the learner wants the sentence, not the trace. */
function firstLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing ANSI colour codes
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  return (
    plain
      .split('\n')
      .find((line) => line.trim().length > 0)
      ?.trim() ?? plain.trim()
  );
}

/** The spec run in progress: Ctrl-C must end its process group too (it is not ours). */
let running: number | undefined;
function stopRunning(): void {
  if (running === undefined) return;
  try {
    process.kill(-running, 'SIGKILL');
  } catch {}
  running = undefined;
}

/** Runs one exercise's spec against the learner's file, in its own process group. */
export function runExerciseSpec(exercise: Exercise, specTimeoutMs: number): Promise<SpecOutcome> {
  const scratch = mkdtempSync(join(tmpdir(), 'cfs-watch-'));
  const reportFile = join(scratch, 'report.json');
  return new Promise((resolve) => {
    const child = spawn(binPath('vitest'), ['run'], {
      cwd: exercise.packageDir,
      detached: true, // its own group: a hung spec and whatever it started go together
      stdio: 'ignore',
      env: {
        ...process.env,
        CFS_EXERCISE_TARGET: 'starter',
        CFS_EXERCISE_SPECS: exercise.spec,
        CFS_REPORT_FILE: reportFile,
        CFS_REPORT_DIR: undefined,
      },
    });
    running = child.pid;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stopRunning();
    }, specTimeoutMs);
    child.on('exit', () => {
      clearTimeout(timer);
      if (running === child.pid) running = undefined;
      const report = existsSync(reportFile)
        ? (JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport)
        : undefined;
      rmSync(scratch, { recursive: true, force: true });
      if (timedOut) return resolve({ status: 'timed out' });
      const file = report?.testResults?.[0];
      if (file?.status === 'passed') return resolve({ status: 'passed' });
      const failed = file?.assertionResults?.find((a) => a.status === 'failed');
      const why = failed
        ? `${failed.title}: ${firstLine(failed.failureMessages?.[0] ?? 'failed')}`
        : firstLine(file?.message ?? inLanguage({ en, zh }).watch.didNotRun);
      resolve({ status: 'failed', firstFailure: why });
    });
  });
}

export interface WatchOptions {
  exercises: Exercise[];
  /** The task text to show for an exercise (its title when there is none). */
  taskOf?: (exercise: Exercise) => string | undefined;
  specTimeoutMs?: number;
  say?: (line: string) => void;
}

/** Resolves when every exercise passes; otherwise runs until the process is stopped. */
export async function watchWorkshop(options: WatchOptions): Promise<void> {
  const say = options.say ?? ((line: string) => console.log(line));
  const { watch: m, workshop: w } = inLanguage({ en, zh });
  const specTimeoutMs = options.specTimeoutMs ?? 120_000;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      stopRunning();
      process.exit(130);
    });
  }
  for (const exercise of options.exercises) {
    const file = join(exercise.packageDir, exercise.starter);
    // What the spec ran against: a save made while it ran is seen below, not waited for.
    let ranOn = contentsOf(file);
    let outcome = await runExerciseSpec(exercise, specTimeoutMs);
    if (outcome.status === 'passed') continue;

    say(`\n━━ ${exercise.id} — ${exerciseTitle(exercise)}`);
    say(w.edit(relative(repoRoot, file)));
    const task = options.taskOf?.(exercise);
    if (task) say(task);
    say(m.hintLine(exercise.id));
    for (;;) {
      if (outcome.status === 'passed') break;
      say(
        outcome.status === 'timed out'
          ? m.timedOut(exercise.id, specTimeoutMs / 1000)
          : m.failed(exercise.id, outcome.firstFailure ?? ''),
      );
      // Watch first, then say so: whoever reads the line may save at once.
      const save = nextSave(file);
      if (contentsOf(file) === ranOn) {
        say(m.waitingForSave(basename(file)));
        await save.saved;
      } else {
        save.cancel();
      }
      say(m.saved(exercise.id));
      ranOn = contentsOf(file);
      outcome = await runExerciseSpec(exercise, specTimeoutMs);
    }
    say(m.passesOnward(exercise.id));
  }
  say(`\n${w.allPass}`);
}

function contentsOf(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/**
 * `saved` resolves at the next save of `file`; the watch starts when this is called. The folder
 * is watched, not the file: editors often save by writing a new file and renaming it over the
 * old one, which a watch on the file misses.
 */
function nextSave(file: string): { saved: Promise<void>; cancel: () => void } {
  let settle: NodeJS.Timeout | undefined;
  let resolveSaved = () => {};
  const saved = new Promise<void>((resolve) => {
    resolveSaved = resolve;
  });
  const watcher = watch(dirname(file), (_event, name) => {
    if (name !== basename(file)) return;
    // An editor's save is several events; wait until they have settled.
    clearTimeout(settle);
    settle = setTimeout(() => {
      watcher.close();
      resolveSaved();
    }, 150);
  });
  return {
    saved,
    cancel: () => {
      clearTimeout(settle);
      watcher.close();
    },
  };
}
