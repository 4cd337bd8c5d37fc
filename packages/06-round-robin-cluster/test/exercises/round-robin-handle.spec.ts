/**
 * Exercise 06.1: the free-worker queue of the round-robin handle (distribute / handoff).
 * The whole clone runs with your RoundRobinHandle in its primary.
 */
import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import * as starter from '../../exercises/round-robin-handle.ts';
import * as solution from '../../src/round-robin-handle.ts';
import type { Report } from '../differential.ts';
import { runExercise } from './run-fixture.ts';

const harness = useHarness();
const { RoundRobinHandle } = pickTarget({ starter, solution });

describe('06.1 RoundRobinHandle: distribute and handoff', () => {
  let r: Report;
  beforeAll(async () => {
    r = await runExercise(harness, 'round-robin-handle.ts');
  }, 90_000);

  it('keeps the methods the primary calls', () => {
    for (const name of ['add', 'remove', 'distribute', 'handoff'] as const) {
      expect(typeof RoundRobinHandle.prototype[name]).toBe('function');
    }
  });

  it('deals sequential connections out in turn: w1, w2, w1, w2 …', () => {
    const served = r.fromA as number[];
    expect(new Set(served)).toEqual(new Set(r.pids));
    for (let i = 1; i < served.length; i++) expect(served[i]).not.toBe(served[i - 1]);
  });

  it('skips a worker that has not acked (stopped), and loses no connection', () => {
    expect(r.whileStopped).not.toContain(null);
    expect(r.whileStopped.filter((pid: number) => pid === r.pids[0]).length).toBeLessThanOrEqual(1);
  });

  it('passes on a connection a worker declines (maxConnections)', () => {
    expect(r.limitedServedBy.filter((pid: number) => pid === r.pids[0])).toHaveLength(1);
    expect(r.limitedServedBy.filter((pid: number) => pid === r.pids[1])).toHaveLength(3);
  });
});
