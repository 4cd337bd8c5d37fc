/**
 * How the differential tests run a fixture: start it as the primary (never fork from the
 * vitest worker), wait for its report, wait for it to exit by itself, and check that none of
 * the workers it reported is still alive.
 */
import type { ManagedChild, ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { beforeAll } from 'vitest';

export const impls = ['node', 'clone'] as const;
export type Impl = (typeof impls)[number];

export function fixture(name: string): URL {
  return new URL(`./fixtures/${name}.ts`, import.meta.url);
}

export interface RunOptions {
  args?: string[];
  execArgv?: string[];
  env?: Record<string, string | undefined>;
  timeout?: number;
}

// biome-ignore lint/suspicious/noExplicitAny: reports are JSON from another process; tests read them field by field
export type Report = Record<string, any>;

export function startFixture(
  harness: ProcessHarness,
  name: string,
  impl: Impl,
  options: RunOptions = {},
): ManagedChild {
  return harness.start(fixture(name), {
    args: options.args,
    execArgv: options.execArgv,
    env: { CFS_IMPL: impl, ...options.env },
  });
}

export async function runFixture(
  harness: ProcessHarness,
  name: string,
  impl: Impl,
  options: RunOptions = {},
): Promise<Report> {
  const child = startFixture(harness, name, impl, options);
  const report = await child.waitForMessage<Report>(
    (m) => (m as { type?: string })?.type === 'report',
    { what: `the ${name} fixture's report (${impl})`, timeout: options.timeout ?? 45_000 },
  );
  const status = await child.waitForExit({ what: 'the fixture to end by itself' });
  if (status.code !== 0) throw new Error(`${name} exited with ${JSON.stringify(status)}`);
  await noneAlive((report.workerPids as number[] | undefined) ?? [], `${name}'s workers`);
  return { ...report, primaryStdout: child.stdout, primaryStderr: child.stderr };
}

export async function noneAlive(pids: number[], what: string): Promise<void> {
  await pollUntil(() => pids.every((pid) => !isAlive(pid)), { what: `${what} to be gone` });
}

export interface FixtureCase {
  key: string;
  impl: Impl;
  options?: RunOptions;
}

/**
 * Runs one fixture for every case at once (node and clone side by side: the suite's wall time
 * is mostly process start-up), all before the file's first test. Nothing runs while the
 * tests read the reports, so the harness's after-each sweep cannot cut a run short.
 * Returns a getter: it throws that case's error, so only its own tests fail.
 */
export function fixtureRuns(
  harness: ProcessHarness,
  name: string,
  cases: FixtureCase[] = impls.map((impl) => ({ key: impl, impl })),
): (key: string) => Report {
  const results = new Map<string, PromiseSettledResult<Report>>();
  beforeAll(async () => {
    const settled = await Promise.allSettled(
      cases.map((c) => runFixture(harness, name, c.impl, c.options)),
    );
    for (const [i, result] of settled.entries()) results.set(cases[i]?.key as string, result);
  }, 120_000);
  return (key) => {
    const result = results.get(key);
    if (result === undefined) throw new Error(`no fixture run for ${key}`);
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  };
}

/** Every implementation under both of node:cluster's policies: rr and none. */
export const policyCases = impls.flatMap((impl) =>
  (['rr', 'none'] as const).map((policy) => ({ impl, policy })),
);

/**
 * fixtureRuns for every case of policyCases (NODE_CLUSTER_SCHED_POLICY set for each); the
 * getter takes the implementation and the policy.
 */
export function fixtureRunsPerPolicy(
  harness: ProcessHarness,
  name: string,
): (impl: Impl, policy: 'rr' | 'none') => Report {
  const report = fixtureRuns(
    harness,
    name,
    policyCases.map(({ impl, policy }) => ({
      key: `${impl}-${policy}`,
      impl,
      options: { env: { NODE_CLUSTER_SCHED_POLICY: policy } },
    })),
  );
  return (impl, policy) => report(`${impl}-${policy}`);
}
