/**
 * Exercise 02.2: reject pending requests when the other side goes away (watchPeer).
 * Runs against real children: the fixture forks them and picks the starter or the solution.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';

interface Scenario {
  calls: number;
  description: string;
  pendingLeft: number;
  aliveAfterDisconnect: boolean;
  outcomes: { rejected: boolean; code?: string; message?: string }[];
}
interface Report {
  crash: Scenario;
  childDisconnects: Scenario;
  alreadyClosed: { calls: number; calledSynchronously: boolean };
  stopped: { calls: number; disconnectListenersLeft: number };
}

describe('exercise 02.2: watchPeer reports, once, that the other side is gone', () => {
  const harness = useHarness();
  let report: Report | undefined;
  const run = async (): Promise<Report> => {
    if (report) return report;
    const primary = harness.start(new URL('../fixtures/exercise-peer.ts', import.meta.url));
    report = await primary.waitForMessage<Report>(() => true, { what: 'the exercise report' });
    return report;
  };

  it('a child that exits mid-request: both pending requests reject at once, onGone runs once', async () => {
    const { crash } = await run();
    expect(crash.calls).toBe(1);
    expect(crash.pendingLeft).toBe(0);
    expect(crash.outcomes).toEqual([
      expect.objectContaining({ rejected: true, code: 'ERR_RPC_DISCONNECTED' }),
      expect.objectContaining({ rejected: true, code: 'ERR_RPC_DISCONNECTED' }),
    ]);
    expect(crash.outcomes[0]?.message).toMatch(/request 'slow' \(seq 1\)/);
  });

  it('a child that only disconnects (and lives on) counts as gone too', async () => {
    const { childDisconnects } = await run();
    expect(childDisconnects.aliveAfterDisconnect).toBe(true);
    expect(childDisconnects.calls).toBe(1);
    expect(childDisconnects.outcomes.every((o) => o.rejected)).toBe(true);
  });

  it('watching a channel that is already closed reports once, on a later tick', async () => {
    const { alreadyClosed } = await run();
    expect(alreadyClosed).toEqual({ calls: 1, calledSynchronously: false });
  });

  it('the returned stop function stops the watch and removes the listener', async () => {
    const { stopped } = await run();
    expect(stopped).toEqual({ calls: 0, disconnectListenersLeft: 0 });
  });
});
