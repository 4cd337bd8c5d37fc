/**
 * `npm run record:line -- <line>`: run the tests whose claims depend on the Node line, on that
 * line, and write down what they saw for the docs.
 *
 *   npm run record:line -- 24        fetch Node 24 if needed (kit/src/other-node.ts)
 *   npm run record:line -- current   this machine's node
 *
 * It runs every test file that calls observe() (kit/src/line-observations.ts), package by
 * package, with CFS_OBSERVATIONS_FILE set. Only a run in which every one of those tests passed
 * is written, to docs/data/node-lines/<version>.json; then `npm run pages -w
 * @cluster-from-scratch/docs` puts it on the reading guide and "Modern Node differs".
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { readObservations } from '../src/line-observations.ts';
import { otherNode } from '../src/other-node.ts';
import { runTool } from '../src/run-command.ts';
import { repoRoot } from '../src/stages.ts';

const line = process.argv[2];
if (!line) {
  console.error('usage: npm run record:line -- <line>   (24, 26, 24.22.3, or current)');
  process.exit(2);
}
if (line !== 'current') {
  try {
    const { binDir } = otherNode(line);
    process.env.PATH = `${binDir}${delimiter}${process.env.PATH ?? ''}`;
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
const version = execFileSync('node', ['--version'], { encoding: 'utf8' }).trim();

/** Test files (by package) that record observations. */
function observingTests(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const packagesDir = join(repoRoot, 'packages');
  for (const pkg of readdirSync(packagesDir)) {
    const testDir = join(packagesDir, pkg, 'test');
    if (!existsSync(testDir)) continue;
    const files = readdirSync(testDir).filter(
      (f) => f.endsWith('.test.ts') && /\bobserve\(/.test(readFileSync(join(testDir, f), 'utf8')),
    );
    if (files.length > 0)
      found.set(
        join(packagesDir, pkg),
        files.map((f) => `test/${f}`),
      );
  }
  return found;
}

const scratch = join(tmpdir(), `cfs-record-${process.pid}`);
mkdirSync(scratch, { recursive: true });
const observations = join(scratch, 'observations.jsonl');
let failed = false;
for (const [dir, files] of observingTests()) {
  console.log(`\n━━ ${relative(repoRoot, dir)} on ${version}: ${files.join(' ')}`);
  const code = await runTool('vitest', ['run', ...files], {
    cwd: dir,
    env: { CFS_OBSERVATIONS_FILE: observations, CFS_REPORT_DIR: undefined },
  });
  if (code !== 0) failed = true;
}

if (failed || !existsSync(observations)) {
  console.error(
    `\nnot recorded: ${failed ? 'a test failed' : 'nothing was observed'} on ${version}`,
  );
  rmSync(scratch, { recursive: true, force: true });
  process.exit(1);
}
const record = readObservations(observations);
rmSync(scratch, { recursive: true, force: true });
const out = join(repoRoot, 'docs', 'data', 'node-lines', `${record.node}.json`);
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
console.log(
  `\nrecorded ${record.observations.length} observations on ${record.node}: ${relative(repoRoot, out)}`,
);
console.log('next: npm run pages -w @cluster-from-scratch/docs');
