import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runTool } from '../src/run-command.ts';
import { failedTests, readVitestReport } from '../src/vitest-report.ts';

const scratch = mkdtempSync(join(tmpdir(), 'cfs-vitest-report-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("failedTests() names each failed test and why, and a file that failed before its tests, from vitest's own JSON report", async () => {
  const root = join(import.meta.dirname, 'fixtures', 'failing-specs');
  const reportFile = join(scratch, 'report.json');
  const code = await runTool(
    'vitest',
    ['run', '--root', root, '--reporter=json', `--outputFile=${reportFile}`],
    { quiet: true },
  );
  expect(code).not.toBe(0);
  const report = readVitestReport(reportFile);
  if (!report) throw new Error(`vitest wrote no report at ${reportFile}`);
  expect(report.numPassedTests).toBe(1);

  const failures = failedTests(report, root).sort((a, b) => a.file.localeCompare(b.file));
  expect(failures.map(({ file, test }) => ({ file, test }))).toEqual([
    { file: 'breaks-on-import.check.ts', test: '(the file itself)' },
    { file: 'one-fails.check.ts', test: 'this one fails' },
  ]);
  expect(failures[0]?.why).toContain('this file cannot be loaded');
  expect(failures[1]?.why).toContain('expected');
});
