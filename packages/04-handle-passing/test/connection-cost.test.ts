/**
 * Per-connection cost: how many descriptors one client connection takes, and where.
 * Stage 03's proxy paid three per connection (two in the primary, one in a worker); passing
 * the handle pays one, in the process that serves it.
 */
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { connectionsHeld, listenerView } from '../src/inspect.ts';
import { countBy, holdConnections, script, startServer } from './helpers.ts';

const HELD = 6;

describe('what a connection costs', () => {
  const harness = useHarness();

  it('a1-25, a3-12: per-connection passing: only the primary listens; each held connection costs one descriptor, in the worker that serves it; the primary keeps none', async () => {
    const { report } = await startServer(harness, script('serve-per-connection.ts'), [
      '--workers',
      '2',
    ]);
    // Only the primary holds the listening socket in this mode.
    const [primary, ...workers] = listenerView(report.port, [
      report.primaryPid,
      ...report.workerPids,
    ]).holders;
    expect(primary?.fds).toHaveLength(1);
    for (const worker of workers) expect(worker.fds).toEqual([]);

    const held = await holdConnections(report.port, HELD);
    try {
      const served = countBy(held.servedBy, report.workerPids);
      expect([...served.keys()]).toEqual(report.workerPids); // nobody else answered
      // The primary accepted all six, then closed its copy of each once the worker acked.
      await pollUntil(() => connectionsHeld(report.primaryPid, report.port) === 0, {
        what: 'the primary to hold no accepted connection',
      });
      for (const pid of report.workerPids) {
        expect(connectionsHeld(pid, report.port)).toBe(served.get(pid));
      }
    } finally {
      held.close();
    }
  });

  it('shared socket: each held connection costs one descriptor, in the worker that accepted it', async () => {
    const { report } = await startServer(harness, script('serve-shared.ts'), ['--workers', '2']);
    const held = await holdConnections(report.port, HELD);
    try {
      const served = countBy(held.servedBy, report.workerPids);
      expect([...served.keys()]).toEqual(report.workerPids);
      expect(connectionsHeld(report.primaryPid, report.port)).toBe(0);
      for (const pid of report.workerPids) {
        expect(connectionsHeld(pid, report.port)).toBe(served.get(pid));
      }
    } finally {
      held.close();
    }
  });
});
