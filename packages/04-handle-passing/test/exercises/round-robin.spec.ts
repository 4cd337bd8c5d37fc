/**
 * Exercise 04.2: hand each accepted socket to the next worker in turn.
 * RoundRobin.next() decides who gets the next connection in per-connection mode.
 */
import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { freshConnections } from '@cluster-from-scratch/kit/http-load';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import * as starter from '../../exercises/round-robin.ts';
import * as solution from '../../src/round-robin.ts';
import { countBy, fixture, startServer } from '../helpers.ts';

const { RoundRobin } = pickTarget({ starter, solution });

describe('exercise 04.2: RoundRobin.next', () => {
  const harness = useHarness();

  it('takes turns, wraps round, and skips a removed item', () => {
    const rr = new RoundRobin<string>();
    expect(rr.next()).toBeUndefined();
    for (const w of ['a', 'b', 'c']) rr.add(w);
    expect([rr.next(), rr.next(), rr.next(), rr.next()]).toEqual(['a', 'b', 'c', 'a']);
    rr.remove('b');
    expect([rr.next(), rr.next(), rr.next()]).toEqual(['c', 'a', 'c']);
  });

  it('per-connection passing with it gives every worker an equal share', async () => {
    const { report } = await startServer(harness, fixture('primary.ts'), [
      '--mode',
      'per-connection',
      '--scheduler',
      'exercise',
      '--workers',
      '3',
    ]);
    const results = await freshConnections({ port: report.port, requests: 12, concurrency: 3 });
    expect(results.every((r) => r.ok)).toBe(true);
    const counts = countBy(
      results.map((r) => r.servedBy),
      report.workerPids,
    );
    expect([...counts.values()]).toEqual([4, 4, 4]);
  });
});
