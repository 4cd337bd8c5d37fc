/**
 * Runs the exercise fixture for one exercise file: with CFS_EXERCISE_TARGET=starter the
 * cluster uses exercises/<file> instead of src/<file> (use-target.ts), in every process.
 */
import { exerciseTarget } from '@cluster-from-scratch/kit/exercises';
import type { ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { type Report, runFixture } from '../differential.ts';

export async function runExercise(harness: ProcessHarness, file: string): Promise<Report> {
  return runFixture(harness, '../exercises/cluster-fixture', 'clone', {
    env: { CFS_EXERCISE_FILE: file, CFS_EXERCISE_TARGET: exerciseTarget() },
    execArgv: ['--import', new URL('./use-target.ts', import.meta.url).href],
  });
}
