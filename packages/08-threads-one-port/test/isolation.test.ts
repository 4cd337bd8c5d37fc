/**
 * What one thread can take down. An uncaught exception, process.exit() and a heap limit end
 * only that thread: the process and the other threads go on, and the supervisor replaces it.
 * process.abort() is refused inside a thread (it would end them all); from the main thread, like
 * a fatal signal, it ends the whole process, every thread with it.
 * Each runs in serve.ts, a child of the harness, never in the vitest worker.
 */
import {
  freshConnectionRequest,
  freshConnections,
  tally,
} from '@cluster-from-scratch/kit/http-load';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { startServe, waitEvent } from './support.ts';

const harness = useHarness();

async function killOne(cmd: object, args: string[] = []) {
  const started = await startServe(harness, ['--workers', '2', ...args]);
  const { child, ready } = started;
  child.send({ ...cmd, id: 1 });
  const exit = await waitEvent(child, 'exit', (e) => e.id === 1);
  const replacement = await waitEvent(child, 'listening', (e) => (e.id ?? 0) > 2);
  // The process lives on and every request is served, by the survivor and the replacement.
  expect(isAlive(child.pid)).toBe(true);
  const { workers, failed } = tally(await freshConnections({ port: ready.port, requests: 20 }));
  expect(failed).toBe(0);
  expect(workers.every((w) => w.pid === child.pid)).toBe(true);
  expect(replacement.name).toMatch(new RegExp(`^${child.pid}\\.`));
  return exit;
}

describe('what a thread can take down', () => {
  it('an uncaught exception ends only that thread (code 1, the error reaches the main thread)', async () => {
    const exit = await killOne({ cmd: 'throw' });
    expect(exit.code).toBe(1);
    expect(exit.error).toMatchObject({
      name: 'Error',
      message: expect.stringMatching(/a bug in thread/),
    });
    expect(exit.asked).toBe(false);
  });

  it('process.exit(7) inside a thread ends only the thread, with code 7 and no error', async () => {
    const exit = await killOne({ cmd: 'exit', code: 7 });
    expect(exit.code).toBe(7);
    expect(exit.error).toBeUndefined();
  });

  it('a heap limit (resourceLimits) ends only that thread with ERR_WORKER_OUT_OF_MEMORY', async () => {
    const exit = await killOne({ cmd: 'grow' }, ['--max-old-mb', '16']);
    expect(exit.code).toBe(1);
    expect(exit.error?.code).toBe('ERR_WORKER_OUT_OF_MEMORY');
  });

  it('process.abort() inside a thread throws ERR_WORKER_UNSUPPORTED_OPERATION: only that thread ends', async () => {
    const exit = await killOne({ cmd: 'abort' });
    expect(exit.code).toBe(1);
    expect(exit.error).toMatchObject({
      name: 'TypeError',
      code: 'ERR_WORKER_UNSUPPORTED_OPERATION',
    });
  });

  it('process.abort() in the main thread ends the whole process (SIGABRT): no thread answers', async () => {
    const { child, ready } = await startServe(harness, ['--workers', '2']);
    child.send({ cmd: 'abort-process' });
    expect(await child.waitForExit()).toEqual({ code: null, signal: 'SIGABRT' });
    expect((await freshConnectionRequest(ready.port)).error).toBe('ECONNREFUSED');
  });

  for (const signal of ['SIGKILL', 'SIGSEGV'] as const) {
    it(`${signal} to the process ends every thread with it`, async () => {
      const { child, ready } = await startServe(harness, ['--workers', '2']);
      process.kill(child.pid, signal);
      expect(await child.waitForExit()).toEqual({ code: null, signal });
      expect((await freshConnectionRequest(ready.port)).error).toBe('ECONNREFUSED');
    });
  }
});
