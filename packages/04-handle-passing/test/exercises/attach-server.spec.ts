/**
 * Exercise 04.1: attach the received server handle to an http server.
 * Workers built with the exercise's attachServer must answer every request on the shared port.
 */
import { freshConnections, tally } from '@cluster-from-scratch/kit/http-load';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { fixture, startServer } from '../helpers.ts';

describe('exercise 04.1: attachServer', () => {
  const harness = useHarness();

  it('workers that received the listening server answer HTTP on it', async () => {
    const { report } = await startServer(harness, fixture('primary.ts'), [
      '--workers',
      '2',
      '--worker-script',
      new URL('../fixtures/exercise-attach-worker.ts', import.meta.url).pathname,
    ]);
    const results = await freshConnections({ port: report.port, requests: 10, concurrency: 2 });
    const { workers, failed } = tally(results);
    expect(failed).toBe(0);
    for (const w of workers) expect(report.workerPids).toContain(w.pid);
  });
});
