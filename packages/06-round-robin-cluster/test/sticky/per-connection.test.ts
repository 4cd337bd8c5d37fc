/**
 * Stickiness by client address with stage 04's own technique, counted with socket.io sessions:
 * no cluster at all, stage 04's per-connection primary (startPerConnection) hands each accepted
 * connection to a worker chosen by AddressHash or RoundRobin, and each worker serves the demo's
 * socket.io app through stage 04's worker side (startWorker({ app })).
 *
 *   AddressHash, clients from 8 source addresses → every session completes, over both workers
 *   AddressHash, every client from one address   → every session completes, all on one worker
 *   RoundRobin                                    → most sessions fail, as under plain cluster
 *
 * The program is the chapter's demo, demos/sticky-sessions.ts --way per-connection(-by-address).
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { DEMO, demoArgs, programRuns } from './run.ts';

const harness = useHarness();
const CLIENTS = 12;
const args = (way: string, sources: number) => demoArgs(way, { clients: CLIENTS, sources });
const report = programRuns(harness, [
  // impl 'node': no register entry, and none needed: these ways never touch node:cluster
  {
    key: 'by address, 8 sources',
    program: DEMO,
    impl: 'node',
    args: args('per-connection-by-address', 8),
  },
  {
    key: 'by address, 1 source',
    program: DEMO,
    impl: 'node',
    args: args('per-connection-by-address', 1),
  },
  {
    key: 'round robin',
    program: DEMO,
    impl: 'node',
    args: args('per-connection', 8),
  },
]);

describe("socket.io polling sessions through stage 04's per-connection primary", () => {
  it('runs without a cluster: the report says so, and names two stage 04 workers', () => {
    for (const key of ['by address, 8 sources', 'by address, 1 source', 'round robin']) {
      const r = report(key);
      expect(r.clone).toBeNull();
      expect(r.workerPids).toHaveLength(2);
    }
    expect(report('by address, 8 sources').policy).toBe('AddressHash');
    expect(report('round robin').policy).toBe('RoundRobin');
  });

  it('AddressHash, 8 source addresses: every session completes, each on one worker, both used', () => {
    const r = report('by address, 8 sources');
    expect(r.completed).toBe(CLIENTS);
    expect(r.failures).toEqual({});
    expect(r.mixed).toBe(0);
    expect(Object.keys(r.sessionsPerWorker).map(Number).sort()).toEqual([...r.workerPids].sort());
  });

  it('AddressHash, one source address: every session completes, all on one worker', () => {
    const r = report('by address, 1 source');
    expect(r.completed).toBe(CLIENTS);
    expect(r.mixed).toBe(0);
    expect(Object.values(r.sessionsPerWorker)).toEqual([CLIENTS]);
  });

  it('RoundRobin: most sessions fail, the same 8 sources notwithstanding', () => {
    const r = report('round robin');
    expect(r.completed).toBeLessThan(CLIENTS / 2);
    expect(Object.keys(r.failures).length).toBeGreaterThan(0);
  });
});
