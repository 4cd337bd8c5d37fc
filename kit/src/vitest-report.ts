/**
 * Reading vitest's JSON report: which spec files passed, and how many tests ran.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: { name: string; status: 'passed' | 'failed' | string }[];
}

export function readVitestReport(file: string): VitestReport | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as VitestReport;
}
