/**
 * src/serve.ts, the program the benchmarks and the lab can run: the ready report, the
 * processes it says it started, and a clean end.
 */
import { processesOfRun } from '@cluster-from-scratch/kit/leaks';
import { readCmdline, readStat } from '@cluster-from-scratch/kit/platform';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it } from 'vitest';
import { canSetParentDeathSignal } from '../src/parent-death.ts';
import { runLoad } from '../src/probe.ts';
import { countSessions } from '../src/sessions.ts';
import { describeWithNginx } from './support/nginx.ts';
import { everyProcessGone, startServe } from './support/serve.ts';

const RUN_ID = `serve-test-${process.pid}`;

describeWithNginx('serve.ts', () => {
  const harness = useHarness();

  /** serve.ts with 2 hosts of `workers` each, and its ready report. */
  const start = (workers: number) =>
    startServe(harness, ['--hosts', '2', '--workers', String(workers)], RUN_ID);

  it('--hosts 2 --workers 2: one ready report with the front port, every host worker, every nginx process; SIGTERM ends them all', async () => {
    const { serve, ready } = await start(2);
    expect(ready.primaryPid).toBe(serve.pid);
    const nginx = ready.nginx!;
    expect(ready.engine).toBe('nginx');
    expect(ready.enginePids).toEqual([nginx.masterPid, ...nginx.workerPids]);
    expect(ready.hosts.map((h) => h.address)).toEqual(['127.0.1.1', '127.0.1.2']);
    expect(ready.workerPids).toEqual(ready.hosts.flatMap((h) => h.workerPids));
    expect(ready.workerPids).toHaveLength(4);
    expect(nginx.workerPids).toHaveLength(2);

    const results = await runLoad({ port: ready.port, requests: 40, concurrency: 2 });
    expect(results.every((r) => r.ok && ready.workerPids.includes(r.servedBy ?? 0))).toBe(true);

    // What the harness's teardown reaches: the hosts carry its marker; nginx writes its ps
    // title over its environment, so nginx is reached through serve.ts's process group instead.
    const marked = harness.markedPids();
    for (const h of ready.hosts)
      for (const pid of [h.primaryPid, ...h.workerPids]) expect(marked).toContain(pid);
    for (const pid of [nginx.masterPid, ...nginx.workerPids]) {
      expect(readStat(pid)?.pgid).toBe(serve.pid);
    }

    // And what `npm test`'s leak check finds (it gives the run an id; here, one of our own).
    const ofRun = processesOfRun(RUN_ID).map((p) => p.pid);
    for (const pid of [serve.pid, nginx.masterPid, ...nginx.workerPids]) {
      expect(ofRun).toContain(pid);
    }

    serve.kill('SIGTERM');
    expect(await serve.waitForExit({ timeout: 30_000 })).toEqual({ code: 0, signal: null });
    await everyProcessGone(ready, 'every host and nginx process to be gone');
    // Longer than the waits above put together, so a slow step fails with its own message.
  }, 180_000);

  it('SIGKILL of serve.ts alone: nginx is ended by the kernel (a parent-death signal), the hosts by their closed channel; nothing is left', async ({
    skip,
  }) => {
    skip(
      !canSetParentDeathSignal(),
      'needs Linux: setpriv --pdeathsig (util-linux) to give nginx a parent-death signal',
    );
    const { serve, ready } = await start(1);
    const nginx = ready.nginx!;
    // The master is nginx itself (setpriv execs it), and it is serving.
    expect(readCmdline(nginx.masterPid)).toMatch(/^nginx: master process/);
    const results = await runLoad({ port: ready.port, requests: 4, concurrency: 1 });
    expect(results.every((r) => r.ok)).toBe(true);

    // Only serve.ts, not its group: nothing of serve.ts's own runs after this.
    process.kill(serve.pid, 'SIGKILL');
    expect(await serve.waitForExit()).toEqual({ code: null, signal: 'SIGKILL' });
    await everyProcessGone(ready, 'nginx and every host to end after serve.ts was SIGKILLed');
  }, 180_000);

  it('--app socketio --sticky --balance ip_hash: socket.io sessions through serve.ts complete; SIGTERM ends every process', async () => {
    const { serve, ready } = await startServe(
      harness,
      ['--hosts', '2', '--workers', '2', '--app', 'socketio', '--sticky', '--balance', 'ip_hash'],
      RUN_ID,
    );
    const sessions = await countSessions(ready.port, { clients: 4, rounds: 3 });
    // @socket.io/sticky's known race may cost a session (socketio-sessions.test.ts counts it)
    expect(sessions.completed, JSON.stringify(sessions.failures)).toBeGreaterThanOrEqual(3);
    for (const pid of sessions.sessionsPerWorker.keys()) expect(ready.workerPids).toContain(pid);
    serve.kill('SIGTERM');
    expect(await serve.waitForExit({ timeout: 30_000 })).toEqual({ code: 0, signal: null });
    await everyProcessGone(ready, 'every socket.io host and nginx process to be gone');
  }, 180_000);
});
