/**
 * The register entry runs programs written for node:cluster on the clone, unchanged: the same
 * plain JavaScript programs run once on Node's cluster (no flag) and once with the entry, by
 * --require, by --import, beside tsx, and through NODE_OPTIONS (how a whole process tree, such
 * as PM2's daemon and its workers, gets it). Each run: two workers online, both listening on
 * one port, both serving, and no worker left when the program ends.
 *
 * The worker script of the CommonJS program never asks for cluster (serve-pid.cjs), so its
 * listen() reaches the primary only if the entry set the worker up before the script ran.
 */
import { fileURLToPath } from 'node:url';
import { tsxLoaderUrl } from '@cluster-from-scratch/kit/tsx-loader';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { noneAlive, type Report } from './differential.ts';

const harness = useHarness();
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const program = (file: string) =>
  fileURLToPath(new URL(`./fixtures/register/${file}`, import.meta.url));
const REGISTER = '@cluster-from-scratch/06-round-robin-cluster/register';

interface Run {
  flags?: readonly string[];
  env?: Record<string, string>;
}

async function run(file: string, { flags = [], env = {} }: Run): Promise<Report> {
  // Started from the package's folder, so the entry resolves by its package name, as it
  // would for a reader who installed the package.
  const app = harness.startCommand(process.execPath, [...flags, program(file)], {
    cwd: packageDir,
    env,
    name: file,
  });
  const [, json] = await app.waitForLine(/^report (.*)$/, {
    what: `${file}'s report (${flags.join(' ') || 'no flags'})`,
    timeout: 30_000,
  });
  const report = JSON.parse(json as string) as Report;
  const status = await app.waitForExit({ what: `${file} to end after disconnect()` });
  expect(status).toEqual({ code: 0, signal: null });
  await noneAlive(report.workerPids as number[], `${file}'s workers`);
  return report;
}

function expectServedByBoth(report: Report, pidOf: (body: unknown) => number = Number): void {
  expect(report.online).toBe(2);
  expect(report.ports).toHaveLength(2);
  expect(report.ports[0]).toBe(report.ports[1]);
  expect(new Set((report.servedBy as unknown[]).map(pidOf))).toEqual(new Set(report.workerPids));
}

describe('a CommonJS program written for node:cluster', () => {
  it("runs on Node's cluster without the entry", async () => {
    const report = await run('primary.cjs', {});
    expect(report.clone).toBe(false);
    expectServedByBoth(report);
  });

  it.each([
    ['--require', { flags: ['--require', REGISTER] }],
    ['--import', { flags: ['--import', REGISTER] }],
    ['NODE_OPTIONS', { env: { NODE_OPTIONS: `--require ${REGISTER}` } }],
  ] as const)('runs on the clone with the entry given by %s', async (_how, how) => {
    const report = await run('primary.cjs', how);
    expect(report.clone).toBe(true);
    expect(report.sameObject).toBe(true); // 'cluster' and 'node:cluster' alike
    // process.getBuiltinModule cannot be redirected: it still gives Node's own module
    expect(report.realStillReachable).toBe(true);
    expectServedByBoth(report);
  });
});

describe('an ES module program written for node:cluster', () => {
  const pidOf = (body: unknown) => Number(String(body).split('.')[0]);

  it("runs on Node's cluster without the entry", async () => {
    const report = await run('primary.mjs', {});
    expect(report.clone).toBe(false);
    expectServedByBoth(report, pidOf);
  });

  it.each([
    ['alone', { flags: ['--import', REGISTER] }],
    ['after tsx', { flags: ['--import', tsxLoaderUrl, '--import', REGISTER] }],
  ] as const)('runs on the clone with --import of the entry %s', async (_how, how) => {
    const report = await run('primary.mjs', how);
    expect(report.clone).toBe(true);
    expect(report.sameObject).toBe(true); // 'cluster' and 'node:cluster' alike
    expectServedByBoth(report, pidOf);
    // each worker's own `import cluster from 'node:cluster'` gave it its cluster.worker
    const ids = (report.servedBy as string[]).map((body) => Number(body.split('.')[1]));
    expect(new Set(ids)).toEqual(new Set([1, 2]));
  });
});
