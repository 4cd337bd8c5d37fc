/**
 * Every committed starter is what `npm run exercises:generate` makes from its solution today,
 * so a fix to a solution cannot leave its starter behind.
 *
 * "Committed" is the file at HEAD or the one in the working tree: a maintainer who has just
 * regenerated passes before committing, and a learner who has started writing in exercises/
 * still passes, because HEAD holds the starter as generated.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderStarter, strayRegions } from '../src/exercise-starter.ts';
import { loadExercises } from '../src/exercises.ts';
import { repoRoot } from '../src/stages.ts';

const exercises = loadExercises();

function atHead(path: string): string | undefined {
  const show = spawnSync('git', ['show', `HEAD:${path}`], { cwd: repoRoot, encoding: 'utf8' });
  return show.status === 0 ? show.stdout : undefined;
}

function inWorkingTree(path: string): string | undefined {
  try {
    return readFileSync(join(repoRoot, path), 'utf8');
  } catch {
    return undefined;
  }
}

describe('exercise starters are generated from their solutions', () => {
  it('finds every exercise of every stage', () => {
    const listed = readdirSync(join(repoRoot, 'packages'))
      .map((stage) => join(repoRoot, 'packages', stage, 'exercises', 'exercises.json'))
      .filter((file) => existsSync(file))
      .flatMap((file) => JSON.parse(readFileSync(file, 'utf8')) as { id: string }[]);
    expect(exercises.map((e) => e.id).sort()).toEqual(listed.map((e) => e.id).sort());
    expect(exercises.length).toBeGreaterThan(0);
  });

  it.each(exercises.map((e) => [e.id, e] as const))(
    '%s: the committed starter is up to date',
    (_id, exercise) => {
      const path = relative(repoRoot, join(exercise.packageDir, exercise.starter));
      const generated = renderStarter(exercise);
      const upToDate = [inWorkingTree(path), atHead(path)].includes(generated);
      expect(
        upToDate,
        `${path} is not what its solution makes: run \`npm run exercises:generate\` and commit it`,
      ).toBe(true);
    },
  );

  it('every region in a solution belongs to an exercise of that solution', () => {
    expect(strayRegions(exercises)).toEqual([]);
  });
});
