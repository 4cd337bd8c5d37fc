/**
 * The clone's scheduling hook — BEYOND node:cluster, which has no such thing (nodejs/node#22946
 * and #18315 were closed; a pluggable scheduler was suggested). Runs fixtures/schedule.ts on the
 * clone, one mode per run, and the socket.io demo with NODE_CLUSTER_SCHED_POLICY=iphash.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { DEMO, demoArgs, programRuns } from './run.ts';

const harness = useHarness();
const fixture = 'test/sticky/fixtures/schedule.ts';
const report = programRuns(harness, [
  {
    key: 'iphash',
    program: fixture,
    impl: 'clone',
    args: ['iphash'],
    env: { NODE_CLUSTER_SCHED_POLICY: 'iphash' },
  },
  {
    key: 'leastconn',
    program: fixture,
    impl: 'clone',
    args: ['leastconn'],
    env: { NODE_CLUSTER_SCHED_POLICY: 'leastconn' },
  },
  { key: 'custom', program: fixture, impl: 'clone', args: ['custom'] },
  {
    key: 'iphash on node',
    program: fixture,
    impl: 'node',
    args: ['iphash'],
    env: { NODE_CLUSTER_SCHED_POLICY: 'iphash' },
  },
  ...[8, 0].map((sources) => ({
    key: `socket.io iphash, ${sources} sources`,
    program: DEMO,
    impl: 'clone' as const,
    args: demoArgs('plain', { clients: 12, sources }),
    env: { NODE_CLUSTER_SCHED_POLICY: 'iphash' },
  })),
]);

describe('address hash (NODE_CLUSTER_SCHED_POLICY=iphash, cluster.SCHED_IPHASH)', () => {
  it('is policy 4 on the clone; node:cluster does not know the value and stays round robin (2)', () => {
    expect(report('iphash').policy).toBe(4);
    expect(report('iphash on node').policy).toBe(2);
  });

  it('keeps every connection from one client address on one worker', () => {
    const perAddress = report('iphash').perAddress as Record<string, number[]>;
    expect(Object.keys(perAddress)).toHaveLength(8);
    for (const pids of Object.values(perAddress)) expect(new Set(pids).size).toBe(1);
  });

  it('spreads many addresses over the workers', () => {
    const perAddress = report('iphash').perAddress as Record<string, number[]>;
    const used = new Set(Object.values(perAddress).map((pids) => pids[0]));
    expect(used.size).toBeGreaterThan(1);
  });

  it('degenerates when every client comes from one address: one worker gets them all', () => {
    expect(new Set(report('iphash').oneAddress).size).toBe(1);
    // while round robin (node:cluster, the value ignored) deals the same 12 out to all three
    expect(new Set(report('iphash on node').oneAddress).size).toBe(3);
  });

  it('socket.io polling sessions all complete on the clone, spread over both workers', () => {
    const r = report('socket.io iphash, 8 sources');
    expect(r.completed).toBe(12);
    expect(r.mixed).toBe(0);
    expect(Object.keys(r.sessionsPerWorker)).toHaveLength(2);
  });

  it('…and complete from one address too, all on one worker (the other idles)', () => {
    const r = report('socket.io iphash, 0 sources');
    expect(r.completed).toBe(12);
    expect(Object.keys(r.sessionsPerWorker)).toHaveLength(1);
  });
});

describe('least connections (NODE_CLUSTER_SCHED_POLICY=leastconn, cluster.SCHED_LEASTCONN)', () => {
  it('is policy 5, and evens out open connections: 6 held → 2 per worker', () => {
    const r = report('leastconn');
    expect(r.policy).toBe(5);
    const first = r.first as number[];
    for (const pid of r.workerPids) expect(first.filter((p) => p === pid)).toHaveLength(2);
  });

  it('sends new connections to the worker whose connections closed (the primary was told)', () => {
    const r = report('leastconn');
    // worker A lost both, worker B one: the 3 new ones go A, A, B (never to the third)
    expect(r.refill.filter((p: number) => p === r.emptied)).toHaveLength(2);
    expect(Object.values(r.openAfter)).toEqual([2, 2, 2]);
  });
});

describe('setupPrimary({ schedule }): a schedule of your own', () => {
  it('chooses the worker for every connection', () => {
    const r = report('custom');
    const last = r.workerPids[r.workerPids.length - 1];
    expect(r.first).toEqual(Array(6).fill(last));
  });

  it('one that is not a function is a TypeError at setupPrimary(), and loses nothing', () => {
    expect(report('custom').badSchedule).toMatch(/^TypeError: .*schedule must be a function/);
  });
});
