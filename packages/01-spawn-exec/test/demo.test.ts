import { isAlive } from '@cluster-from-scratch/kit/platform';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it } from 'vitest';

const harness = useHarness();

it('the demo ends by itself with exit code 0 and leaves no process behind', async () => {
  const demo = harness.start(new URL('../demos/main.ts', import.meta.url), { ipc: false });
  expect(await demo.waitForExit({ timeout: 30_000 })).toEqual({ code: 0, signal: null });
  // Every pid the demo narrated ("[child 1234]", "child 1234 is running") must be gone.
  const pids = [...demo.stdout.matchAll(/(?:child|\[child) (\d+)/g)].map((m) => Number(m[1]));
  expect(pids.length).toBeGreaterThan(0);
  expect(pids.filter(isAlive)).toEqual([]);
  expect(harness.markedPids()).toEqual([]);
});
