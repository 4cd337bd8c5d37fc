/**
 * Differential: how workers end — kill, disconnect from either side, a channel that closes,
 * cluster.disconnect(cb), a primary that dies — on node:cluster and on the clone.
 */
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRuns, impls, noneAlive, type Report, startFixture } from './differential.ts';

const harness = useHarness();
const report = fixtureRuns(harness, 'endings');

describe.each(impls)('endings on %s', (impl) => {
  let r: Report;
  beforeAll(() => {
    r = report(impl);
  });

  it('worker.kill() signals the process (SIGTERM by default); exitedAfterDisconnect stays false', () => {
    expect(r.firstExits[0]).toEqual({ code: null, signal: 'SIGTERM' });
    expect(r.firstFlags[0]).toBe(false);
  });

  it('cluster.worker.disconnect() in the worker: exit code 0, exitedAfterDisconnect true', () => {
    expect(r.firstExits[1]).toEqual({ code: 0, signal: null });
    expect(r.firstFlags[1]).toBe(true);
  });

  it('a worker exits (code 0) when its channel to the primary goes away unasked', () => {
    expect(r.firstExits[2]).toEqual({ code: 0, signal: null });
    expect(r.firstFlags[2]).toBe(false);
  });

  it('cluster.worker.kill() in the worker: exit code 0, exitedAfterDisconnect true', () => {
    expect(r.firstExits[3]).toEqual({ code: 0, signal: null });
    expect(r.firstFlags[3]).toBe(true);
  });

  it("every ending still gives 'disconnect' before 'exit'", () => {
    for (const id of [1, 2, 3, 4, 5, 6]) {
      const events = r.events as string[];
      expect(events.indexOf(`disconnect ${id}`)).toBeGreaterThanOrEqual(0);
      expect(events.indexOf(`disconnect ${id}`)).toBeLessThan(events.indexOf(`exit ${id}`));
    }
  });

  it('cluster.disconnect(cb): every worker closes and exits 0; cb runs once none is listed', () => {
    expect(r.pairExits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    expect(r.pairFlags).toEqual([true, true]);
    expect(r.callbackWorkersLeft).toBe(0);
    expect(r.emptyCallback).toBe(true); // with no worker at all, cb still runs
  });
});

describe('a primary that dies', () => {
  it('SIGKILL the primary: its workers see the channel close and exit by themselves (node and clone)', async () => {
    // Both implementations side by side: the wait is the same, so it is paid once.
    const primaries = impls.map((impl) => startFixture(harness, 'orphans', impl));
    const reports = await Promise.all(
      primaries.map((p) =>
        p.waitForMessage<Report>((m) => (m as Report)?.type === 'report', {
          what: 'the workers to listen',
          timeout: 45_000,
        }),
      ),
    );
    const workerPids = reports.flatMap((r) => r.workerPids as number[]);
    expect(workerPids).toHaveLength(4);
    expect(workerPids.every(isAlive)).toBe(true);
    for (const p of primaries) p.kill('SIGKILL');
    await Promise.all(primaries.map((p) => p.waitForExit()));
    await noneAlive(workerPids, 'the orphaned workers');
  });
});
