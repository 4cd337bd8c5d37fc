/**
 * (e) nginx takes a changed upstream list without losing a request: `nginx -s reload` under
 * load, from hosts 1 and 2 to hosts 2 and 3.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it } from 'vitest';
import { upstreamsOf } from '../src/front.ts';
import type { Host } from '../src/hosts.ts';
import { startHost } from '../src/hosts.ts';
import { startLoad } from '../src/probe.ts';
import { tallyFront } from '../src/tally.ts';
import { describeTally } from './support/counts.ts';
import { describeWithNginx, startTestFront } from './support/nginx.ts';

describeWithNginx('nginx -s reload', () => {
  const harness = useHarness();

  it('a changed upstream list under load: the new host serves, the removed one gets nothing from the new workers, 0 failed', async () => {
    const front = await startTestFront(harness, {
      hosts: 2,
      workers: 1,
      kind: 'cluster',
      nginx: { workerProcesses: 2, keepalive: 16 },
    });
    const third = await startHost(harness, { kind: 'cluster', index: 2, workers: 1 });
    const [first, second] = front.hosts as [Host, Host];
    const all = [first, second, third];
    const load = startLoad({ port: front.nginx.port, concurrency: 4 });
    // Let the old configuration serve a little first: wait until both old hosts answered.
    await load.waitFor(
      (results) => new Set(results.map((r) => r.servedBy)).size >= 2,
      'the old configuration to serve from both of its hosts',
    );
    const { new: newWorkers } = await front.nginx.reload(
      { upstreams: upstreamsOf([second, third]) },
      { waitOldGone: true },
    );
    await load.waitFor(
      (results) => results.filter((r) => third.workerPids.includes(r.servedBy ?? 0)).length >= 50,
      'the new host to serve 50 requests',
    );
    const results = await load.stop();
    const t = tallyFront(results, all);
    console.log(`reload under load, hosts 1+2 → 2+3: ${describeTally(t)}`);
    expect(t.failed, describeTally(t)).toBe(0);
    const fromNewWorkers = results.filter((r) => newWorkers.includes(r.nginxWorker ?? 0));
    expect(fromNewWorkers.filter((r) => first.workerPids.includes(r.servedBy ?? 0))).toEqual([]);
    expect(t.hosts[0]?.requests).toBeGreaterThan(0); // host 1 served before the reload
  });
});
