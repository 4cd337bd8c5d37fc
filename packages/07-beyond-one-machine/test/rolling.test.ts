/**
 * (d) A rolling deploy across hosts under load: each host is taken out of nginx's upstream,
 * rolled with stage 05's zero-downtime restart, and put back. Not one request may fail.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it } from 'vitest';
import type { FrontResult } from '../src/probe.ts';
import { startLoad } from '../src/probe.ts';
import { rollingDeploy } from '../src/rolling-deploy.ts';
import { tallyFront } from '../src/tally.ts';
import { describeTally } from './support/counts.ts';
import { describeWithNginx, startTestFront } from './support/nginx.ts';

describeWithNginx('a rolling deploy across hosts', () => {
  const harness = useHarness();

  it('each host out of the upstream, SIGHUP to its supervisor, back in: every worker of every host replaced under load, 0 failed', async () => {
    const front = await startTestFront(harness, {
      hosts: 2,
      workers: 2,
      kind: 'supervisor',
      nginx: { workerProcesses: 2, keepalive: 16 },
    });
    const before = front.hosts.map((h) => [...h.workerPids]);
    const load = startLoad({ port: front.nginx.port, concurrency: 4 });
    // The nginx workers started by an 'out' reload must send the host that is out nothing.
    const outBy = new Map<number, string>();
    const leaks: FrontResult[] = [];
    const watch = startLoad({
      port: front.nginx.port,
      concurrency: 1,
      onResult: (r) => {
        const out = outBy.get(r.nginxWorker ?? 0);
        if (out && r.upstreams.includes(out)) leaks.push(r);
      },
    });
    await rollingDeploy(front.nginx, front.hosts, (step) => {
      if (step.step !== 'out') return;
      for (const pid of step.nginxWorkers) outBy.set(pid, `${step.host.address}:${step.host.port}`);
    });
    const results = [...(await load.stop()), ...(await watch.stop())];
    const t = tallyFront(results, front.hosts);
    console.log(`rolling deploy under load: ${describeTally(t)}`);
    expect(t.failed, describeTally(t)).toBe(0);
    expect(leaks, 'requests nginx sent to a host it had taken out').toEqual([]);
    front.hosts.forEach((host, i) => {
      expect(host.workerPids).toHaveLength(2);
      for (const pid of host.workerPids) expect(before[i]).not.toContain(pid);
    });
    // The load ran across the whole deploy: the new workers served some of it.
    const servedByNew = results.filter((r) => front.workerPids().includes(r.servedBy ?? 0)).length;
    expect(servedByNew).toBeGreaterThan(0);
  });
});
