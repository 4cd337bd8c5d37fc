/**
 * Reading vitest's JSON report: which spec files passed, and how many tests ran.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: {
    name: string;
    status: 'passed' | 'failed' | string;
    message?: string;
    assertionResults?: {
      fullName: string;
      status: 'passed' | 'failed' | string;
      failureMessages?: string[];
    }[];
  }[];
}

export function readVitestReport(file: string): VitestReport | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as VitestReport;
}

/** One failed test (or a spec file that failed before its tests ran), as a reader wants it
 * at the end of a long log: the file, the test's name, and the first lines of why. */
export interface FailedTest {
  file: string;
  test: string;
  why: string;
}

export function failedTests(report: VitestReport, root: string, maxLines = 6): FailedTest[] {
  const failures: FailedTest[] = [];
  const firstLines = (text: string) => text.split('\n').slice(0, maxLines).join('\n');
  for (const file of report.testResults) {
    const name = file.name.startsWith(root) ? file.name.slice(root.length + 1) : file.name;
    const failedInside = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const test of failedInside) {
      failures.push({
        file: name,
        test: test.fullName,
        why: firstLines(test.failureMessages?.[0] ?? ''),
      });
    }
    // A file can fail with no failed test in it: an error while importing it, or after its tests.
    if (file.status === 'failed' && failedInside.length === 0) {
      failures.push({ file: name, test: '(the file itself)', why: firstLines(file.message ?? '') });
    }
  }
  return failures;
}
