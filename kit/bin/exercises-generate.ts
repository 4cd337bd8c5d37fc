/**
 * `npm run exercises:generate`: writes every exercise's starter from its solution.
 *
 *   src/<file>.ts  +  exercises/todo/<id>.md  ──▶  exercises/<starter>.ts   (see exercise-starter.ts)
 *
 * Run it after changing a solution file, a todo file or exercises.json, and commit the
 * starters it rewrites: kit/test/exercise-starters.test.ts fails while a committed starter is
 * out of date. It is the maintainer's command: a starter a learner has been writing in is
 * rewritten too, but the file as it was is first copied to a temporary folder, named in the
 * output, so no work is lost.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { ExerciseStarterError, renderStarter, strayRegions } from '../src/exercise-starter.ts';
import { loadExercises } from '../src/exercises.ts';
import { repoRoot } from '../src/stages.ts';

const exercises = loadExercises();
const problems: string[] = [];
let written = 0;
let upToDate = 0;
let keptCopies: string | undefined;

/** True when the file has changes git has not committed (or is not tracked at all). */
function changedSinceHead(file: string): boolean {
  const diff = spawnSync('git', ['diff', '--quiet', 'HEAD', '--', file], { cwd: repoRoot });
  return diff.status !== 0;
}

for (const exercise of exercises) {
  const file = join(exercise.packageDir, exercise.starter);
  const shown = relative(repoRoot, file);
  let text: string;
  try {
    text = renderStarter(exercise);
  } catch (error) {
    if (!(error instanceof ExerciseStarterError)) throw error;
    problems.push(`${relative(repoRoot, exercise.packageDir)} ${exercise.id}: ${error.message}`);
    continue;
  }
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (text === before) {
    upToDate++;
    continue;
  }
  if (before !== undefined && changedSinceHead(file)) {
    keptCopies ??= mkdtempSync(join(tmpdir(), 'cfs-starters-'));
    const copy = join(keptCopies, `${exercise.id}-${basename(file)}`);
    copyFileSync(file, copy);
    console.log(`  ${shown} had uncommitted changes; the file as it was is kept at ${copy}`);
  }
  writeFileSync(file, text);
  written++;
  console.log(`  wrote ${shown}`);
}
problems.push(...strayRegions(exercises));
for (const problem of problems) console.error(`  ${problem}`);
console.log(
  `exercises:generate: ${exercises.length} starters, ${written} rewritten, ${upToDate} already up to date${problems.length ? `, ${problems.length} problems` : ''}`,
);
process.exit(problems.length > 0 ? 1 : 0);
