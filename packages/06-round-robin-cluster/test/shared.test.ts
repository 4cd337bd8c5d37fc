/**
 * Differential: SCHED_NONE — the primary binds, every worker listens on the same socket and
 * the kernel picks who accepts — on node:cluster and on the clone (fixtures/shared.ts).
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRuns, impls, type Report } from './differential.ts';

const harness = useHarness();
const report = fixtureRuns(harness, 'shared');

describe.each(impls)('shared handle (SCHED_NONE) on %s', (impl) => {
  let r: Report;
  beforeAll(() => {
    r = report(impl);
  });

  it('a2-21: schedulingPolicy set before the first fork takes effect (SCHED_NONE = 1)', () => {
    expect(r.policy).toBe(1);
  });

  it('a1-52, a2-08, a2-05: the primary and both workers hold the same LISTEN socket', () => {
    expect(r.inodes).toHaveLength(1);
    expect(r.holders).toEqual([1, 1, 1]); // primary, w1, w2: one inode each, the same one
    for (const said of r.said) expect(said.handleType).toBe('TCP'); // a real socket, no fake
  });

  it('port 0 under SCHED_NONE: both workers get the same port', () => {
    expect(r.listening.map((l: Report) => l.port)).toEqual([r.port, r.port]);
    for (const said of r.said) expect(said.address.port).toBe(r.port);
  });

  it('a2-18: the kernel picks the worker: every request served, only by workers', () => {
    expect(r.served).toHaveLength(20);
    expect(r.served).not.toContain(null);
    for (const pid of r.served) expect(r.pids).toContain(pid);
  });

  it('server.close() in one worker leaves the socket to the other; the last close frees it', () => {
    expect(r.stillListening).toBe(1);
    expect(r.afterOneClosed).toEqual(Array(4).fill(r.pids[1]));
  });
});
