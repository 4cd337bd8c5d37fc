/**
 * N threads, one port. With reusePort (22.12+ / 23.1+) every thread listens on the port
 * itself; on a line without it the option is ignored and the second thread gets EADDRINUSE.
 * The main-thread proxy (stage 03's pieces) works on every line.
 */
import { freshConnections, tally, workerLabel } from '@cluster-from-scratch/kit/http-load';
import { nodeHas } from '@cluster-from-scratch/kit/node-lines';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { startServe, waitEvent } from './support.ts';

const harness = useHarness();

describe('worker threads on one port', () => {
  it.runIf(nodeHas('reusePort'))(
    `reusePort: 3 threads listen on one port and serve, one pid, named <pid>.<threadId> (${process.version})`,
    async () => {
      const { child, ready } = await startServe(harness, [
        '--workers',
        '3',
        '--strategy',
        'reuseport',
      ]);
      expect(ready.primaryPid).toBe(child.pid);
      expect(ready.workerPids).toEqual([child.pid, child.pid, child.pid]);
      expect(ready.workerIds).toHaveLength(3);
      expect(new Set(ready.workerIds).size).toBe(3);
      for (const id of ready.workerIds) expect(id).toMatch(new RegExp(`^${child.pid}\\.\\d+$`));
      const listening = child.messages.filter(
        (m) => (m as { event?: string }).event === 'listening',
      ) as { port: number }[];
      expect(listening.map((l) => l.port)).toEqual([ready.port, ready.port, ready.port]);

      const { workers, failed } = tally(
        await freshConnections({ port: ready.port, requests: 90, concurrency: 4 }),
      );
      expect(failed).toBe(0);
      expect(workers.every((w) => w.pid === child.pid)).toBe(true);
      // The kernel hashes each connection to one socket: usually all three serve, but the
      // split is the kernel's, so the test only asks that each name is one of the threads.
      for (const w of workers) expect(ready.workerIds).toContain(workerLabel(w));
    },
  );

  it.runIf(!nodeHas('reusePort'))(
    `no reusePort on this line: the second thread gets EADDRINUSE and serve.ts exits 1 (${process.version})`,
    async () => {
      const child = harness.start(new URL('../src/serve.ts', import.meta.url), {
        args: ['--workers', '2', '--strategy', 'reuseport', '--quiet'],
      });
      const error = await waitEvent(child, 'listen-error');
      expect(error).toMatchObject({ id: 2, code: 'EADDRINUSE' });
      expect(await child.waitForExit()).toEqual({ code: 1, signal: null });
    },
  );

  it('proxy: threads on ports of their own behind the main thread, in turn, on every line', async () => {
    const { child, ready } = await startServe(harness, ['--workers', '2', '--strategy', 'proxy']);
    const ports = child.messages
      .filter((m) => (m as { event?: string }).event === 'listening')
      .map((m) => (m as { port: number }).port);
    expect(ports).toHaveLength(2);
    expect(ports).not.toContain(ready.port);
    const { workers, failed } = tally(
      await freshConnections({ port: ready.port, requests: 40, concurrency: 2 }),
    );
    expect(failed).toBe(0);
    expect(workers.map(workerLabel).sort()).toEqual([...ready.workerIds].sort());
    // Stage 03's rotation: one connection each in turn.
    expect(workers.map((w) => w.requests)).toEqual([20, 20]);
  });
});
