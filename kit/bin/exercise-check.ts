/**
 * The workshop's invariant, checked for every exercise of every stage: its spec FAILS on the
 * starter (so a learner cannot pass without writing the code) and PASSES on the solution
 * (so the spec is satisfiable). One vitest run per stage and target keeps it quick.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  type Exercise,
  type ExerciseTarget,
  exerciseTitle,
  loadExercises,
} from '../src/exercises.ts';
import { inLanguage, languageOrExit } from '../src/language.ts';
import en from '../src/messages/en.ts';
import zh from '../src/messages/zh.ts';
import { runTool } from '../src/run-command.ts';
import { repoRoot } from '../src/stages.ts';
import { readVitestReport, type VitestReport } from '../src/vitest-report.ts';

const m = inLanguage({ en, zh }, languageOrExit()).exerciseCheck;
const exercises = loadExercises();
const byPackage = new Map<string, Exercise[]>();
for (const exercise of exercises) {
  byPackage.set(exercise.packageDir, [...(byPackage.get(exercise.packageDir) ?? []), exercise]);
}
const scratch = mkdtempSync(join(tmpdir(), 'cfs-exercises-'));
const problems: string[] = [];
const skipped: string[] = [];

async function statuses(
  dir: string,
  list: Exercise[],
  target: ExerciseTarget,
): Promise<Map<string, string>> {
  const reportFile = join(
    scratch,
    `${relative(repoRoot, dir).replaceAll('/', '_')}-${target}.json`,
  );
  await runTool('vitest', ['run'], {
    cwd: dir,
    quiet: true,
    env: {
      CFS_EXERCISE_TARGET: target,
      CFS_EXERCISE_SPECS: list.map((e) => e.spec).join(','),
      CFS_REPORT_FILE: reportFile,
      CFS_REPORT_DIR: undefined,
    },
  });
  const report = readVitestReport(reportFile) as
    | (VitestReport & {
        testResults: { name: string; status: string; assertionResults?: { status: string }[] }[];
      })
    | undefined;
  const result = new Map<string, string>();
  for (const file of report?.testResults ?? []) {
    // A spec whose every test was skipped (it needs something this machine lacks, e.g. nginx,
    // and said so) proves nothing either way: vitest calls such a file "passed".
    const asserts = file.assertionResults ?? [];
    const allSkipped =
      asserts.length > 0 && asserts.every((a) => a.status !== 'passed' && a.status !== 'failed');
    // A file that failed (a hook threw, so its tests never ran) stays failed.
    const skippedOnly = allSkipped && file.status !== 'failed';
    result.set(relative(dir, file.name), skippedOnly ? 'skipped' : file.status);
  }
  return result;
}

for (const [dir, list] of byPackage) {
  const onStarter = await statuses(dir, list, 'starter');
  const onSolution = await statuses(dir, list, 'solution');
  for (const exercise of list) {
    const starter = onStarter.get(exercise.spec) ?? 'not run';
    const solution = onSolution.get(exercise.spec) ?? 'not run';
    const ok = starter === 'failed' && solution === 'passed';
    const skip = starter === 'skipped' && solution === 'skipped';
    // The verdict and the statuses stay as vitest and CI logs spell them (ok, FAIL, passed).
    const verdict = ok ? 'ok  ' : skip ? 'skip' : 'FAIL';
    console.log(m.line(verdict, exercise.id, starter, solution, exerciseTitle(exercise)));
    if (skip) skipped.push(exercise.id);
    else if (!ok) problems.push(exercise.id);
  }
}
rmSync(scratch, { recursive: true, force: true });
if (skipped.length > 0) {
  console.log(m.skipped(skipped.join(', ')));
}
console.log(
  m.total(exercises.length - problems.length - skipped.length, problems.length, skipped.length),
);
process.exit(problems.length > 0 ? 1 : 0);
