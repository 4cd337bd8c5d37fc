/**
 * Exercise 05.2: a forked child that uses exitOnDisconnect() does not outlive its parent.
 * Run: npm run verify -- 05.2 (your file) · npm run solution -- 05.2
 *
 * The child runs in its own process (the exercise is about processes), so the spec starts
 * parent.ts → guarded-agent.ts, which imports the starter or the solution as
 * CFS_EXERCISE_TARGET says, then SIGKILLs the parent and watches the child by pid.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { afterAll, describe, expect, it } from 'vitest';

const harness = useHarness();
const scratch = mkdtempSync(join(tmpdir(), 'cfs-05-2-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('exercise 05.2: exit when the parent is gone', () => {
  it('the child exits within 2 s of its parent’s SIGKILL, after running beforeExit', async () => {
    const marker = join(scratch, 'before-exit.txt');
    const parent = harness.start(new URL('../../demos/programs/parent.ts', import.meta.url), {
      args: [fileURLToPath(new URL('../fixtures/guarded-agent.ts', import.meta.url)), marker],
    });
    const child = await parent.waitForMessage<{
      pid: number;
      ppid: number;
      parentPid: number;
      guardError?: string;
    }>(undefined, { what: 'the guarded agent to start' });
    expect(child.guardError, 'exitOnDisconnect threw').toBeUndefined();
    expect(child.ppid).toBe(child.parentPid);
    expect(isAlive(child.pid)).toBe(true); // it does not leave while the parent lives

    parent.kill('SIGKILL');
    await pollUntil(() => !isAlive(child.pid), {
      what: `the child ${child.pid} to exit after its parent was SIGKILLed (still an orphan?)`,
    });
    expect(existsSync(marker) && readFileSync(marker, 'utf8')).toBe(
      `beforeExit ran in ${child.pid}\n`,
    );
  });
});
