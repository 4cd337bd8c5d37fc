import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import * as starter from '../../exercises/fork-stdio.ts';
import * as solution from '../../src/fork-stdio.ts';

const { forkStdio } = pickTarget({ starter, solution });
const harness = useHarness();

describe('01.2 forkStdio opens the IPC channel', () => {
  it("puts 'ipc' after the three standard streams", () => {
    expect(forkStdio()).toEqual(['inherit', 'inherit', 'inherit', 'ipc']);
    expect(forkStdio({ silent: true })).toEqual(['pipe', 'pipe', 'pipe', 'ipc']);
  });

  it("refuses a caller's stdio without 'ipc'", () => {
    expect(() => forkStdio({ stdio: 'pipe' })).toThrow(
      expect.objectContaining({ code: 'ERR_CHILD_PROCESS_IPC_REQUIRED' }),
    );
    expect(() => forkStdio({ stdio: ['pipe', 'pipe', 'pipe'] })).toThrow(/ipc/);
    expect(forkStdio({ stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })).toEqual([
      'ignore',
      'pipe',
      'pipe',
      'ipc',
    ]);
  });

  it('lets a spawned Node child talk back over the channel', async () => {
    const probe = harness.start(new URL('../fixtures/exercise-fork.ts', import.meta.url));
    const result = await probe.waitForMessage<{ hasChannel: boolean }>(() => true, {
      what: 'the channel probe result',
    });
    expect(result).toMatchObject({
      hasChannel: true,
      reply: { echo: { ping: 1 }, connected: true },
    });
  });
});
