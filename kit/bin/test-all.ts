/**
 * `npm test`: the whole check, in the order a reviewer would want it.
 *
 *   1. lint and format (biome)            fast, whole repo
 *   2. typecheck + every package's tests  turbo, two at a time (two cores); --continue, so
 *                                         every failing package is reported, not just the first
 *   3. exercises                          each spec fails on its starter, passes on its solution
 *   4. leak check                         no process started by 1–3 is still alive
 *
 * Every process started along the way inherits CFS_RUN_ID, which is how step 4 finds leaks.
 *
 * `npm run test:node -- 24` (this script with `--node 24`) runs steps 2 (tests only: lint and
 * types do not depend on the Node line) to 4 on another Node line, fetched once from the npm
 * registry (kit/src/other-node.ts) and put first on PATH for every process of the run.
 */

import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseArgs } from 'node:util';
import { findLeaks, leftoverNetworks } from '../src/leaks.ts';
import { otherNode } from '../src/other-node.ts';
import { runTool } from '../src/run-command.ts';
import { repoRoot } from '../src/stages.ts';
import { type FailedTest, failedTests, readVitestReport } from '../src/vitest-report.ts';

const { values: options } = parseArgs({ options: { node: { type: 'string' } } });

const runId = randomUUID();
const reportDir = join(repoRoot, '.cfs', 'reports');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });
process.env.CFS_RUN_ID = runId;
process.env.CFS_REPORT_DIR = reportDir;
process.env.TURBO_TELEMETRY_DISABLED = '1';

let nodeVersion = process.version;
if (options.node && options.node !== 'current') {
  let line: ReturnType<typeof otherNode>;
  try {
    line = otherNode(options.node);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  process.env.PATH = `${line.binDir}${delimiter}${process.env.PATH ?? ''}`;
  nodeVersion = execFileSync(join(line.binDir, 'node'), ['--version'], { encoding: 'utf8' }).trim();
}

const lintAndTypes = !options.node;
const steps: { name: string; run: () => Promise<number> }[] = [
  ...(lintAndTypes
    ? [{ name: 'lint and format (biome check)', run: () => runTool('biome', ['check', '.']) }]
    : []),
  {
    name: lintAndTypes
      ? 'typecheck and package tests (turbo)'
      : `package tests on Node ${nodeVersion} (turbo)`,
    run: () =>
      runTool('turbo', [
        'run',
        ...(lintAndTypes ? ['typecheck'] : []),
        'test',
        '--continue',
        '--concurrency=2',
        '--output-logs=full',
      ]),
  },
  {
    name: 'exercises: specs fail on starters, pass on solutions',
    run: () => runTool('tsx', ['kit/bin/exercise-check.ts']),
  },
];

const failedSteps: string[] = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name}`);
  const code = await step.run();
  if (code !== 0) failedSteps.push(`${step.name} (exit ${code})`);
}

console.log('\n━━ leak check: processes started by this run that are still alive');
const leaks = await findLeaks(runId);
if (leaks.length > 0) {
  failedSteps.push('leak check');
  for (const leak of leaks) console.log(`  LEAK pid ${leak.pid}: ${leak.cmdline}`);
  for (const leak of leaks) {
    try {
      process.kill(leak.pid, 'SIGKILL');
    } catch {}
  }
} else {
  console.log('  none');
}
// Stage 07's host namespaces and links outlive their processes unless removed.
const networks = leftoverNetworks();
if (networks.length > 0) {
  failedSteps.push('leak check (network namespaces, links)');
  for (const name of networks) console.log(`  LEAK network namespace or link: ${name}`);
}

let passed = 0;
let failed = 0;
const failures: FailedTest[] = [];
for (const file of readdirSync(reportDir).filter((f) => f.endsWith('.json'))) {
  const report = readVitestReport(join(reportDir, file));
  passed += report?.numPassedTests ?? 0;
  failed += report?.numFailedTests ?? 0;
  if (report) failures.push(...failedTests(report, repoRoot));
}
console.log('');
// Repeated last, where a log cut to its tail still shows it: which test failed, and why.
if (failures.length > 0) {
  console.log('━━ failed tests');
  for (const failure of failures) {
    console.log(`  ✗ ${failure.file} > ${failure.test}`);
    for (const line of failure.why.split('\n')) console.log(`      ${line}`);
  }
  console.log('');
}
console.log(`Node ${nodeVersion}`);
if (failedSteps.length > 0) console.log(`failed: ${failedSteps.join('; ')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 || failed > 0 || passed === 0 ? 1 : 0);
