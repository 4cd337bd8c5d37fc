/**
 * How the sticky tests run a program: as the primary, on node:cluster (no flag) or on the
 * clone (the register entry in NODE_OPTIONS, so the primary and every worker it forks get the
 * clone for `node:cluster`), then wait for its report and for it to end by itself, and check
 * that none of its workers is left.
 */
import { fileURLToPath } from 'node:url';
import type { ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { beforeAll } from 'vitest';
import { noneAlive, type Report } from '../differential.ts';

export const REGISTER = '@cluster-from-scratch/06-round-robin-cluster/register';
/** The chapter's demo, which every sessions test runs. */
export const DEMO = 'demos/sticky-sessions.ts';
export const packageDir = fileURLToPath(new URL('../..', import.meta.url));
export const impls = ['node', 'clone'] as const;
export type Impl = (typeof impls)[number];

export interface ProgramRun {
  key: string;
  /** A file of the package, e.g. 'demos/sticky-sessions.ts'. */
  program: string;
  impl: Impl;
  args?: string[];
  env?: Record<string, string>;
}

/** The demo's arguments for a counted run: R = 5 round trips per client, no narration. */
export function demoArgs(
  way: string,
  { clients, sources = 0, client = 'socket.io' }: DemoArgs,
): string[] {
  const counts = ['--clients', String(clients), '--rounds', '5', '--sources', String(sources)];
  return ['--way', way, '--client', client, ...counts, '--quiet'];
}

export interface DemoArgs {
  clients: number;
  /** 0: every client from 127.0.0.1; S: client i from 127.0.0.(2 + i % S). */
  sources?: number;
  client?: 'socket.io' | 'ws';
}

export async function runProgram(harness: ProcessHarness, run: ProgramRun): Promise<Report> {
  const env: Record<string, string> = { ...run.env };
  if (run.impl === 'clone') env.NODE_OPTIONS = `--require ${REGISTER}`;
  const child = harness.start(`${packageDir}${run.program}`, {
    args: run.args,
    cwd: packageDir, // the entry resolves by its package name from here
    env,
    name: `${run.program} (${run.key})`,
  });
  const report = await child.waitForMessage<Report>(
    (m) => (m as { type?: string })?.type === 'report',
    {
      what: `the report of ${run.program} ${run.args?.join(' ') ?? ''} (${run.key})`,
      timeout: 90_000,
    },
  );
  // Generous: on a busy machine two workers and a dozen clients take a while to wind down.
  const status = await child.waitForExit({
    what: `${run.program} (${run.key}) to end by itself`,
    timeout: 90_000,
  });
  if (status.code !== 0) throw new Error(`${run.key} exited with ${JSON.stringify(status)}`);
  await noneAlive(report.workerPids ?? [], `${run.key}'s workers`);
  return report;
}

/**
 * Runs every case before the file's tests, at most `parallel` at a time (each case is a
 * primary, two workers and its clients: the machine has two cores). Returns a getter that
 * throws that case's error, so only its own tests fail.
 */
export function programRuns(
  harness: ProcessHarness,
  runs: ProgramRun[],
  parallel = 2,
): (key: string) => Report {
  const results = new Map<string, PromiseSettledResult<Report>>();
  beforeAll(async () => {
    const queue = [...runs];
    const lane = async () => {
      for (let run = queue.shift(); run; run = queue.shift()) {
        const settled = await Promise.allSettled([runProgram(harness, run)]);
        results.set(run.key, settled[0] as PromiseSettledResult<Report>);
      }
    };
    await Promise.all(Array.from({ length: parallel }, lane));
  }, 240_000);
  return (key) => {
    const result = results.get(key);
    if (result === undefined) throw new Error(`no run for ${key}`);
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  };
}
