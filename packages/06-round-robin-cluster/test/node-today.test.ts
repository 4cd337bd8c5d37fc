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
    skip(process.platform !== 'linux', 'needs Linux: threads are listed in /proc/self/task');
    // The worker says who it is: its thread id, its process, and its kernel task (thread) from
    // /proc/thread-self. It stays alive (listening on its port) until terminated, so its task
    // can be looked up. Counting /proc/self/task before and after would not do: Node starts and
    // ends helper threads of its own at any moment.
    const worker = new Worker(
      `const { parentPort, threadId } = require('node:worker_threads');
       const task = require('node:fs').readlinkSync('/proc/thread-self');
       parentPort.on('message', () => {});
       parentPort.postMessage({ threadId, pid: process.pid, task });`,
      { eval: true },
    );
    try {
      const [said] = await waitForEvent<[{ threadId: number; pid: number; task: string }]>(
        worker,
        'message',
        { what: 'the worker thread to say who it is' },
      );
      expect(said.threadId).toBeGreaterThan(0); // the main thread is 0
      expect(said.pid).toBe(process.pid); // one process …
      const [pid, , tid] = said.task.split('/'); // "<pid>/task/<tid>"
      expect(Number(pid)).toBe(process.pid);
      expect(Number(tid)).not.toBe(process.pid); // … and another thread: the main one's tid is the pid
      expect(readdirSync('/proc/self/task')).toContain(tid);
    } finally {
      await worker.terminate();
    }
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
