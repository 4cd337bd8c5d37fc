/**
 * Workshop exercises: where they are and which implementation a spec tests.
 *
 * Each stage lists its exercises in exercises/exercises.json:
 *   { "id": "01.1", "title": "…", "starter": "exercises/….ts", "solution": "src/….ts",
 *     "spec": "test/exercises/….spec.ts", "hint": "…",
 *     "zh": { "title": "…", "hint": "…", "task": "…" } }   (optional: shown with --lang zh)
 * A spec imports both the starter and the solution and asks `pickTarget` which one to test:
 * CFS_EXERCISE_TARGET=starter when the learner verifies, =solution for `npm run solution`.
 *
 * The solution is the one home of an exercise's code; the starter is generated from it
 * (exercise-starter.ts). Adding exercise NN.k to a stage touches:
 *   src/<file>.ts                  mark what the learner writes:
 *                                    // #region exercise NN.k <name>  …  // #endregion exercise NN.k
 *   exercises/todo/NN.k.md         a `## <name>` section per region, with the TODO block the
 *                                  starter has instead (optional `## header`, `## note`)
 *   exercises/exercises.json       the entry above (the hint lives here)
 *   test/exercises/<name>.spec.ts  fails on the starter, passes on the solution
 *   README.md                      the stage's Exercises table
 * then `npm run exercises:generate` writes exercises/<file>.ts, to be committed with the rest,
 * and `npm run test:exercises` checks both directions.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Language, language } from './language.ts';
import { stageDir, stages } from './stages.ts';

export interface Exercise {
  id: string;
  title: string;
  starter: string;
  solution: string;
  spec: string;
  hint: string;
  /** The title and hint in Chinese, where the stage has them; English is shown otherwise. */
  zh?: { title?: string; hint?: string; task?: string };
  /** Absolute path of the stage package, filled in when loaded. */
  packageDir: string;
}

export type ExerciseTarget = 'starter' | 'solution';

export function exerciseTarget(): ExerciseTarget {
  return process.env.CFS_EXERCISE_TARGET === 'starter' ? 'starter' : 'solution';
}

/**
 * Returns the starter's or the solution's module, as the run asks. Typed as the solution:
 * a starter class is a separate declaration (private fields make TypeScript treat the two
 * as different types) even when it has the same shape.
 */
export function pickTarget<Starter, Solution>(modules: {
  starter: Starter;
  solution: Solution;
}): Solution {
  return (exerciseTarget() === 'starter'
    ? modules.starter
    : modules.solution) as unknown as Solution;
}

export function loadExercises(): Exercise[] {
  const all: Exercise[] = [];
  for (const stage of stages) {
    const dir = stageDir(stage);
    const file = join(dir, 'exercises', 'exercises.json');
    if (!existsSync(file)) continue;
    const list = JSON.parse(readFileSync(file, 'utf8')) as Omit<Exercise, 'packageDir'>[];
    for (const exercise of list) all.push({ ...exercise, packageDir: dir });
  }
  return all;
}

/** The exercise's title in the chosen language (English when it has no Chinese one). */
export function exerciseTitle(exercise: Exercise, lang: Language = language()): string {
  return (lang === 'zh' && exercise.zh?.title) || exercise.title;
}

/** The exercise's hint in the chosen language (English when it has no Chinese one). */
export function exerciseHint(exercise: Exercise, lang: Language = language()): string {
  return (lang === 'zh' && exercise.zh?.hint) || exercise.hint;
}
