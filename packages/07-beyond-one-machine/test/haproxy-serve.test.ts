/**
 * src/serve.ts --engine haproxy: the same ready report as with nginx (the proxy's one process
 * in enginePids), a config HAProxy checked first, and a clean end however serve.ts ends.
 */
import { rmSync } from 'node:fs';
import { processesOfRun } from '@cluster-from-scratch/kit/leaks';
import { readCmdline } from '@cluster-from-scratch/kit/platform';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it, onTestFinished } from 'vitest';
import { canSetParentDeathSignal } from '../src/parent-death.ts';
import { runLoad } from '../src/probe.ts';
import { describeWithHaproxy } from './support/haproxy.ts';
import { everyProcessGone, startServe } from './support/serve.ts';

const RUN_ID = `haproxy-serve-test-${process.pid}`;

describeWithHaproxy('serve.ts --engine haproxy', () => {
  const harness = useHarness();

  it('--hosts 2 --workers 2: one ready report naming the haproxy process and every host worker; every response names haproxy and a host worker; SIGTERM ends them all', async () => {
    const { serve, ready } = await startServe(
      harness,
      ['--engine', 'haproxy', '--hosts', '2', '--workers', '2'],
      RUN_ID,
    );
    expect(ready.engine).toBe('haproxy');
    expect(ready.primaryPid).toBe(serve.pid);
    expect(ready.nginx).toBeUndefined();
    expect(ready.enginePids).toEqual([ready.haproxy?.pid]);
    expect(readCmdline(ready.enginePids[0] ?? 0)).toMatch(/haproxy -db -f /);
    expect(ready.workerPids).toHaveLength(4);

    const results = await runLoad({ port: ready.port, requests: 40, concurrency: 2 });
    expect(results.every((r) => r.ok && ready.workerPids.includes(r.servedBy ?? 0))).toBe(true);
    expect(new Set(results.map((r) => r.haproxyPid))).toEqual(new Set(ready.enginePids));
    // roundrobin over two hosts, one request at a time or two: each host got half.
    const h1 = results.filter((r) => r.upstreamServer === 'h1').length;
    expect(h1).toBe(20);

    // The leak check of `npm test` finds HAProxy by the run's marker (it keeps its environment).
    expect(processesOfRun(RUN_ID).map((p) => p.pid)).toContain(ready.enginePids[0]);

    serve.kill('SIGTERM');
    expect(await serve.waitForExit({ timeout: 30_000 })).toEqual({ code: 0, signal: null });
    await everyProcessGone(ready, 'haproxy and every host to be gone');
  }, 180_000);

  it('SIGKILL of serve.ts alone: haproxy is ended by the kernel (a parent-death signal), the hosts by their closed channel', async ({
    skip,
  }) => {
    skip(
      !canSetParentDeathSignal(),
      'needs Linux: setpriv --pdeathsig (util-linux) to give haproxy a parent-death signal',
    );
    const { serve, ready } = await startServe(
      harness,
      ['--engine', 'haproxy', '--hosts', '2', '--workers', '1'],
      RUN_ID,
    );
    // SIGKILL gives serve.ts no chance to remove HAProxy's temp folder: the test does.
    const dir = ready.haproxy?.dir;
    if (dir) onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    expect((await runLoad({ port: ready.port, requests: 4 })).every((r) => r.ok)).toBe(true);
    process.kill(serve.pid, 'SIGKILL');
    expect(await serve.waitForExit()).toEqual({ code: null, signal: 'SIGKILL' });
    await everyProcessGone(ready, 'haproxy and every host to end after serve.ts was SIGKILLed');
  }, 180_000);
});
