/**
 * Exercise 04.4: bring every worker of mode 'reuse-port' onto ONE port, port 0 included.
 * From Node 22.12 each worker then holds its own socket on the reported port and answers on
 * it; on 20 the second worker's EADDRINUSE must come out, and the mode names the version.
 */
import { freshConnections } from '@cluster-from-scratch/kit/http-load';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { ownListeners } from '../../src/reuse-port-inspect.ts';
import { reusePortSupported } from '../../src/reuse-port-support.ts';
import { fixture, type Report, startServer } from '../helpers.ts';

describe('exercise 04.4: joinOnePort', () => {
  const harness = useHarness();

  it('three workers asked for port 0 end up with a socket each on one port, and all answer on it', async () => {
    const { report } = await startServer(harness, fixture('reuse-port-primary.ts'), [
      '--workers',
      '3',
    ]);
    const r = report as Report & { error?: string };
    if (!reusePortSupported()) {
      expect(r.error).toBe('ReusePortUnsupportedError');
      return;
    }
    expect(r.error).toBeUndefined();
    // Each worker holds exactly one listening socket on the reported port, its own.
    const listeners = ownListeners(r.port, r.workerPids);
    for (const l of listeners) expect(l.inodes).toHaveLength(1);
    expect(new Set(listeners.map((l) => l.inodes[0])).size).toBe(3);
    const results = await freshConnections({ port: r.port, requests: 30, concurrency: 3 });
    expect(results.every((x) => x.ok)).toBe(true);
    for (const x of results) expect(r.workerPids).toContain(x.servedBy);
  });
});
