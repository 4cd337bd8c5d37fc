/**
 * A rolling deploy through HAProxy's runtime API under load: each host drained, emptied,
 * rolled with stage 05's zero-downtime restart, and made ready again. Not one request may
 * fail, and no request that began after a drain may reach the drained host before it is ready.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it } from 'vitest';
import { rollingDeployHaproxy } from '../src/haproxy-rolling-deploy.ts';
import { type FrontResult, startLoad } from '../src/probe.ts';
import { tallyFront } from '../src/tally.ts';
import { describeTally } from './support/counts.ts';
import { describeWithHaproxy, startTestHaproxyFront } from './support/haproxy.ts';

describeWithHaproxy('a rolling deploy through HAProxy', () => {
  const harness = useHarness();

  it('drain, wait for no session, SIGHUP to its supervisor, ready: every worker of every host replaced under load, 0 failed, nothing sent to a drained host', async () => {
    const front = await startTestHaproxyFront(harness, {
      hosts: 2,
      workers: 2,
      kind: 'supervisor',
      haproxy: { checkIntervalMs: 200 },
    });
    const before = front.hosts.map((h) => [...h.workerPids]);
    // Which server is out: from the moment `show stat` said DRAIN until the roll was done and
    // the deploy was about to say "ready".
    const out: { server: string; from: number; to: number }[] = [];
    const steps: string[] = [];
    const load = startLoad({ port: front.haproxy.port, concurrency: 4 });
    await rollingDeployHaproxy(front.haproxy, front.hosts, front.serverOf, (step) => {
      steps.push(`${step.step} ${step.server}`);
      if (step.step === 'draining') out.push({ server: step.server, from: step.at, to: Infinity });
      if (step.step === 'rolled') {
        const last = out.at(-1);
        if (last) last.to = step.at;
      }
    });
    const results = await load.stop();
    const t = tallyFront(results, front.hosts);
    console.log(`rolling deploy through the runtime API under load: ${describeTally(t)}`);
    expect(steps).toEqual([
      'draining h1',
      'empty h1',
      'rolled h1',
      'ready h1',
      'draining h2',
      'empty h2',
      'rolled h2',
      'ready h2',
    ]);
    expect(t.failed, describeTally(t)).toBe(0);
    // A request that began after the drain held and ended before the deploy said "ready" went
    // to another host. (One that ended later may rightly have gone to the host, back in.)
    const startedAt = (r: FrontResult) => r.endedAt - r.latencyMs;
    const leaks = results.filter((r) =>
      out.some((o) => r.upstreamServer === o.server && startedAt(r) > o.from && r.endedAt < o.to),
    );
    expect(leaks, 'requests HAProxy sent to a drained host').toEqual([]);
    front.hosts.forEach((host, i) => {
      expect(host.workerPids).toHaveLength(2);
      for (const pid of host.workerPids) expect(before[i]).not.toContain(pid);
    });
    const servedByNew = results.filter((r) => front.workerPids().includes(r.servedBy ?? 0)).length;
    expect(servedByNew).toBeGreaterThan(0);
  });
});
