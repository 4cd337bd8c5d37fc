/**
 * Results on disk: one JSON file per scenario, the latest run of it.
 *
 *   bench/results/distribution.json   { schema: 1, scenario, machine, settings, runs, summary, … }
 *
 * JSON has no ∞: a max/min ratio where one worker got nothing is stored as null and read back
 * as ∞ by the tables (see stats.ts spreadOf).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResult } from '../scenario.ts';

export function resultFile(dir: string, scenario: string): string {
  return join(dir, `${scenario}.json`);
}

export function writeResult(dir: string, result: ScenarioResult): string {
  mkdirSync(dir, { recursive: true });
  const file = resultFile(dir, result.scenario);
  const text = JSON.stringify(
    result,
    (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value),
    2,
  );
  // Write then rename: an interrupted run never leaves half a file for the docs to choke on.
  writeFileSync(`${file}.tmp`, `${text}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}

export function readResult(dir: string, scenario: string): ScenarioResult | undefined {
  let text: string;
  try {
    text = readFileSync(resultFile(dir, scenario), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = JSON.parse(text) as ScenarioResult;
  if (parsed.schema !== 1 || parsed.scenario !== scenario) {
    throw new Error(`${resultFile(dir, scenario)} is not a schema-1 result for ${scenario}`);
  }
  return parsed;
}
