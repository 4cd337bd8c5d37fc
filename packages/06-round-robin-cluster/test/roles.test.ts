/**
 * Differential: how a process learns its role. node:cluster reads NODE_UNIQUE_ID, the clone its
 * own CFS_UNIQUE_ID; both need a script (process.argv[1]) before they set a worker up.
 */
import { tsxExecArgv } from '@cluster-from-scratch/kit/tsx-loader';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { fixture, impls } from './differential.ts';

const harness = useHarness();

describe.each(impls)('roles on %s', (impl) => {
  const idVar = impl === 'node' ? 'NODE_UNIQUE_ID' : 'CFS_UNIQUE_ID';

  async function probe(env: Record<string, string | undefined>) {
    // `-e`: no script, so process.argv[1] is undefined.
    const code = `await import(${JSON.stringify(fixture('role-probe').href)})`;
    const child = harness.startCommand(
      process.execPath,
      [...tsxExecArgv(), '--input-type=module', '-e', code],
      { env: { CFS_IMPL: impl, ...env } },
    );
    const status = await child.waitForExit();
    expect(status).toEqual({ code: 0, signal: null });
    return JSON.parse(child.stdout);
  }

  it(`a5-08: ${idVar} in the env makes isWorker true (cluster.worker null without a script); else primary`, async () => {
    const [asWorker, asPrimary] = await Promise.all([
      probe({ [idVar]: '1' }),
      probe({ NODE_UNIQUE_ID: undefined, CFS_UNIQUE_ID: undefined }),
    ]);
    expect(asWorker).toEqual({
      isPrimary: false,
      isWorker: true,
      worker: 'null',
      forkType: 'undefined',
      idVarInEnv: true, // not set up, so not deleted either
    });
    expect(asPrimary).toMatchObject({ isPrimary: true, isWorker: false, forkType: 'function' });
  });
});
