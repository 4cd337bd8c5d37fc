/**
 * What the proxy costs in descriptors, read from /proc/<pid>/fd, and proof that a client
 * leaving (even in the middle of a request) takes its upstream socket with it.
 */
import { tcpSocketCount } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { openIdle, startServe } from './support.ts';

const N = 20;

describe('descriptor cost of the proxy', () => {
  const harness = useHarness();

  it('a1-24 / a3-10 / a4-10: N idle clients cost the primary 2N TCP sockets and the workers N; a client leaving mid-request leaks no upstream', async () => {
    const { ready } = await startServe(harness, ['--workers', '2']);
    const count = () => ({
      primary: tcpSocketCount(ready.primaryPid),
      workers: ready.workerPids.map(tcpSocketCount),
    });
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    // Idle: one listening socket each (the public port; each worker's own port).
    const idle = count();
    expect(idle).toEqual({ primary: 1, workers: [1, 1] });

    const clients = await openIdle(ready.port, N);
    // The kernel's count settles once the primary has connected every upstream.
    const held = await pollUntil(
      () => {
        const c = count();
        return c.primary === 1 + 2 * N && sum(c.workers) === 2 + N ? c : false;
      },
      { what: `the primary to hold ${2 * N} proxied sockets and the workers ${N}` },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last count ${JSON.stringify(count())}`);
    });
    expect(held.primary - idle.primary).toBe(2 * N); // one towards the client, one towards a worker
    expect(held.workers.map((w) => w - 1)).toEqual([N / 2, N / 2]); // round robin: 10 each

    // Leave in three ways: a quiet close, a close in the middle of a request, a reset.
    clients.forEach((socket, i) => {
      if (i % 3 === 0) socket.end();
      else if (i % 3 === 1) {
        socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // headers never finished
        socket.end();
      } else socket.resetAndDestroy();
    });
    await pollUntil(
      () => {
        const c = count();
        return c.primary === 1 && sum(c.workers) === 2;
      },
      { what: 'every proxied socket to be closed in the primary and the workers' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last count ${JSON.stringify(count())}`);
    });
  });
});
