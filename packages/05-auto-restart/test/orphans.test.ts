/**
 * No orphans. First the problem (egg-cluster's agent, a2), then how the supervisor avoids it.
 */
import { isAlive, readStat } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { events, startServe } from './support/serve.ts';

const harness = useHarness();
const PARENT = new URL('../demos/programs/parent.ts', import.meta.url);
const AGENT = new URL('../demos/programs/agent.ts', import.meta.url).pathname;

interface Family {
  parentPid: number;
  pid: number;
  ppid: number;
}

async function startFamily(mode: string) {
  const parent = harness.start(PARENT, { args: [AGENT, mode], name: `parent.ts (agent ${mode})` });
  const family = await parent.waitForMessage<Family>((m) => typeof m === 'object' && m !== null, {
    what: `the ${mode} agent to be ready`,
  });
  expect(family.ppid).toBe(family.parentPid);
  return { parent, family };
}

/** Waits for the pid to be gone: how fast is the machine's business, not the claim's. */
function gone(pid: number, what: string) {
  return pollUntil(() => !isAlive(pid), { what });
}

/** Kills a pid we found by hand (it left the harness's tree); ESRCH is fine. */
function cleanUp(pid: number) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

describe('the problem: a plain forked child outlives its parent', () => {
  it('a2-25: an agent that keeps a timer survives its parent’s SIGKILL and is adopted by another process', async () => {
    const { parent, family } = await startFamily('timer');
    try {
      parent.kill('SIGKILL');
      await parent.waitForExit();
      await gone(family.parentPid, 'the parent to be gone');
      // The parent is dead; its child was re-parented and runs on: an orphan.
      expect(isAlive(family.pid)).toBe(true);
      expect(readStat(family.pid)?.ppid).not.toBe(family.parentPid);
    } finally {
      cleanUp(family.pid);
      await gone(family.pid, 'the orphan to be cleaned up');
    }
  });

  it('a2-25 (loose): an agent with nothing but a message listener exits by itself when the channel closes', async () => {
    const { parent, family } = await startFamily('message-only');
    try {
      parent.kill('SIGKILL');
      await gone(family.pid, 'the message-only agent to exit on its own');
    } finally {
      cleanUp(family.pid);
    }
  });

  it('a3-18 (loose): a process.on("exit") hook ends the child on a normal exit, not on an unhandled SIGTERM or a SIGKILL', async () => {
    const cases = [
      { mode: 'normal-exit', signal: undefined, childEnds: true },
      { mode: 'sigterm-handled', signal: 'SIGTERM', childEnds: true },
      { mode: 'wait', signal: 'SIGTERM', childEnds: false },
      { mode: 'wait', signal: 'SIGKILL', childEnds: false },
    ] as const;
    const runs = cases.map((c) => {
      const primary = harness.start(new URL('./fixtures/exit-hook-primary.ts', import.meta.url), {
        args: [c.mode],
        name: `exit-hook-primary ${c.mode} ${c.signal ?? ''}`,
      });
      return { ...c, primary };
    });
    const orphans: number[] = [];
    try {
      for (const run of runs) {
        const { primaryPid, childPid } = await run.primary.waitForMessage<{
          primaryPid: number;
          childPid: number;
        }>(undefined, { what: `${run.mode}: the child to be up` });
        orphans.push(childPid);
        if (run.signal) run.primary.kill(run.signal);
        await run.primary.waitForExit();
        await gone(primaryPid, 'the primary to be gone');
        if (run.childEnds) {
          await gone(childPid, `${run.mode}: the exit hook to end the child`);
        } else {
          expect(isAlive(childPid), `${run.mode} ${run.signal}: the child lives on`).toBe(true);
        }
      }
    } finally {
      for (const pid of orphans) cleanUp(pid);
    }
  });

  it('a2-24: node:cluster workers exit by themselves when their primary is SIGKILLed', async () => {
    const primary = harness.start(new URL('./fixtures/cluster-primary.ts', import.meta.url));
    const { workerPids } = await primary.waitForMessage<{ workerPids: number[] }>(undefined, {
      what: 'the cluster workers to be online',
    });
    primary.kill('SIGKILL');
    await pollUntil(() => workerPids.every((pid) => !isAlive(pid)), {
      what: 'the cluster workers to exit after their primary died',
    });
  });
});

describe('the fix', () => {
  it('a2-25 fixed: an agent that exits on IPC disconnect goes with its parent', async () => {
    const { parent, family } = await startFamily('exit-on-disconnect');
    parent.kill('SIGKILL');
    await gone(family.pid, 'the guarded agent to exit after its parent’s SIGKILL');
  });

  it('kill -9 of the primary leaves no worker alive', async () => {
    const { child, started } = await startServe(harness, ['--workers', '2']);
    child.kill('SIGKILL');
    await pollUntil(() => started.workerPids.every((pid) => !isAlive(pid)), {
      what: `workers ${started.workerPids.join(', ')} to exit after the primary was SIGKILLed`,
    });
  });

  it('a normal primary exit without stop() still ends its workers', async () => {
    const { child, started } = await startServe(harness, ['--workers', '2']);
    child.send({ cmd: 'exit' });
    expect(await child.waitForExit()).toEqual({ code: 0, signal: null });
    await pollUntil(() => started.workerPids.every((pid) => !isAlive(pid)), {
      what: 'the workers to end with their primary',
    });
  });

  it.each([
    ['SIGTERM', 'the primary'],
    ['SIGINT', 'the whole process group, as Ctrl-C does'],
  ] as const)(
    'a4-18: %s to %s: graceful shutdown, exit 0, no worker left',
    async (signal, target) => {
      const { child, started } = await startServe(harness, ['--workers', '2']);
      if (target === 'the primary') child.kill(signal);
      else process.kill(-child.pid, signal);
      expect(await child.waitForExit()).toEqual({ code: 0, signal: null });
      expect(events(child, 'closed')).toEqual([{ event: 'closed', reason: 'stop' }]);
      const exits = events(child, 'exit');
      expect(exits.map((e) => e.pid).sort()).toEqual([...started.workerPids].sort());
      for (const exit of exits) expect(exit).toMatchObject({ code: 0, cause: 'asked' });
      expect(events(child, 'fork')).toHaveLength(2); // nothing was restarted on the way out
      for (const pid of started.workerPids) expect(isAlive(pid)).toBe(false);
    },
  );
});
