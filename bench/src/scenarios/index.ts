/**
 * Every scenario, in the order `npm run bench` runs them and the docs page lists them.
 * autocannon-check is not in the default run (it checks the tool, not the project).
 */
import type { Scenario } from '../scenario.ts';
import { autocannonCheck } from './autocannon-check.ts';
import { distribution } from './distribution.ts';
import { fds } from './fds.ts';
import { herd } from './herd.ts';
import { longLived } from './long-lived.ts';
import { scaling } from './scaling.ts';
import { threads } from './threads.ts';

export const SCENARIOS: Scenario[] = [
  distribution as Scenario,
  herd as Scenario,
  fds as Scenario,
  scaling as Scenario,
  longLived as Scenario,
  threads as Scenario,
  autocannonCheck as Scenario,
];
