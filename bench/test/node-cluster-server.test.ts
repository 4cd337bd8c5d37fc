/**
 * bench/src/servers/node-cluster.ts --policy reuseport: node:cluster whose workers listen with
 * reusePort themselves. On a Node line with reusePort every worker holds a listening socket of
 * its own on the one reported port and the primary holds none; on a line without it the option
 * would be ignored (the workers would quietly share the primary's handle), so the program
 * refuses with the Node it needs.
 */
import { fileURLToPath } from 'node:url';
import { freshConnections, tally } from '@cluster-from-scratch/kit/http-load';
import { nodeHas, nodeSince } from '@cluster-from-scratch/kit/node-lines';
import { isAlive, listeningInodes, socketInodes } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';

const harness = useHarness();
const program = fileURLToPath(new URL('../src/servers/node-cluster.ts', import.meta.url));

interface Ready {
  port: number;
  primaryPid: number;
  workerPids: number[];
}

describe('node-cluster.ts --policy reuseport', () => {
  it('gives every worker a listening socket of its own on one port, or says which Node it needs', async () => {
    const server = harness.start(program, {
      args: ['--workers', '3', '--policy', 'reuseport', '--quiet'],
    });
    if (!nodeHas('reusePort')) {
      expect(await server.waitForExit({ what: 'the refusal', timeout: 30_000 })).toEqual({
        code: 2,
        signal: null,
      });
      expect(server.stderr).toContain(`needs Node ${nodeSince('reusePort')}`);
      return;
    }
    const ready = await server.waitForMessage<Ready>((m) => typeof (m as Ready).port === 'number', {
      what: 'the ready report',
      timeout: 30_000,
    });
    expect(ready.workerPids).toHaveLength(3);
    const inodes = listeningInodes(ready.port);
    const own = (pid: number) => socketInodes(pid).filter((i) => inodes.includes(i));
    expect(own(ready.primaryPid)).toEqual([]);
    const perWorker = ready.workerPids.map(own);
    for (const sockets of perWorker) expect(sockets).toHaveLength(1);
    expect(new Set(perWorker.flat()).size).toBe(3);

    const load = tally(await freshConnections({ port: ready.port, requests: 30, concurrency: 2 }));
    expect(load.failed).toBe(0);
    for (const w of load.workers) expect(ready.workerPids).toContain(w.pid);

    server.kill('SIGTERM');
    expect(await server.waitForExit()).toEqual({ code: 0, signal: null });
    await pollUntil(() => ready.workerPids.every((pid) => !isAlive(pid)), {
      what: 'every worker to be gone',
    });
  });
});
