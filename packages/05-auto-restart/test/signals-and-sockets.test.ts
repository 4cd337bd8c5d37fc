/**
 * Signals on Linux, and who accepts connections when the primary keeps the socket.
 */
import { constants } from 'node:os';
import { freshConnections, tally } from '@cluster-from-scratch/kit/http-load';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { startServe } from './support/serve.ts';

const harness = useHarness();

describe('signals', () => {
  it('a4-17 (loose): the kill -l table is macOS’s; Linux numbers its signals differently', () => {
    const { signals } = constants;
    expect({
      SIGHUP: signals.SIGHUP,
      SIGINT: signals.SIGINT,
      SIGKILL: signals.SIGKILL,
      SIGBUS: signals.SIGBUS,
      SIGUSR1: signals.SIGUSR1,
      SIGUSR2: signals.SIGUSR2,
      SIGTERM: signals.SIGTERM,
      SIGCHLD: signals.SIGCHLD,
      SIGSYS: signals.SIGSYS,
    }).toEqual({
      SIGHUP: 1,
      SIGINT: 2,
      SIGKILL: 9,
      SIGBUS: 7, // the article's table: 10
      SIGUSR1: 10, // 30
      SIGUSR2: 12, // 31
      SIGTERM: 15,
      SIGCHLD: 17, // 20
      SIGSYS: 31, // 12
    });
    expect('SIGEMT' in signals).toBe(false);
    expect('SIGINFO' in signals).toBe(false);
  });

  it('a4-18: a process can handle SIGTERM, but asking to handle SIGKILL throws EINVAL', () => {
    const handler = () => undefined;
    expect(() => process.on('SIGKILL', handler)).toThrow(/EINVAL/);
    process.off('SIGKILL', handler);
    // SIGTERM handling is shown end to end by the graceful-shutdown tests in orphans.test.ts.
    process.on('SIGTERM', handler);
    expect(process.listeners('SIGTERM')).toContain(handler);
    process.off('SIGTERM', handler);
  });
});

describe('who accepts', () => {
  it('a4-20: a primary that keeps a listening server open to restart workers accepts connections itself', async () => {
    const naive = harness.start(new URL('./fixtures/naive-primary.ts', import.meta.url));
    const { port, primaryPid, workerPid } = await naive.waitForMessage<{
      port: number;
      primaryPid: number;
      workerPid: number;
    }>(undefined, { what: 'the naive primary and its worker to be ready' });
    const { workers, failed } = tally(
      await freshConnections({ port, requests: 60, concurrency: 2 }),
    );
    expect(failed).toBe(0);
    // Both processes poll the socket; the idle primary wins some of the connections.
    expect(workers.find((w) => w.pid === primaryPid)?.requests ?? 0).toBeGreaterThan(0);
    expect(workers.find((w) => w.pid === workerPid)?.requests ?? 0).toBeGreaterThan(0);
  });

  it('a4-20 fixed: our primary binds but never listens, so only workers ever accept', async () => {
    const { started } = await startServe(harness, ['--workers', '2']);
    const { workers, failed } = tally(
      await freshConnections({ port: started.port, requests: 60, concurrency: 2 }),
    );
    expect(failed).toBe(0);
    expect(workers.map((w) => w.pid)).not.toContain(started.primaryPid);
    for (const w of workers) expect(started.workerPids).toContain(w.pid);
  });
});
