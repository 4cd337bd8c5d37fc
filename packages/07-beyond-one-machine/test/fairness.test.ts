/**
 * (a) Two levels of balancing, counted: nginx's workers take the client connections, each
 * nginx worker deals requests to hosts in turn, and each host's cluster deals the connections
 * nginx opens to it over its workers.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it } from 'vitest';
import { runLoad } from '../src/probe.ts';
import { tallyFront } from '../src/tally.ts';
import { describeTally } from './support/counts.ts';
import { describeWithNginx, startTestFront } from './support/nginx.ts';

describeWithNginx('two levels of balancing', () => {
  const harness = useHarness();

  it('a new upstream connection per request: nginx alternates hosts, each cluster alternates its workers, every nginx worker counted', async () => {
    const front = await startTestFront(harness, {
      hosts: 2,
      workers: 2,
      kind: 'cluster',
      nginx: { workerProcesses: 2, keepalive: 0 },
    });
    const results = await runLoad({ port: front.nginx.port, requests: 200, concurrency: 4 });
    const t = tallyFront(results, front.hosts);
    console.log(`fresh client connections, no upstream keep-alive: ${describeTally(t)}`);
    expect(t.failed, describeTally(t)).toBe(0);
    // Level 0: every response names one of nginx's own workers, and they add up.
    expect([...t.nginxWorkers.keys()].every((pid) => front.nginx.workerPids.includes(pid))).toBe(
      true,
    );
    expect([...t.nginxWorkers.values()].reduce((a, b) => a + b, 0)).toBe(200);
    // Level 1: each nginx worker alternates the two hosts, so they differ by at most one
    // request per nginx worker.
    const [a, b] = t.hosts.map((h) => h.requests) as [number, number];
    expect(Math.abs(a - b), describeTally(t)).toBeLessThanOrEqual(2);
    // Level 2: every request came on its own upstream connection, and each cluster dealt
    // those connections to all of its workers.
    expect(t.upstreamConnections).toBe(200);
    for (const host of t.hosts) {
      expect(
        [...host.workers.values()].every((n) => n > 0),
        describeTally(t),
      ).toBe(true);
    }
  });

  it('with upstream keep-alive and one request at a time, each host gets one connection, so one of its workers serves all it gets', async () => {
    const front = await startTestFront(harness, {
      hosts: 2,
      workers: 2,
      kind: 'cluster',
      nginx: { workerProcesses: 1, keepalive: 16 },
    });
    const results = await runLoad({ port: front.nginx.port, requests: 100, concurrency: 1 });
    const t = tallyFront(results, front.hosts);
    console.log(`one client at a time, upstream keep-alive: ${describeTally(t)}`);
    expect(t.failed, describeTally(t)).toBe(0);
    const [a, b] = t.hosts.map((h) => h.requests) as [number, number];
    expect(Math.abs(a - b), describeTally(t)).toBeLessThanOrEqual(1);
    for (const host of t.hosts) {
      // The level-2 balancer deals connections, and there was only one to deal.
      expect(host.connections, describeTally(t)).toBe(1);
      expect(
        [...host.workers.values()].sort((x, y) => x - y),
        describeTally(t),
      ).toEqual([0, host.requests]);
    }
    expect(t.workerFairness.jain, describeTally(t)).toBeCloseTo(0.5, 1);
  });
});
