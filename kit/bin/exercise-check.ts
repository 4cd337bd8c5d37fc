/**
 * The workshop's invariant, checked for every exercise of every stage: its spec FAILS on the
 * starter (so a learner cannot pass without writing the code) and PASSES on the solution
 * (so the spec is satisfiable). One vitest run per stage and target keeps it quick.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type Exercise, type ExerciseTarget, loadExercises } from '../src/exercises.ts';
import { runTool } from '../src/run-command.ts';
import { repoRoot } from '../src/stages.ts';
import { readVitestReport } from '../src/vitest-report.ts';

const exercises = loadExercises();
const byPackage = new Map<string, Exercise[]>();
for (const exercise of exercises) {
  byPackage.set(exercise.packageDir, [...(byPackage.get(exercise.packageDir) ?? []), exercise]);
}
const scratch = mkdtempSync(join(tmpdir(), 'cfs-exercises-'));
const problems: string[] = [];

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
  const report = readVitestReport(reportFile);
  const result = new Map<string, string>();
  for (const file of report?.testResults ?? []) result.set(relative(dir, file.name), file.status);
  return result;
}

for (const [dir, list] of byPackage) {
  const onStarter = await statuses(dir, list, 'starter');
  const onSolution = await statuses(dir, list, 'solution');
  for (const exercise of list) {
    const starter = onStarter.get(exercise.spec) ?? 'not run';
    const solution = onSolution.get(exercise.spec) ?? 'not run';
    const ok = starter === 'failed' && solution === 'passed';
    console.log(
      `  ${ok ? 'ok  ' : 'FAIL'} ${exercise.id.padEnd(5)} starter ${starter.padEnd(7)} solution ${solution.padEnd(7)} ${exercise.title}`,
    );
    if (!ok) problems.push(exercise.id);
  }
}
rmSync(scratch, { recursive: true, force: true });
console.log(`exercises: ${exercises.length - problems.length} passed, ${problems.length} failed`);
process.exit(problems.length > 0 ? 1 : 0);
