/**
 * `npm run exercises:generate`: writes every exercise's starter from its solution.
 *
 *   src/<file>.ts  +  exercises/todo/<id>.md  ──▶  exercises/<starter>.ts   (see exercise-starter.ts)
 *
 * Run it after changing a solution file, a todo file or exercises.json, and commit the
 * starters it rewrites: kit/test/exercise-starters.test.ts fails while a committed starter is
 * out of date. It overwrites starters, so a learner's own work in exercises/ is lost: this is
 * the maintainer's command, not the learner's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ExerciseStarterError, renderStarter, strayRegions } from '../src/exercise-starter.ts';
import { loadExercises } from '../src/exercises.ts';
import { repoRoot } from '../src/stages.ts';

const exercises = loadExercises();
let failed = 0;
let written = 0;
for (const exercise of exercises) {
  const file = join(exercise.packageDir, exercise.starter);
  try {
    const text = renderStarter(exercise);
    let before = '';
    try {
      before = readFileSync(file, 'utf8');
    } catch {}
    if (text !== before) {
      writeFileSync(file, text);
      written++;
      console.log(`  wrote ${relative(repoRoot, file)}`);
    }
  } catch (error) {
    if (!(error instanceof ExerciseStarterError)) throw error;
    failed++;
    console.error(`  ${exercise.id}: ${error.message}`);
  }
}
for (const problem of strayRegions(exercises)) {
  failed++;
  console.error(`  ${problem}`);
}
console.log(
  `exercises:generate: ${exercises.length} starters, ${written} rewritten, ${exercises.length - written - failed} already up to date${failed ? `, ${failed} problems` : ''}`,
);
process.exit(failed > 0 ? 1 : 0);
