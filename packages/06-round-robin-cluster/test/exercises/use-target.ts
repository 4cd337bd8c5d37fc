/**
 * Loaded with `--import` by the exercise fixture (and so by its workers too). When the run
 * is against the starter, it makes src/<file> resolve to exercises/<file> for the one file
 * CFS_EXERCISE_FILE names, so the whole cluster runs with the learner's version of it.
 */
import { register } from 'node:module';
import { exerciseTarget } from '@cluster-from-scratch/kit/exercises';

const file = process.env.CFS_EXERCISE_FILE;
if (exerciseTarget() === 'starter' && file) {
  const from = new URL(`../../src/${file}`, import.meta.url).href;
  const to = new URL(`../../exercises/${file}`, import.meta.url).href;
  register('./redirect-hooks.mjs', import.meta.url, { data: { redirect: { [from]: to } } });
}
