/**
 * Who gets the connections. Per-connection passing decides in the primary (round robin);
 * a shared socket leaves it to the kernel, so for it we assert only the shape.
 */

import { connect } from 'node:net';
import { freshConnections, tally } from '@cluster-from-scratch/kit/http-load';
import { canCountWakeUps } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { connectionsHeld } from '../src/inspect.ts';
import { countBy, fixture, script, startServer, wakeUps } from './helpers.ts';

function signal(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) process.kill(pid, sig);
}

describe('who gets the connections', () => {
  const harness = useHarness();

  it('per-connection passing gives every worker a share within ±1 of even', async () => {
    const { report } = await startServer(harness, script('serve-per-connection.ts'), [
      '--workers',
      '3',
    ]);
    const requests = 31;
    const results = await freshConnections({ port: report.port, requests, concurrency: 3 });
    const counts = countBy(
      results.map((r) => r.servedBy),
      report.workerPids,
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(counts.size).toBe(3);
    for (const count of counts.values()) {
      expect(Math.abs(count - requests / 3)).toBeLessThanOrEqual(1);
    }
  });

  it('a1-27: when the primary keeps serving, the primary and the workers all answer: whoever accepts first', async () => {
    const { report } = await startServer(harness, script('serve-shared.ts'), [
      '--workers',
      '2',
      '--primary-serves',
    ]);
    // Take the race away from one side at a time: a stopped process cannot accept.
    try {
      signal(report.workerPids, 'SIGSTOP');
      const primaryOnly = await freshConnections({ port: report.port, requests: 5 });
      expect(primaryOnly.map((r) => r.servedBy)).toEqual(Array(5).fill(report.primaryPid));
      signal(report.workerPids, 'SIGCONT');
      signal([report.primaryPid], 'SIGSTOP');
      const workersOnly = await freshConnections({ port: report.port, requests: 5 });
      for (const r of workersOnly) expect(report.workerPids).toContain(r.servedBy);
    } finally {
      signal([report.primaryPid, ...report.workerPids], 'SIGCONT');
    }
  });

  it('a3-16, a4-16, a4-26: on a shared socket each connection is accepted by exactly one worker, first come first served: a worker that cannot run wins none', async () => {
    const { report } = await startServer(harness, script('serve-shared.ts'), ['--workers', '3']);
    const all = await freshConnections({ port: report.port, requests: 30, concurrency: 3 });
    const { workers, failed } = tally(all);
    expect(failed).toBe(0);
    // Shape only: how the 30 split is the kernel's business.
    expect(workers.reduce((sum, w) => sum + w.connections, 0)).toBe(30);
    for (const w of workers) expect(report.workerPids).toContain(w.pid);

    const [stuck, ...others] = report.workerPids as [number, ...number[]];
    try {
      // SIGSTOP stands in for a worker stuck in a long synchronous job: it never calls accept().
      signal([stuck], 'SIGSTOP');
      const results = await freshConnections({ port: report.port, requests: 20, concurrency: 2 });
      expect(results.every((r) => r.ok)).toBe(true);
      for (const r of results) expect(others).toContain(r.servedBy);
    } finally {
      signal([stuck], 'SIGCONT');
    }
  });

  it('a1-28: thundering herd: on a shared socket one connection wakes every idle worker and one wins; per-connection passing wakes only the chosen one', async ({
    skip,
  }) => {
    skip(!canCountWakeUps, 'needs Linux: wake-ups are counted in /proc/<pid>/status');
    const connections = 6;
    const shared = await startServer(harness, script('serve-shared.ts'), ['--workers', '2']);
    const herd = await wakeUps(shared.report, connections);
    // Every worker that did not get the connection was woken for it anyway, every time.
    expect(herd.bystandersWoken).toBe(herd.bystanders);

    const passing = await startServer(harness, script('serve-per-connection.ts'), [
      '--workers',
      '2',
    ]);
    const calm = await wakeUps(passing.report, connections);
    // Only the primary listens: a worker wakes when it is handed a connection, not otherwise.
    expect(calm.bystanderWakeUps).toBeLessThan(connections);
  });

  it('a2-09: a primary that keeps its copy with no connection listener still wins accepts, and that client is never answered', async () => {
    const { report } = await startServer(harness, fixture('primary.ts'), [
      '--unattended',
      '--workers',
      '2',
    ]);
    expect(report.connectionListeners).toBe(0);
    const client = connect(report.port, '127.0.0.1');
    try {
      // With the workers stopped the primary is the only one left in the accept race.
      signal(report.workerPids, 'SIGSTOP');
      client.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      await pollUntil(() => connectionsHeld(report.primaryPid, report.port) === 1, {
        what: 'the primary to accept the connection',
      });
      signal(report.workerPids, 'SIGCONT');
      // The connection lives in the primary, which has nobody to answer it; no worker can
      // ever get it, because accepting happens once.
      for (const pid of report.workerPids) expect(connectionsHeld(pid, report.port)).toBe(0);
      expect(client.bytesRead).toBe(0);
    } finally {
      signal(report.workerPids, 'SIGCONT');
      client.destroy();
    }
  });
});
