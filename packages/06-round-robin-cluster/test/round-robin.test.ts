/**
 * Differential: round robin (SCHED_RR) — who listens, who accepts, who gets each connection —
 * on node:cluster and on the clone. One fixture run per implementation (fixtures/rr.ts).
 */
import { nodeHas } from '@cluster-from-scratch/kit/node-lines';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRuns, impls, type Report } from './differential.ts';

const harness = useHarness();
const report = fixtureRuns(harness, 'rr');

const count = (list: (number | null)[], pid: number) => list.filter((p) => p === pid).length;

describe.each(impls)('round robin on %s', (impl) => {
  let r: Report;
  let w1: number;
  let w2: number;
  beforeAll(() => {
    r = report(impl);
    [w1, w2] = r.pids;
  });

  it('a1-46, a2-05, a1-53, a2-04: only the primary holds the LISTEN socket; workers hold none', () => {
    expect(r.inodes).toHaveLength(1);
    expect(r.holders).toEqual([true, false, false]); // primary, w1, w2
  });

  it("a1-47: the fake handle's ref()/unref() keep the worker alive with a timer (no longer no-ops)", () => {
    for (const said of r.said) {
      const [listening, afterUnref, afterRef] = said.timeouts;
      expect(afterUnref).toBe(listening - 1);
      expect(afterRef).toBe(listening);
    }
  });

  it("port 0: both workers' server.address() is the primary's socket (same port)", () => {
    for (const said of r.said) {
      expect(said.address).toEqual({ address: '::', family: 'IPv6', port: r.port });
    }
  });

  it('a1-33, a2-11, a4-27: one port, requests served by both workers, in strict alternation', () => {
    const served = r.sequential as number[];
    expect(new Set(served)).toEqual(new Set([w1, w2]));
    for (let i = 1; i < served.length; i++) expect(served[i]).not.toBe(served[i - 1]);
    expect(count(served, w1)).toBe(6);
  });

  it('a1-59: responses carry the pid of the worker that served them, never the primary', () => {
    expect(r.sequential).not.toContain(r.primaryPid);
  });

  it('a1-55: with 6 connections open, the primary holds none of them (it closed its copies)', () => {
    expect(r.heldSides.primary).toBe(0);
    expect(r.heldSides.workers[0] + r.heldSides.workers[1]).toBe(6);
  });

  it('a1-54, a2-14: a worker that cannot ack (stopped) is skipped; none of the 6 is lost', () => {
    expect(r.whileStopped).not.toContain(null);
    expect(count(r.whileStopped, w1)).toBeLessThanOrEqual(1);
    expect(count(r.whileStopped, w2)).toBeGreaterThanOrEqual(5);
  });

  it('a2-15: a slow (but asynchronous) worker still gets its turn: RR does not look at load', () => {
    expect(r.slow).not.toContain(null);
    // One connection at a time: strict alternation, although w1 answers each after 1.5 s and
    // already has requests waiting for their answer when it is handed the next connection.
    const to = r.slowArrivals.map((a: Report) => a.pid);
    for (let i = 1; i < to.length; i++) expect(to[i]).not.toBe(to[i - 1]);
    const w1Waiting = r.slowArrivals
      .filter((a: Report) => a.pid === w1)
      .map((a: Report) => a.unanswered);
    expect(Math.max(...w1Waiting)).toBeGreaterThan(0);
    expect(count(r.slow, w1)).toBe(6);
    expect(count(r.slow, w2)).toBe(6);
  });

  it('a1-58: a worker at maxConnections declines; the primary passes the connection on', () => {
    expect(count(r.limitedServedBy, w1)).toBe(1);
    expect(count(r.limitedServedBy, w2)).toBe(5);
  });

  it(`maxConnections 0: ${nodeHas('maxConnectionsZeroCounts') ? 'from Node 21 a limit like any other: the worker declines every connection' : 'Node 20 takes 0 as no limit: the worker keeps its turn'}`, () => {
    if (nodeHas('maxConnectionsZeroCounts')) expect(r.zeroLimit).toEqual([w2, w2, w2, w2]);
    else expect(count(r.zeroLimit, w1)).toBe(2);
  });

  it('server.close() in a worker tells the primary; when the last closes, the port is released', () => {
    expect(r.afterClose).toEqual([w2, w2, w2, w2]);
    expect(r.released).toBe(true);
    expect(r.aliveAfterClose).toEqual([true, true]); // closing a server does not end the worker
  });
});
