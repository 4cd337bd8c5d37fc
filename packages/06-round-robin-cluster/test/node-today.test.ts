/**
 * Claims of stage 06 about Node itself rather than about cluster: what Node 20 does today.
 * No child processes here (a worker thread is not a process).
 */
import { readdirSync } from 'node:fs';
import { Server as HttpServer } from 'node:http';
import { Server as NetServer } from 'node:net';
import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { waitForEvent } from '@cluster-from-scratch/kit/timeout';
import { describe, expect, it } from 'vitest';

describe('Node 20, around cluster', () => {
  it('a1-02, a5-01: one process is not one thread: a worker_threads Worker runs JS on another', async ({
    skip,
  }) => {
    skip(process.platform !== 'linux', 'needs Linux: threads are counted in /proc/self/task');
    const threadsBefore = readdirSync('/proc/self/task').length;
    const worker = new Worker(
      'const { parentPort, threadId } = require("node:worker_threads"); parentPort.postMessage(threadId);',
      { eval: true },
    );
    const [threadId] = await waitForEvent<[number]>(worker, 'message', { what: 'the thread id' });
    expect(threadId).toBeGreaterThan(0); // the main thread is 0
    expect(readdirSync('/proc/self/task').length).toBeGreaterThan(threadsBefore);
    await worker.terminate();
  });

  it('a1-35, a3-02: os.availableParallelism() (v18.14+) sizes the pool; never more than os.cpus()', () => {
    expect(availableParallelism()).toBeGreaterThanOrEqual(1);
    expect(availableParallelism()).toBeLessThanOrEqual(cpus().length);
  });

  it('a1-40: http.Server inherits from net.Server (so cluster sees every HTTP listen)', () => {
    expect(HttpServer.prototype instanceof NetServer).toBe(true);
  });

  it('a1-44: _listen2 is setupListenHandle, the method that calls _handle.listen()', () => {
    const listen2 = (NetServer.prototype as unknown as { _listen2: () => void })._listen2;
    expect(listen2.name).toBe('setupListenHandle');
  });
});
