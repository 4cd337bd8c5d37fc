/**
 * demos/serve.ts, the server the benchmarks and the lab start: it reports
 * { port, primaryPid, workerPids }, serves from every worker, and SIGTERM ends it (exit 0)
 * with no worker left. The policy comes from --policy, i.e. from cluster.schedulingPolicy.
 */
import { fileURLToPath } from 'node:url';
import { freshConnections, tally } from '@cluster-from-scratch/kit/http-load';
import { nodeHas, nodeSince } from '@cluster-from-scratch/kit/node-lines';
import { listeningInodes, socketInodes } from '@cluster-from-scratch/kit/platform';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { type Impl, noneAlive } from './differential.ts';

const harness = useHarness();
const serve = fileURLToPath(new URL('../demos/serve.ts', import.meta.url));

interface Ready {
  port: number;
  primaryPid: number;
  workerPids: number[];
}

describe('demos/serve.ts', () => {
  it.each([
    ['clone', 'rr'],
    ['clone', 'none'],
  ] as [Impl, string][])(
    '--impl %s --policy %s: ready report, both workers serve, SIGTERM ends all',
    async (impl, policy) => {
      const server = harness.start(serve, {
        args: ['--impl', impl, '--policy', policy, '--workers', '2', '--quiet'],
      });
      const ready = await server.waitForMessage<Ready>(
        (m) => typeof (m as Ready).port === 'number',
        {
          what: 'the ready report',
          timeout: 30_000,
        },
      );
      expect(ready.workerPids).toHaveLength(2);
      const load = tally(
        await freshConnections({ port: ready.port, requests: 20, concurrency: 2 }),
      );
      expect(load.failed).toBe(0);
      for (const w of load.workers) expect(ready.workerPids).toContain(w.pid);
      if (policy === 'rr') expect(load.workers).toHaveLength(2); // RR: both, 10 each

      const inode = listeningInodes(ready.port);
      const holds = (pid: number) => socketInodes(pid).some((i) => inode.includes(i));
      expect(holds(ready.primaryPid)).toBe(true);
      expect(ready.workerPids.map(holds)).toEqual(policy === 'rr' ? [false, false] : [true, true]);

      server.kill('SIGTERM');
      expect(await server.waitForExit()).toEqual({ code: 0, signal: null });
      await noneAlive(ready.workerPids, 'the workers after SIGTERM');
    },
  );

  it('--policy reuseport: a listening socket per worker on one port, none in the primary; refused where Node lacks reusePort', async () => {
    const server = harness.start(serve, {
      args: ['--impl', 'clone', '--policy', 'reuseport', '--workers', '2', '--quiet'],
    });
    if (!nodeHas('reusePort')) {
      // The clone's primary refuses SCHED_REUSEPORT at the first fork, naming the Node it needs.
      const status = await server.waitForExit({ what: 'serve.ts to refuse', timeout: 30_000 });
      expect(status.code).not.toBe(0);
      expect(server.stderr).toContain(`needs Node ${nodeSince('reusePort')}`);
      return;
    }
    const ready = await server.waitForMessage<Ready>((m) => typeof (m as Ready).port === 'number', {
      what: 'the ready report',
      timeout: 30_000,
    });
    const load = tally(await freshConnections({ port: ready.port, requests: 20, concurrency: 2 }));
    expect(load.failed).toBe(0);
    for (const w of load.workers) expect(ready.workerPids).toContain(w.pid);
    // Each worker holds a listening socket on the port, a different one; the primary none.
    const inodes = listeningInodes(ready.port);
    const own = (pid: number) => socketInodes(pid).filter((i) => inodes.includes(i));
    expect(own(ready.primaryPid)).toEqual([]);
    const [a, b] = ready.workerPids.map(own);
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a![0]).not.toBe(b![0]);
    server.kill('SIGTERM');
    expect(await server.waitForExit()).toEqual({ code: 0, signal: null });
    await noneAlive(ready.workerPids, 'the workers after SIGTERM');
  });

  it('refuses --policy reuseport with --impl node: node:cluster has no such policy', async () => {
    const server = harness.start(serve, { args: ['--impl', 'node', '--policy', 'reuseport'] });
    expect(await server.waitForExit()).toEqual({ code: 2, signal: null });
    expect(server.stderr).toContain('--policy reuseport is the clone');
  });

  it('rejects a bad option with a clear message and exit code 2', async () => {
    const server = harness.start(serve, { args: ['--impl', 'cluster'] });
    expect(await server.waitForExit()).toEqual({ code: 2, signal: null });
    expect(server.stderr).toContain('--impl must be node or clone, got cluster');
  });
});
