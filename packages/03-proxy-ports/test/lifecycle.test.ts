/**
 * Starting and stopping: clean shutdown on a signal, and clear errors for bad input.
 */
import { isAlive, listeningInodes } from '@cluster-from-scratch/kit/platform';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { fixture, openIdle, serveScript, startServe, stats } from './support.ts';

describe('lifecycle', () => {
  const harness = useHarness();

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s closes the public port, ends every worker and exits 0',
    async (signal) => {
      const { primary, ready } = await startServe(harness, ['--workers', '2']);
      const { workers } = await stats(primary);
      const [client] = await openIdle(ready.port, 1);
      const clientClosed = new Promise((resolve) => client?.once('close', resolve));
      client?.on('error', () => {});
      primary.kill(signal);
      expect(await primary.waitForExit()).toEqual({ code: 0, signal: null });
      // The primary waited for its workers' exit before exiting itself: they are gone now.
      for (const pid of ready.workerPids) expect(isAlive(pid)).toBe(false);
      expect(harness.markedPids()).toEqual([]);
      expect(listeningInodes(ready.port)).toEqual([]);
      for (const w of workers) expect(listeningInodes(w.port)).toEqual([]);
      await clientClosed; // the open client connection was closed, not left hanging
    },
  );

  it('a worker that never reports its port: startup fails after the timeout with a clear error, and nothing is left running', async () => {
    const primary = harness.start(serveScript, {
      args: [
        '--quiet',
        '--workers',
        '2',
        '--startup-timeout',
        '1500',
        '--worker-script',
        fixture('silent-worker.ts').pathname,
      ],
    });
    const error = await primary.waitForMessage<{ type: 'error'; code: string; message: string }>(
      (m) => (m as { type: string }).type === 'error',
      { what: 'the startup error' },
    );
    expect(error.code).toBe('ERR_WORKER_START');
    expect(error.message).toMatch(
      /^worker [12] \(pid \d+\) did not report its port within 1500 ms$/,
    );
    expect(await primary.waitForExit()).toEqual({ code: 1, signal: null });
    // The reason reaches stderr in the reader's language's words around it; the reason itself
    // is the error's message, the same in every language.
    expect(primary.stderr).toContain(error.message);
    // Both silent workers were ended before the primary gave up: nothing it started is left.
    const reported = Number(/pid (\d+)/.exec(error.message)?.[1]);
    expect(isAlive(reported)).toBe(false);
    expect(harness.markedPids()).toEqual([]);
  });

  it('a worker that exits before it listens: startup fails naming the worker and its exit code', async () => {
    const primary = harness.start(serveScript, {
      args: ['--quiet', '--workers', '1', '--worker-script', fixture('crash-worker.ts').pathname],
    });
    const error = await primary.waitForMessage<{ type: 'error'; message: string }>(
      (m) => (m as { type: string }).type === 'error',
      { what: 'the startup error' },
    );
    expect(error.message).toMatch(
      /^worker 1 \(pid \d+\) exited \(code 3, signal null\) before reporting its port$/,
    );
    expect(await primary.waitForExit()).toEqual({ code: 1, signal: null });
    expect(harness.markedPids()).toEqual([]);
  });

  it('a bad --workers value is refused with a usage line (exit code 2)', async () => {
    const primary = harness.start(serveScript, { args: ['--workers', 'zero'] });
    expect(await primary.waitForExit()).toEqual({ code: 2, signal: null });
    expect(primary.stderr).toMatch(/--workers must be a whole number ≥ 1, got 'zero'/);
    expect(primary.stderr).toMatch(/usage: serve\.ts --workers N/);
  });
});
