/**
 * The workshop commands.
 *
 *   npm run workshop              every exercise with its state and the next one to do
 *   npm run workshop -- --watch   the next exercise; its spec runs again each time you save
 *   npm run workshop -- --summary one line per exercise, as a table a workshop room can paste
 *   npm run verify -- 01.1        run 01.1's spec against your file in exercises/
 *   npm run reset -- 01.1         put 01.1's starter back as committed (your version is kept
 *                                 in a temporary file, whose path is printed)
 *   npm run solution -- 01.1      run the same spec against the solution in src/
 *   npm run hint -- 01.1          print the hint
 *   … --lang zh                   in 简体中文 (also the default in a zh locale)
 *
 * "not started" means the starter file is exactly as committed; otherwise the spec decides
 * between "failing" and "passing".
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  type Exercise,
  type ExerciseTarget,
  exerciseHint,
  exerciseTitle,
  loadExercises,
} from '../src/exercises.ts';
import {
  inLanguage,
  languageOrExit,
  terminalColumns,
  withoutLanguageArgument,
} from '../src/language.ts';
import en from '../src/messages/en.ts';
import zh from '../src/messages/zh.ts';
import { runTool } from '../src/run-command.ts';
import { repoRoot } from '../src/stages.ts';
import { readVitestReport } from '../src/vitest-report.ts';
import { watchWorkshop } from '../src/workshop-watch.ts';

const lang = languageOrExit();
const m = inLanguage({ en, zh }, lang).workshop;
const exercises = loadExercises();
const argv = withoutLanguageArgument(process.argv.slice(2));
const [command = 'list', id] = argv;
const flags = new Set(argv.filter((a) => a.startsWith('--')));

function validIds(): string {
  return exercises.map((e) => `${e.id} (${exerciseTitle(e)})`).join('\n  ');
}

/** A state in words: the key stays English ('passing'), the reader sees their language. */
function stateInWords(state: string | undefined): string {
  return (state && m.states[state as keyof typeof m.states]) ?? '?';
}

function find(exerciseId: string | undefined): Exercise {
  const exercise = exercises.find((e) => e.id === exerciseId);
  if (!exercise) {
    console.error(exerciseId ? m.noExercise(exerciseId, validIds()) : m.nameOne(validIds()));
    process.exit(2);
  }
  return exercise;
}

function untouched(exercise: Exercise): boolean {
  const file = join(exercise.packageDir, exercise.starter);
  const diff = spawnSync('git', ['diff', '--quiet', 'HEAD', '--', file], { cwd: repoRoot });
  const tracked = spawnSync('git', ['ls-files', '--error-unmatch', file], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
  return diff.status === 0 && tracked.status === 0;
}

function runSpec(exercise: Exercise, target: ExerciseTarget): Promise<number> {
  return runTool('vitest', ['run'], {
    cwd: exercise.packageDir,
    env: {
      CFS_EXERCISE_TARGET: target,
      CFS_EXERCISE_SPECS: exercise.spec,
      CFS_REPORT_DIR: undefined,
    },
  });
}

/**
 * What to write: the comment lines of the exercise's TODO blocks (exercises/todo/<id>.md), as
 * the learner will find them in the file; in Chinese, the exercise's `zh.task` comes first.
 */
function taskOf(exercise: Exercise): string | undefined {
  const todo = todoComments(exercise);
  const zhTask = lang === 'zh' ? exercise.zh?.task : undefined;
  return zhTask ? [`  ${zhTask}`, todo].filter(Boolean).join('\n') : todo;
}

function todoComments(exercise: Exercise): string | undefined {
  const file = join(exercise.packageDir, 'exercises', 'todo', `${exercise.id}.md`);
  if (!existsSync(file)) return undefined;
  const blocks = [...readFileSync(file, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)];
  const comments = blocks
    .flatMap((block) => (block[1] ?? '').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.startsWith('//'))
    .map((line) => `  ${line.replace(/^\/\/\s?/, '')}`);
  return comments.length > 0 ? comments.join('\n') : undefined;
}

async function exerciseStates(): Promise<Map<string, string>> {
  const scratch = mkdtempSync(join(tmpdir(), 'cfs-workshop-'));
  const states = new Map<string, string>();
  const started = exercises.filter((e) => !untouched(e));
  for (const e of exercises) if (!started.includes(e)) states.set(e.id, 'not started');
  for (const exercise of started) {
    const reportFile = join(scratch, `${exercise.id}.json`);
    await runTool('vitest', ['run'], {
      cwd: exercise.packageDir,
      quiet: true,
      env: {
        CFS_EXERCISE_TARGET: 'starter',
        CFS_EXERCISE_SPECS: exercise.spec,
        CFS_REPORT_FILE: reportFile,
        CFS_REPORT_DIR: undefined,
      },
    });
    const status = readVitestReport(reportFile)?.testResults[0]?.status;
    states.set(exercise.id, status === 'passed' ? 'passing' : 'failing');
  }
  rmSync(scratch, { recursive: true, force: true });
  return states;
}

async function summary(): Promise<void> {
  const states = await exerciseStates();
  console.log(m.tableHeader);
  console.log('| --- | --- | --- | --- |');
  for (const e of exercises) {
    const file = relative(repoRoot, join(e.packageDir, e.starter));
    console.log(
      `| ${e.id} | ${stateInWords(states.get(e.id))} | ${exerciseTitle(e)} | \`${file}\` |`,
    );
  }
  const passing = exercises.filter((e) => states.get(e.id) === 'passing').length;
  console.log(`\n${m.passCount(passing, exercises.length)}`);
}

function reset(exercise: Exercise): void {
  const file = join(exercise.packageDir, exercise.starter);
  const keep = join(mkdtempSync(join(tmpdir(), `cfs-reset-${exercise.id}-`)), 'yours.ts');
  copyFileSync(file, keep);
  const done = spawnSync('git', ['checkout', 'HEAD', '--', file], { cwd: repoRoot });
  if (done.status !== 0) {
    console.error(m.couldNotRestore(relative(repoRoot, file), String(done.stderr)));
    process.exit(1);
  }
  console.log(m.resetDone(exercise.id, relative(repoRoot, file)));
  console.log(m.keptIn(keep));
}

async function list(): Promise<void> {
  const states = await exerciseStates();
  console.log(`${m.listHeading}\n`);
  const width = Math.max(...Object.values(m.states).map(terminalColumns)) + 2;
  for (const e of exercises) {
    const state = states.get(e.id) ?? '?';
    const mark = state === 'passing' ? '✔' : state === 'failing' ? '✘' : '·';
    const words = stateInWords(state);
    const padded = words + ' '.repeat(Math.max(1, width - terminalColumns(words)));
    console.log(`  ${mark} ${e.id.padEnd(5)} ${padded}${exerciseTitle(e)}`);
    console.log(`           ${m.edit(relative(repoRoot, join(e.packageDir, e.starter)))}`);
  }
  const next = exercises.find((e) => states.get(e.id) !== 'passing');
  console.log(next ? `\n${m.next(next.id, exerciseTitle(next))}` : `\n${m.allPass}`);
  console.log(`\n${m.commands}`);
}

switch (command) {
  case 'list':
    if (flags.has('--watch')) await watchWorkshop({ exercises, taskOf });
    else if (flags.has('--summary')) await summary();
    else await list();
    break;
  case 'reset':
    reset(find(id));
    break;
  case 'verify': {
    const exercise = find(id);
    console.log(
      m.verifying(exercise.id, relative(repoRoot, join(exercise.packageDir, exercise.starter))),
    );
    const code = await runSpec(exercise, 'starter');
    console.log(`\n${code === 0 ? m.passes(exercise.id) : m.notYet(exercise.id)}`);
    process.exit(code);
    break;
  }
  case 'solution': {
    const exercise = find(id);
    console.log(
      m.runningSolution(
        exercise.id,
        relative(repoRoot, join(exercise.packageDir, exercise.solution)),
      ),
    );
    process.exit(await runSpec(exercise, 'solution'));
    break;
  }
  case 'hint': {
    const exercise = find(id);
    console.log(`${m.hintFor(exercise.id, exerciseTitle(exercise))}\n\n${exerciseHint(exercise)}`);
    break;
  }
  default:
    console.error(m.unknownCommand(command));
    process.exit(2);
}
