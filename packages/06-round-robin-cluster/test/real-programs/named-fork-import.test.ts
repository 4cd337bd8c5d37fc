/**
 * A Node fact the README states: `import { fork } from 'node:cluster'` fails in a node:cluster
 * worker, because the worker's cluster module has no `fork` (a5-15), so the named import does
 * not exist there and the worker dies while linking (exit code 1, a SyntaxError on stderr).
 * The clone's ES face (register/cluster.mjs) exports every name in both roles, `undefined`
 * where the role has none, so the same worker runs under the register entry.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { REGISTER } from '../../demos/pm2/pm2-cli.ts';
import type { Report } from '../differential.ts';
import { program } from './run-program.ts';

const harness = useHarness();

async function run(flags: string[]): Promise<{ report: Report; stderr: string }> {
  const app = harness.startCommand(
    process.execPath,
    [...flags, program('named-fork-primary.mjs')],
    {
      cwd: new URL('../..', import.meta.url).pathname,
      name: 'named-fork-primary.mjs',
    },
  );
  const [, json] = await app.waitForLine(/^report (.*)$/, { what: 'the worker to end' });
  expect(await app.waitForExit({ what: 'the primary to end' })).toEqual({ code: 0, signal: null });
  return { report: JSON.parse(json as string) as Report, stderr: app.stderr };
}

describe("import { fork } from 'node:cluster' in a worker", () => {
  it('fails on node:cluster: the worker has no fork export, it dies linking (exit code 1)', async () => {
    const { report, stderr } = await run([]);
    expect(report).toEqual({ clone: false, code: 1, signal: null, said: null });
    expect(stderr).toMatch(/SyntaxError: .*does not provide an export named 'fork'/);
  });

  it('works under the register entry: fork is undefined there, the worker runs', async () => {
    const { report } = await run(['--import', REGISTER]);
    expect(report).toEqual({
      clone: true,
      code: 0,
      signal: null,
      said: { isWorker: true, fork: 'undefined' },
    });
  });
});
