/**
 * Exercise 07.2: rollingDeploy() takes each host out of nginx's upstream, rolls it, puts it back.
 * Run: npm run verify -- 07.2 (your file) · npm run solution -- 07.2
 */
import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it } from 'vitest';
import * as starter from '../../exercises/rolling-deploy.ts';
import { type FrontResult, startLoad } from '../../src/probe.ts';
import * as solution from '../../src/rolling-deploy.ts';
import { describeWithNginx, startTestFront } from '../support/nginx.ts';

const { rollingDeploy } = pickTarget({ starter, solution });

describeWithNginx('exercise 07.2: a rolling deploy across hosts', () => {
  const harness = useHarness();

  it('under load: out, rolled, back for each host in turn; nothing sent to a host while it is out; 0 failed', async () => {
    const front = await startTestFront(harness, {
      hosts: 2,
      workers: 1,
      kind: 'supervisor',
      nginx: { workerProcesses: 2 },
    });
    const steps: string[] = [];
    const outBy = new Map<number, string>();
    const sentWhileOut: FrontResult[] = [];
    const load = startLoad({
      port: front.nginx.port,
      concurrency: 2,
      onResult: (r) => {
        const out = outBy.get(r.nginxWorker ?? 0);
        if (out && r.upstreams.includes(out)) sentWhileOut.push(r);
      },
    });
    const before = front.hosts.map((h) => h.workerPids[0]);
    await rollingDeploy(front.nginx, front.hosts, (step) => {
      steps.push(`${step.step} ${step.host.address}`);
      if (step.step === 'out') {
        for (const pid of step.nginxWorkers)
          outBy.set(pid, `${step.host.address}:${step.host.port}`);
      }
    });
    const results = await load.stop();
    const [a, b] = front.hosts.map((h) => h.address);
    expect(steps).toEqual([
      `out ${a}`,
      `rolled ${a}`,
      `back ${a}`,
      `out ${b}`,
      `rolled ${b}`,
      `back ${b}`,
    ]);
    expect(sentWhileOut, 'requests sent to a host that was out of the upstream').toEqual([]);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(front.hosts.map((h) => h.workerPids[0])).not.toEqual(before);
    expect(
      front.nginx.settings.upstreams.some((u) => u.down),
      'a host left out after the deploy',
    ).toBe(false);
  });
});
